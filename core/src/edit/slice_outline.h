#pragma once
// A segment's outline on one axial slice as sub-pixel points: where the mask,
// optionally smoothed by a Gaussian, crosses 0.5 between neighbouring pixel
// centres. Unsmoothed, that is the midpoint of every edge between a pixel of
// the segment and one outside it, so even a single pixel has an outline of
// one pixel's size. Smoothed, the mask is first opened by a 2 x 2 square
// (one-pixel spurs, lines and islands go; two-pixel rims stay), then blurred
// by a Gaussian of about a pixel, so single-pixel bumps and notches move the
// outline by a third of a pixel instead of a whole one.
#include "calipers.h"

#include "lsms/core/volume.h"

#include <cstdint>
#include <vector>

namespace lsms::edit::detail {

struct SliceExtent {
    std::size_t k = 0;
    std::size_t lo[2] = {0, 0}, hi[2] = {0, 0};  // in-plane bounding box of the segment, hi exclusive
};

enum class OutlineKind {
    Raw,       // the pixel outline of the mask as it is
    Opened,    // the pixel outline after the 2 x 2 opening
    Smoothed,  // the opened mask blurred by a Gaussian of `sigmaPixels`
};

// Points in mm (i * spacing[0], j * spacing[1]); none if nothing is left.
std::vector<PlanePoint> outlinePoints(const LabelVolume& labels, std::uint16_t label, const SliceExtent& extent,
                                      OutlineKind kind, double sigmaPixels = 1.0);

}  // namespace lsms::edit::detail
