#pragma once
// Size and density of one segment, as a radiologist reports a lesion.
#include "lsms/core/volume.h"

#include <array>
#include <cstdint>

namespace lsms::edit {

struct SegmentMeasurements {
    std::size_t voxels = 0;
    double volumeMl = 0;
    // RECIST-style, on the axial slice (constant k) where the segment is widest:
    // the longest distance between centres of the segment's pixels, and the
    // longest chord of their convex hull perpendicular to it. 0 if empty.
    double longestAxialDiameterMm = 0;
    double perpendicularDiameterMm = 0;
    std::size_t diameterSlice = 0;
    // End points of the long axis, continuous voxel indices (for drawing).
    std::array<Vec3, 2> longAxis{};
    std::array<Vec3, 2> shortAxis{};
    // Over the segment's voxels; set only when a CT volume was given.
    bool hasHu = false;
    double huMean = 0;
    double huSd = 0;  // population standard deviation
};

// Throws lsms::InputError if `ct` is given and not on the label grid.
SegmentMeasurements measureSegment(const LabelVolume& labels, std::uint16_t label, const CtVolume* ct = nullptr);

}  // namespace lsms::edit
