#include "calipers.h"

#include <algorithm>
#include <cmath>

namespace lsms::edit::detail {

namespace {
double cross(const PlanePoint& o, const PlanePoint& a, const PlanePoint& b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Andrew's monotone chain, counter-clockwise, collinear points dropped.
std::vector<PlanePoint> convexHull(std::vector<PlanePoint> pts) {
    std::sort(pts.begin(), pts.end(), [](const PlanePoint& a, const PlanePoint& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    if (pts.size() < 3) return pts;
    std::vector<PlanePoint> h(2 * pts.size());
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

}  // namespace

// Long axis: farthest pair of hull vertices. Short axis: for a convex polygon
// the chord length perpendicular to the long axis is concave in the position
// along it, so its maximum lies at a vertex's projection.
Calipers calipersOf(const std::vector<PlanePoint>& pts) {
    Calipers r;
    const std::vector<PlanePoint> hull = convexHull(pts);
    for (std::size_t i = 0; i < hull.size(); ++i)
        for (std::size_t j = i + 1; j < hull.size(); ++j) {
            const double d = std::hypot(hull[i].x - hull[j].x, hull[i].y - hull[j].y);
            if (d > r.longMm) r = {d, 0, hull[i], hull[j], {}, {}};
        }
    if (hull.size() < 3 || r.longMm == 0) return r;
    const PlanePoint u{(r.b.x - r.a.x) / r.longMm, (r.b.y - r.a.y) / r.longMm};
    const PlanePoint v{-u.y, u.x};
    for (const PlanePoint& q : hull) {
        const double t = q.x * u.x + q.y * u.y;
        // Intersect the line {p . u = t} with every hull edge.
        double lo = INFINITY, hi = -INFINITY;
        for (std::size_t e = 0; e < hull.size(); ++e) {
            const PlanePoint& p0 = hull[e];
            const PlanePoint& p1 = hull[(e + 1) % hull.size()];
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

}  // namespace lsms::edit::detail
