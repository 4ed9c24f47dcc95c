#include "lsms/models/components.h"

#include <algorithm>
#include <cmath>

namespace lsms::models {

std::vector<Component> connectedComponents(const ProbabilityVolume& prob, double threshold,
                                           Volume<std::int32_t>& labels) {
    const auto& g = prob.geometry;
    labels = Volume<std::int32_t>(g, 0);
    const long nx = long(g.size[0]), ny = long(g.size[1]), nz = long(g.size[2]);
    // Quantised probabilities: compare in the same units to avoid rounding drift.
    const int cut = std::clamp(int(std::ceil(threshold * 255.0 - 1e-9)), 1, 255);
    std::vector<Component> comps;
    std::vector<std::size_t> stack;
    for (std::size_t seed = 0; seed < prob.data.size(); ++seed) {
        if (prob.data[seed] < cut || labels.data[seed] != 0) continue;
        Component c;
        c.label = int(comps.size()) + 1;
        labels.data[seed] = c.label;
        stack.push_back(seed);
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            ++c.voxels;
            c.mass += prob.data[v] / 255.0;
            const long i = long(v % std::size_t(nx)), j = long((v / std::size_t(nx)) % std::size_t(ny)),
                       k = long(v / std::size_t(nx * ny));
            for (long dk = -1; dk <= 1; ++dk)
                for (long dj = -1; dj <= 1; ++dj)
                    for (long di = -1; di <= 1; ++di) {
                        const long a = i + di, b = j + dj, cc = k + dk;
                        if (a < 0 || b < 0 || cc < 0 || a >= nx || b >= ny || cc >= nz) continue;
                        const std::size_t w = std::size_t(a + nx * (b + ny * cc));
                        if (prob.data[w] >= cut && labels.data[w] == 0) {
                            labels.data[w] = c.label;
                            stack.push_back(w);
                        }
                    }
        }
        c.meanProbability = c.mass / double(c.voxels);
        c.volumeMl = double(c.voxels) * g.voxelVolumeMm3() / 1000.0;
        comps.push_back(c);
    }
    return comps;
}

Consolidated consolidate(const ProbabilityVolume& prob, Selection selection, const ConsolidationOptions& options) {
    Consolidated out;
    Volume<std::int32_t> labels;
    out.components = connectedComponents(prob, options.threshold, labels);
    std::sort(out.components.begin(), out.components.end(),
              [](const Component& a, const Component& b) { return a.mass > b.mass; });
    const Component* smallest = nullptr;
    for (const auto& c : out.components) {
        if (c.volumeMl < options.minVolumeMl) continue;
        if (selection == Selection::Smallest) {
            if (!smallest || c.voxels < smallest->voxels) smallest = &c;
            continue;
        }
        out.kept.push_back(c.label);
        // "The largest lesion": the component the network is most sure of as
        // a whole (probability mass), so one entire 3D lesion wins.
        if (selection == Selection::One) break;
    }
    if (smallest) out.kept.push_back(smallest->label);
    out.mask = MaskVolume(prob.geometry, 0);
    std::vector<bool> keep(out.components.size() + 1, false);
    for (int l : out.kept) keep[std::size_t(l)] = true;
    for (std::size_t v = 0; v < labels.data.size(); ++v)
        if (labels.data[v] > 0 && keep[std::size_t(labels.data[v])]) out.mask.data[v] = 1;
    return out;
}

}  // namespace lsms::models
