#include "lsms/core/edit/brush.h"

#include "lsms/core/edit/region.h"

#include <algorithm>
#include <cmath>

namespace lsms::edit {

namespace {
// Calls f(index) for every voxel of the dab whose centre is within the radius.
template <typename F>
void forEachDiscVoxel(const Geometry& g, const Vec3& centre, const BrushShape& shape, F&& f) {
    Box box;
    const int normal = int(shape.axis);
    for (int a = 0; a < 3; ++a) {
        if (!shape.sphere && a == normal) {
            const double k = std::round(centre[a]);
            if (k < 0 || k >= double(g.size[a])) return;
            box.lo[a] = std::size_t(k);
            box.hi[a] = box.lo[a] + 1;
            continue;
        }
        const double r = shape.radiusMm / g.spacing[a];
        const double lo = std::max(0.0, std::ceil(centre[a] - r));
        const double hi = std::min(double(g.size[a]) - 1, std::floor(centre[a] + r));
        if (hi < lo) return;
        box.lo[a] = std::size_t(lo);
        box.hi[a] = std::size_t(hi) + 1;
    }
    const double r2 = shape.radiusMm * shape.radiusMm;
    auto sq = [&](int a, std::size_t v) {
        if (!shape.sphere && a == normal) return 0.0;
        const double d = (double(v) - centre[a]) * g.spacing[a];
        return d * d;
    };
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k) {
        const double dk = sq(2, k);
        for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
            const double djk = dk + sq(1, j);
            if (djk > r2) continue;
            // Solve the row's extent once instead of testing every voxel.
            const double half = std::sqrt(r2 - djk) / g.spacing[0];
            const double c0 = (!shape.sphere && normal == 0) ? double(box.lo[0]) : centre[0];
            const double h0 = (!shape.sphere && normal == 0) ? 0.0 : half;
            const double lo = std::max(double(box.lo[0]), std::ceil(c0 - h0 - 1e-9));
            const double hi = std::min(double(box.hi[0]) - 1, std::floor(c0 + h0 + 1e-9));
            const std::size_t row = g.size[0] * (j + g.size[1] * k);
            for (double i = lo; i <= hi; ++i) f(row + std::size_t(i));
        }
    }
}

// As forEachDiscVoxel, or the nearest voxel when none is within the radius:
// a brush smaller than a pixel would otherwise paint nothing at most positions.
template <typename F>
void forEachDabVoxel(const Geometry& g, const Vec3& centre, const BrushShape& shape, F&& f) {
    bool any = false;
    forEachDiscVoxel(g, centre, shape, [&](std::size_t i) {
        any = true;
        f(i);
    });
    if (any) return;
    std::size_t ijk[3];
    for (int a = 0; a < 3; ++a) {
        const double r = std::round(centre[a]);
        if (r < 0 || r >= double(g.size[a])) return;
        ijk[a] = std::size_t(r);
    }
    f(ijk[0] + g.size[0] * (ijk[1] + g.size[1] * ijk[2]));
}

// Calls dab(centre) at points[0] and along every later segment.
template <typename Dab>
std::size_t stroke(const Geometry& g, const std::vector<Vec3>& points, const BrushShape& shape, Dab&& dab) {
    if (points.empty()) return 0;
    std::size_t changed = dab(points[0]);
    for (std::size_t p = 1; p < points.size(); ++p)
        for (const Vec3& c : dabsAlong(g, points[p - 1], points[p], shape)) changed += dab(c);
    return changed;
}

void requireSameGrid(const Geometry& a, const Geometry& b) {
    if (!a.sameGrid(b)) throw InputError("the CT volume is not on the label grid");
}
}  // namespace

void requirePaintable(const Edit& edit, std::uint16_t label) {
    const Segment& s = edit.segment(label);
    if (s.locked) throw EditError("segment '" + s.name + "' is locked");
}

std::size_t paintDab(Edit& edit, std::uint16_t label, const Vec3& centre, const BrushShape& shape,
                     bool overwriteOthers) {
    requirePaintable(edit, label);
    std::size_t changed = 0;
    const auto& data = edit.labels().data;
    forEachDabVoxel(edit.geometry(), centre, shape, [&](std::size_t i) {
        if (overwriteOthers || data[i] == 0) changed += edit.set(i, label);
    });
    return changed;
}

std::size_t eraseDab(Edit& edit, const Vec3& centre, const BrushShape& shape, std::uint16_t onlyLabel) {
    if (onlyLabel) edit.segment(onlyLabel);  // unknown label: EditError
    std::size_t changed = 0;
    const auto& data = edit.labels().data;
    forEachDabVoxel(edit.geometry(), centre, shape, [&](std::size_t i) {
        if (!onlyLabel || data[i] == onlyLabel) changed += edit.set(i, 0);
    });
    return changed;
}

std::size_t paintThresholdDab(Edit& edit, std::uint16_t label, const Vec3& centre, const BrushShape& shape,
                              const CtVolume& ct, float loHu, float hiHu, bool overwriteOthers) {
    requirePaintable(edit, label);
    requireSameGrid(edit.geometry(), ct.geometry);
    std::size_t changed = 0;
    const auto& data = edit.labels().data;
    forEachDabVoxel(edit.geometry(), centre, shape, [&](std::size_t i) {
        const float hu = ct.data[i];
        if (hu >= loHu && hu <= hiHu && (overwriteOthers || data[i] == 0)) changed += edit.set(i, label);
    });
    return changed;
}

std::vector<Vec3> dabsAlong(const Geometry& g, const Vec3& from, const Vec3& to, const BrushShape& shape) {
    Vec3 mm{};
    for (int a = 0; a < 3; ++a) mm[a] = (to[a] - from[a]) * g.spacing[a];
    // A third of the radius: the stroke's edge stays within 2 % of the radius
    // of the straight capsule, so a fast drag reads as one smooth band.
    const double step = std::max(shape.radiusMm / 3.0, 1e-3);
    const int n = std::max(1, int(std::ceil(norm(mm) / step)));
    std::vector<Vec3> centres;
    centres.reserve(std::size_t(n));
    for (int s = 1; s <= n; ++s) centres.push_back(from + (double(s) / n) * (to - from));
    return centres;
}

std::size_t paintStroke(Edit& edit, std::uint16_t label, const std::vector<Vec3>& points, const BrushShape& shape,
                        bool overwriteOthers) {
    requirePaintable(edit, label);
    return stroke(edit.geometry(), points, shape, [&](const Vec3& c) { return paintDab(edit, label, c, shape, overwriteOthers); });
}

std::size_t eraseStroke(Edit& edit, const std::vector<Vec3>& points, const BrushShape& shape, std::uint16_t onlyLabel) {
    if (onlyLabel) edit.segment(onlyLabel);  // unknown label: EditError
    return stroke(edit.geometry(), points, shape, [&](const Vec3& c) { return eraseDab(edit, c, shape, onlyLabel); });
}

std::size_t paintThresholdStroke(Edit& edit, std::uint16_t label, const std::vector<Vec3>& points, const BrushShape& shape,
                                 const CtVolume& ct, float loHu, float hiHu, bool overwriteOthers) {
    requirePaintable(edit, label);
    requireSameGrid(edit.geometry(), ct.geometry);
    return stroke(edit.geometry(), points, shape,
                  [&](const Vec3& c) { return paintThresholdDab(edit, label, c, shape, ct, loHu, hiHu, overwriteOthers); });
}

}  // namespace lsms::edit
