#pragma once
// RECIST calipers on a set of points in one slice plane (mm): the long axis is
// the farthest pair, the short axis the longest chord of their convex hull
// perpendicular to it.
#include <vector>

namespace lsms::edit::detail {

struct PlanePoint {
    double x, y;  // mm in the slice plane
};

struct Calipers {
    double longMm = 0, shortMm = 0;
    PlanePoint a{}, b{};  // long axis ends
    PlanePoint c{}, d{};  // short axis ends
};

// Zero lengths for fewer than two distinct points; a zero short axis for collinear ones.
Calipers calipersOf(const std::vector<PlanePoint>& points);

}  // namespace lsms::edit::detail
