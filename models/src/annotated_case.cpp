#include "lsms/models/annotated_case.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>

namespace lsms::models {

namespace {

// Source coordinate of a destination pixel centre, PyTorch's
// align_corners=false convention, so training sees what inference feeds.
double sourceCoordinate(std::size_t dst, double scale) { return std::max(0.0, (double(dst) + 0.5) * scale - 0.5); }

struct InPlaneMap {
    std::size_t n = 0, out = 0;
    bool flip = false;
    double scale = 1;
    // Index into the (unflipped) source row/column.
    std::size_t src(std::size_t i) const { return flip ? n - 1 - i : i; }
};

Geometry trainingGeometry(const Geometry& g, const InPlaneMap& x, const InPlaneMap& y) {
    Geometry t = g;
    t.size = {x.out, y.out, g.size[2]};
    t.spacing[0] = g.spacing[0] * x.scale;
    t.spacing[1] = g.spacing[1] * y.scale;
    const double c0 = sourceCoordinate(0, x.scale), c1 = sourceCoordinate(0, y.scale);
    t.origin = g.indexToWorld({x.flip ? double(x.n - 1) - c0 : c0, y.flip ? double(y.n - 1) - c1 : c1, 0.0});
    if (x.flip) t.direction[0] = -1.0 * g.direction[0];
    if (y.flip) t.direction[1] = -1.0 * g.direction[1];
    return t;
}

void resampleInPlane(const CtVolume& ct, const LabelVolume& labels, const InPlaneMap& x, const InPlaneMap& y,
                     CtVolume& ctOut, LabelVolume& labelsOut) {
    const auto nz = ct.geometry.size[2];
    for (std::size_t k = 0; k < nz; ++k) {
        const float* src = ct.slice(k);
        const std::uint16_t* lab = labels.slice(k);
        float* dst = ctOut.slice(k);
        std::uint16_t* dl = labelsOut.slice(k);
        for (std::size_t j = 0; j < y.out; ++j) {
            const double sy = sourceCoordinate(j, y.scale);
            const auto j0 = std::min(std::size_t(sy), y.n - 1), j1 = std::min(j0 + 1, y.n - 1);
            const double fy = sy - double(j0);
            const auto jn = std::min(std::size_t((double(j) + 0.5) * y.scale), y.n - 1);
            for (std::size_t i = 0; i < x.out; ++i) {
                const double sx = sourceCoordinate(i, x.scale);
                const auto i0 = std::min(std::size_t(sx), x.n - 1), i1 = std::min(i0 + 1, x.n - 1);
                const double fx = sx - double(i0);
                auto at = [&](std::size_t ii, std::size_t jj) { return double(src[x.src(ii) + x.n * y.src(jj)]); };
                const double v = (1 - fy) * ((1 - fx) * at(i0, j0) + fx * at(i1, j0)) +
                                 fy * ((1 - fx) * at(i0, j1) + fx * at(i1, j1));
                dst[i + x.out * j] = float(v);
                const auto in = std::min(std::size_t((double(i) + 0.5) * x.scale), x.n - 1);
                dl[i + x.out * j] = lab[x.src(in) + x.n * y.src(jn)];
            }
        }
    }
}

}  // namespace

PhantomCase annotatedCase(const CtVolume& ct, const LabelVolume& labels, std::vector<ReferringExpression> expressions,
                          int imageSize, double contextSpacingMm) {
    const auto& g = ct.geometry;
    if (g.voxelCount() == 0 || ct.data.size() != g.voxelCount() || labels.data.size() != labels.geometry.voxelCount())
        throw InputError("empty or inconsistent CT or label volume");
    if (!g.sameGrid(labels.geometry, 0.05 * std::min({g.spacing[0], g.spacing[1], g.spacing[2]})))
        throw InputError("the label map is not on the CT's grid");
    if (expressions.empty()) throw InputError("an annotated case needs at least one expression");

    PhantomCase c;
    if (imageSize > 0) {
        const InPlaneMap x{g.size[0], std::size_t(imageSize), g.direction[0][0] < 0, double(g.size[0]) / imageSize};
        const InPlaneMap y{g.size[1], std::size_t(imageSize), g.direction[1][1] < 0, double(g.size[1]) / imageSize};
        const auto tg = trainingGeometry(g, x, y);
        c.phantom.ct = CtVolume(tg, Uninitialized{});
        c.phantom.labels = LabelVolume(tg, Uninitialized{});
        resampleInPlane(ct, labels, x, y, c.phantom.ct, c.phantom.labels);
    } else {
        c.phantom.ct = ct;
        c.phantom.labels = labels;
        c.phantom.labels.geometry = g;  // equal within tolerance; one grid from here on
    }
    c.contextOffset = std::size_t(std::max(1.0, std::round(contextSpacingMm / std::max(g.spacing[2], 1e-3))));

    // Lesion slices from the label map at its original resolution would name
    // slices a small lesion vanished from after resampling; use the case's own.
    const auto& out = c.phantom.labels;
    std::uint16_t maxId = 0;
    for (auto v : labels.data) maxId = std::max(maxId, v);
    c.lesionSlices.resize(std::size_t(maxId) + 1);
    for (std::size_t k = 0; k < out.geometry.size[2]; ++k) {
        std::vector<bool> seen(std::size_t(maxId) + 1, false);
        const auto* s = out.slice(k);
        for (std::size_t i = 0; i < out.geometry.sliceVoxels(); ++i) seen[s[i]] = true;
        for (std::size_t id = 1; id <= maxId; ++id)
            if (seen[id]) c.lesionSlices[id].push_back(k);
        c.liverSlices.push_back(k);
    }

    std::vector<bool> present(std::size_t(maxId) + 1, false);
    for (auto v : labels.data) present[v] = true;
    for (auto& e : expressions) {
        std::sort(e.targets.begin(), e.targets.end());
        e.targets.erase(std::unique(e.targets.begin(), e.targets.end()), e.targets.end());
        for (int id : e.targets)
            if (id < 1 || id > int(maxId) || !present[std::size_t(id)])
                throw InputError("expression \"" + e.text + "\" targets lesion " + std::to_string(id) +
                                 ", which the label map does not contain");
        if (e.category.empty()) e.category = writtenCategory(e.targets);
    }
    c.fixedExpressions = std::move(expressions);
    return c;
}

std::string writtenCategory(const std::vector<int>& targets) {
    return targets.empty() ? "none" : targets.size() == 1 ? "single" : "set";
}

}  // namespace lsms::models
