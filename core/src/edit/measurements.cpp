#include "lsms/core/edit/measurements.h"

#include "lsms/core/edit/region.h"
#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lsms::edit {

namespace {
struct P {
    double x, y;  // mm in the slice plane
};

double cross(const P& o, const P& a, const P& b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Andrew's monotone chain, counter-clockwise, collinear points dropped.
std::vector<P> convexHull(std::vector<P> pts) {
    std::sort(pts.begin(), pts.end(), [](const P& a, const P& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    if (pts.size() < 3) return pts;
    std::vector<P> h(2 * pts.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    for (std::size_t i = pts.size() - 1, t = k + 1; i > 0; --i) {
        while (k >= t && cross(h[k - 2], h[k - 1], pts[i - 1]) <= 0) --k;
        h[k++] = pts[i - 1];
    }
    h.resize(k - 1);
    return h;
}

struct SliceAxes {
    double longMm = 0, shortMm = 0;
    P a{}, b{}, c{}, d{};
};

// Long axis: farthest pair of hull vertices. Short axis: for a convex polygon
// the chord length perpendicular to the long axis is concave in the position
// along it, so its maximum lies at a vertex's projection.
SliceAxes axesOf(const std::vector<P>& pts) {
    SliceAxes r;
    const std::vector<P> hull = convexHull(pts);
    for (std::size_t i = 0; i < hull.size(); ++i)
        for (std::size_t j = i + 1; j < hull.size(); ++j) {
            const double d = std::hypot(hull[i].x - hull[j].x, hull[i].y - hull[j].y);
            if (d > r.longMm) r = {d, 0, hull[i], hull[j], {}, {}};
        }
    if (hull.size() < 3 || r.longMm == 0) return r;
    const P u{(r.b.x - r.a.x) / r.longMm, (r.b.y - r.a.y) / r.longMm};
    const P v{-u.y, u.x};
    for (const P& q : hull) {
        const double t = q.x * u.x + q.y * u.y;
        // Intersect the line {p . u = t} with every hull edge.
        double lo = INFINITY, hi = -INFINITY;
        for (std::size_t e = 0; e < hull.size(); ++e) {
            const P& p0 = hull[e];
            const P& p1 = hull[(e + 1) % hull.size()];
            const double t0 = p0.x * u.x + p0.y * u.y, t1 = p1.x * u.x + p1.y * u.y;
            if ((t0 - t) * (t1 - t) > 0) continue;
            const double s0 = p0.x * v.x + p0.y * v.y, s1 = p1.x * v.x + p1.y * v.y;
            double s;
            if (std::abs(t1 - t0) < 1e-12) {
                lo = std::min({lo, s0, s1});
                hi = std::max({hi, s0, s1});
                continue;
            }
            s = s0 + (s1 - s0) * (t - t0) / (t1 - t0);
            lo = std::min(lo, s);
            hi = std::max(hi, s);
        }
        if (hi - lo > r.shortMm) {
            r.shortMm = hi - lo;
            r.c = {t * u.x + lo * v.x, t * u.y + lo * v.y};
            r.d = {t * u.x + hi * v.x, t * u.y + hi * v.y};
        }
    }
    return r;
}
}  // namespace

SegmentMeasurements measureSegment(const LabelVolume& labels, std::uint16_t label, const CtVolume* ct) {
    const Geometry& g = labels.geometry;
    if (ct && !g.sameGrid(ct->geometry)) throw InputError("the CT volume is not on the label grid");
    SegmentMeasurements m;
    const Box box = boundingBox(labels, label);
    if (box.empty()) return m;
    m.diameterSlice = box.lo[2];
    double sum = 0, sum2 = 0;
    std::vector<P> pts;
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k) {
        pts.clear();
        for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
            for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) {
                const std::size_t idx = labels.index(i, j, k);
                if (labels.data[idx] != label) continue;
                ++m.voxels;
                if (ct) {
                    const double hu = ct->data[idx];
                    sum += hu;
                    sum2 += hu * hu;
                }
                // Interior pixels cannot be on the hull; keep boundary ones only.
                const bool interior = i > 0 && j > 0 && i + 1 < g.size[0] && j + 1 < g.size[1] &&
                                      labels.data[idx - 1] == label && labels.data[idx + 1] == label &&
                                      labels.data[idx - g.size[0]] == label && labels.data[idx + g.size[0]] == label;
                if (!interior) pts.push_back({double(i) * g.spacing[0], double(j) * g.spacing[1]});
            }
        const SliceAxes axes = axesOf(pts);
        if (axes.longMm > m.longestAxialDiameterMm) {
            m.longestAxialDiameterMm = axes.longMm;
            m.perpendicularDiameterMm = axes.shortMm;
            m.diameterSlice = k;
            auto toIjk = [&](const P& p) { return Vec3{p.x / g.spacing[0], p.y / g.spacing[1], double(k)}; };
            m.longAxis = {toIjk(axes.a), toIjk(axes.b)};
            m.shortAxis = {toIjk(axes.c), toIjk(axes.d)};
        }
    }
    m.volumeMl = double(m.voxels) * g.voxelVolumeMm3() / 1000.0;
    if (ct) {
        m.hasHu = true;
        m.huMean = sum / double(m.voxels);
        m.huSd = std::sqrt(std::max(0.0, sum2 / double(m.voxels) - m.huMean * m.huMean));
    }
    return m;
}

}  // namespace lsms::edit
