#include "lsms/core/edit/recist.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>

namespace lsms::edit {

RecistAxes recistAxes(const SegmentMeasurements& m) {
    RecistAxes r;
    if (m.outline == AxisOutline::None) return r;
    r.longAxis = m.longAxis;
    r.shortAxis = m.shortAxis;
    r.slice = m.diameterSlice;
    r.longMm = m.longestAxialDiameterMm;
    r.shortMm = m.perpendicularDiameterMm;
    r.outline = m.outline;
    return r;
}

double distanceMm(const Geometry& g, const Vec3& a, const Vec3& b) {
    double s = 0;
    for (int i = 0; i < 3; ++i) s += std::pow((a[i] - b[i]) * g.spacing[i], 2);
    return std::sqrt(s);
}

void moveAxisEnd(RecistAxes& axes, const Geometry& g, AxisEnd end, const Vec3& to) {
    if (axes.empty()) throw InputError("the segment has no axes to move: it is empty");
    Vec3 p = to;
    // The outline passes through pixel edges, so ends may sit half a pixel outside the centres.
    for (int a = 0; a < 2; ++a) p[a] = std::clamp(p[a], -0.5, double(g.size[a]) - 0.5);
    p[2] = double(axes.slice);
    Vec3& moved = end == AxisEnd::LongA ? axes.longAxis[0] : end == AxisEnd::LongB ? axes.longAxis[1]
                : end == AxisEnd::ShortA ? axes.shortAxis[0] : axes.shortAxis[1];
    moved = p;
    axes.longMm = distanceMm(g, axes.longAxis[0], axes.longAxis[1]);
    axes.shortMm = distanceMm(g, axes.shortAxis[0], axes.shortAxis[1]);
    axes.edited = true;
}

}  // namespace lsms::edit
