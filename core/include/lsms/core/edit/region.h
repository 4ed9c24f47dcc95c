#pragma once
// Index boxes: tools work inside a segment's bounding box, not the whole volume.
#include "lsms/core/volume.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace lsms::edit {

struct Box {
    std::array<std::size_t, 3> lo{0, 0, 0};
    std::array<std::size_t, 3> hi{0, 0, 0};  // exclusive
    bool empty() const { return hi[0] <= lo[0] || hi[1] <= lo[1] || hi[2] <= lo[2]; }
    std::size_t extent(int a) const { return hi[a] - lo[a]; }
    std::size_t voxels() const { return empty() ? 0 : extent(0) * extent(1) * extent(2); }
};

// Smallest box holding every voxel of `label`; empty if there is none.
Box boundingBox(const LabelVolume& labels, std::uint16_t label);
// The box grown by `margin[a]` voxels along each axis, clipped to the volume.
Box grown(const Box& box, const std::array<std::size_t, 3>& margin, const Geometry& g);

}  // namespace lsms::edit
