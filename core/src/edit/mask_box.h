#pragma once
// A binary mask over a Box of the label volume: the working buffer of the
// region tools (islands, morphology, interpolation), so they cost the
// segment's extent, not the volume's.
#include "lsms/core/edit/edit.h"
#include "lsms/core/edit/region.h"

#include <cstdint>
#include <vector>

namespace lsms::edit::detail {

struct MaskBox {
    Box box;
    std::vector<std::uint8_t> m;  // 1 inside, x fastest

    std::size_t nx() const { return box.extent(0); }
    std::size_t ny() const { return box.extent(1); }
    std::size_t nz() const { return box.extent(2); }
    std::size_t local(std::size_t i, std::size_t j, std::size_t k) const { return i + nx() * (j + ny() * k); }
    // Linear index in the label volume of local voxel n.
    std::size_t global(std::size_t n, const Geometry& g) const {
        const std::size_t i = n % nx(), j = (n / nx()) % ny(), k = n / (nx() * ny());
        return (box.lo[0] + i) + g.size[0] * ((box.lo[1] + j) + g.size[1] * (box.lo[2] + k));
    }
};

// Voxels of `label` inside `box`.
MaskBox extractMask(const LabelVolume& labels, std::uint16_t label, const Box& box);

// Writes `result` back for `label`: voxels leaving the mask become background,
// voxels entering it are painted only where the label volume is background
// (region tools never take voxels from other segments). Returns voxels changed.
std::size_t writeMask(Edit& edit, std::uint16_t label, const MaskBox& result);

// Squared Euclidean distance in mm^2 from each voxel to the nearest voxel with
// feature[n] != 0 (exact, separable; Felzenszwalb & Huttenlocher 2012).
// Voxels beyond the box are not features. No features: all +infinity.
std::vector<float> squaredDistance(const std::vector<std::uint8_t>& feature, std::array<std::size_t, 3> dims,
                                   const Vec3& spacing);

}  // namespace lsms::edit::detail
