#include "lsms/models/annotated_case.h"

#include "lsms/core/error.h"
#include "lsms/models/config.h"
#include "lsms/models/network_grid.h"

#include <algorithm>
#include <cmath>

namespace lsms::models {


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
        // The same map as inference: the network's spacing, aspect kept,
        // padded with air or cropped around the body.
        const auto grid = networkGrid(ct, imageSize, kTrainingFieldMm / imageSize);
        const auto tg = networkGeometry(grid, g);
        c.phantom.ct = CtVolume(tg, Uninitialized{});
        c.phantom.labels = LabelVolume(tg, Uninitialized{});
        const GridResampler map(grid, GridResampler::Direction::ToNetwork);
        std::vector<float> scratch;
        for (std::size_t k = 0; k < g.size[2]; ++k) {
            map.resample(ct.sliceHu(k, scratch), c.phantom.ct.floatSlice(k), -1000.f);
            map.nearest(labels.slice(k), c.phantom.labels.slice(k));
        }
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

}  // namespace lsms::models
