#pragma once
// Size and density of one segment, as a radiologist reports a lesion.
#include "lsms/core/volume.h"

#include <array>
#include <cstdint>

namespace lsms::edit {

// What the RECIST axes were measured on.
enum class AxisOutline {
    None,      // an empty segment
    Smoothed,  // the outline of the mask opened by 2 x 2 pixels and smoothed by a Gaussian of one pixel
    Pixels,    // the pixel outline: on every slice the segment is under 5 pixels thick, where the blur would shrink it
};

struct SegmentMeasurements {
    std::size_t voxels = 0;
    double volumeMl = 0;
    // RECIST-style, on the axial slice (constant k) where the segment is widest:
    // the longest distance across its outline and the longest chord of the
    // outline's convex hull perpendicular to it. The outline is that of the
    // mask without its one-pixel-thin parts (spurs, lines, islands), smoothed
    // by about a pixel, so a jagged mask edge does not lengthen the axes; it
    // passes through the pixel edges, so a disc of diameter D reads about D,
    // not D less a pixel. Where the segment is under 5 pixels thick the blur
    // would shrink it, so such a slice reads on its pixel outline; a segment
    // with nothing two pixels thick reads on its raw pixel outline: a single
    // voxel one pixel by one pixel, never "x 0".
    double longestAxialDiameterMm = 0;
    double perpendicularDiameterMm = 0;
    std::size_t diameterSlice = 0;
    AxisOutline outline = AxisOutline::None;
    // End points of the axes, continuous voxel indices on diameterSlice (for drawing).
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
