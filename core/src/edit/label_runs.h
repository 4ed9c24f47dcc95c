#pragma once
// Connected components of one label as runs: each row of the label's
// bounding box is cut into runs of consecutive voxels, and runs that touch
// across neighbouring rows are joined (union-find). The work and the memory
// grow with the number of runs, not of voxels: a segment filling a
// 512x512x300 volume is a few hundred thousand runs, not 78 million ids.
#include "lsms/core/edit/islands.h"
#include "lsms/core/edit/region.h"
#include "lsms/core/volume.h"

#include <cstdint>
#include <vector>

namespace lsms::edit::detail {

struct LabelRuns {
    struct Run {
        std::uint32_t i0, i1;  // voxels [i0, i1) of the row, volume x indices
    };
    Box box;
    std::vector<Run> runs;               // raster order: by slice, then row, then x
    std::vector<std::uint32_t> rowStart;  // box row r = j + ny*k (box-relative) holds runs [rowStart[r], rowStart[r+1])
    std::vector<std::uint32_t> component;  // per run: 1..; numbered by each component's first voxel in raster order
    std::vector<std::size_t> size;        // voxels of component c at size[c - 1]
    std::vector<std::uint32_t> order;     // component numbers, largest first (ties: raster order)

    // Linear index in the label volume of the first voxel of run `n`, whose row is `row`.
    std::size_t first(std::size_t row, std::size_t n, const Geometry& g) const {
        const std::size_t ny = box.extent(1);
        const std::size_t j = box.lo[1] + row % ny, k = box.lo[2] + row / ny;
        return runs[n].i0 + g.size[0] * (j + g.size[1] * k);
    }
};

LabelRuns labelRuns(const LabelVolume& labels, std::uint16_t label, Connectivity c);

}  // namespace lsms::edit::detail
