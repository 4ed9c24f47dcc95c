#include "lsms/core/edit/interpolate.h"

#include "mask_box.h"

#include <algorithm>
#include <cmath>

namespace lsms::edit {

namespace {
// Signed distance (mm) on one slice: negative inside, positive outside.
std::vector<float> signedDistance(const std::vector<std::uint8_t>& inside, std::size_t nu, std::size_t nv,
                                  double su, double sv) {
    std::vector<std::uint8_t> outside(inside.size());
    for (std::size_t n = 0; n < inside.size(); ++n) outside[n] = !inside[n];
    const Vec3 spacing{su, sv, 1.0};
    const auto dIn = detail::squaredDistance(inside, {nu, nv, 1}, spacing);
    const auto dOut = detail::squaredDistance(outside, {nu, nv, 1}, spacing);
    std::vector<float> sd(inside.size());
    for (std::size_t n = 0; n < sd.size(); ++n) sd[n] = std::sqrt(dIn[n]) - std::sqrt(dOut[n]);
    return sd;
}
}  // namespace

std::size_t fillBetweenSlices(Edit& edit, std::uint16_t label, SliceAxis axis) {
    requirePaintable(edit, label);
    const LabelVolume& labels = edit.labels();
    const Geometry& g = labels.geometry;
    const Box box = boundingBox(labels, label);
    if (box.empty()) return 0;
    const int w = int(axis), u = w == 0 ? 1 : 0, v = w == 2 ? 1 : 2;
    // Work on the in-plane bounding box of the whole segment plus a margin, so
    // every drawn slice's distance map sees background around the shape.
    std::array<std::size_t, 3> margin{1, 1, 1};
    margin[w] = 0;
    const Box plane = grown(box, margin, g);
    const std::size_t nu = plane.extent(u), nv = plane.extent(v);
    auto voxelIndex = [&](std::size_t a, std::size_t b, std::size_t s) {
        std::array<std::size_t, 3> ijk;
        ijk[u] = plane.lo[u] + a;
        ijk[v] = plane.lo[v] + b;
        ijk[w] = s;
        return labels.index(ijk[0], ijk[1], ijk[2]);
    };
    auto sliceMask = [&](std::size_t s) {
        std::vector<std::uint8_t> m(nu * nv);
        for (std::size_t b = 0; b < nv; ++b)
            for (std::size_t a = 0; a < nu; ++a) m[a + nu * b] = labels.data[voxelIndex(a, b, s)] == label;
        return m;
    };
    std::vector<std::size_t> drawn;
    for (std::size_t s = box.lo[w]; s < box.hi[w]; ++s) {
        const auto m = sliceMask(s);
        if (std::find(m.begin(), m.end(), 1) != m.end()) drawn.push_back(s);
    }
    std::size_t filled = 0;
    for (std::size_t p = 1; p < drawn.size(); ++p) {
        const std::size_t s0 = drawn[p - 1], s1 = drawn[p];
        if (s1 - s0 < 2) continue;
        const auto d0 = signedDistance(sliceMask(s0), nu, nv, g.spacing[u], g.spacing[v]);
        const auto d1 = signedDistance(sliceMask(s1), nu, nv, g.spacing[u], g.spacing[v]);
        for (std::size_t s = s0 + 1; s < s1; ++s) {
            const float t = float(s - s0) / float(s1 - s0);
            for (std::size_t n = 0; n < nu * nv; ++n) {
                if ((1 - t) * d0[n] + t * d1[n] >= 0) continue;
                const std::size_t idx = voxelIndex(n % nu, n / nu, s);
                if (labels.data[idx] == 0) filled += edit.set(idx, label);
            }
        }
    }
    return filled;
}

}  // namespace lsms::edit
