#include "lsms/models/components.h"

#include <algorithm>
#include <cmath>

namespace lsms::models {

namespace {

// The box (inclusive, voxel indices) around all voxels at or above `cut`;
// empty (lo > hi) when there are none. The answer to a prompt is a few
// lesions in a large volume, so labelling inside this box instead of the
// whole grid saves most of the time and memory.
struct Box {
    long lo[3] = {0, 0, 0}, hi[3] = {-1, -1, -1};
    bool empty() const { return lo[0] > hi[0]; }
    long size(int a) const { return hi[a] - lo[a] + 1; }
};

Box foregroundBox(const ProbabilityVolume& prob, int cut) {
    const auto& g = prob.geometry;
    const long nx = long(g.size[0]), ny = long(g.size[1]), nz = long(g.size[2]);
    Box b;
    b.lo[0] = nx, b.lo[1] = ny, b.lo[2] = nz;
    for (long k = 0; k < nz; ++k)
        for (long j = 0; j < ny; ++j) {
            const auto* row = prob.data.data() + std::size_t(nx) * std::size_t(j + ny * k);
            long first = -1, last = -1;
            for (long i = 0; i < nx; ++i)
                if (row[i] >= cut) {
                    if (first < 0) first = i;
                    last = i;
                }
            if (first < 0) continue;
            b.lo[0] = std::min(b.lo[0], first), b.hi[0] = std::max(b.hi[0], last);
            b.lo[1] = std::min(b.lo[1], j), b.hi[1] = std::max(b.hi[1], j);
            b.lo[2] = std::min(b.lo[2], k), b.hi[2] = std::max(b.hi[2], k);
        }
    if (b.hi[2] < 0) return Box{};
    return b;
}

// Labels 1..n of the components inside `box`, row-major over the box: each
// grows from voxels at or above `cut` through neighbours at or above `grow`
// (hysteresis; grow == cut for plain components).
std::vector<Component> labelBox(const ProbabilityVolume& prob, int cut, int grow, const Box& box,
                                std::vector<std::int32_t>& labels) {
    const auto& g = prob.geometry;
    const long nx = long(g.size[0]), ny = long(g.size[1]);
    const long bx = box.size(0), by = box.size(1), bz = box.size(2);
    labels.assign(std::size_t(bx * by * bz), 0);
    auto gridIndex = [&](long i, long j, long k) {
        return std::size_t((i + box.lo[0]) + nx * ((j + box.lo[1]) + ny * (k + box.lo[2])));
    };
    std::vector<Component> comps;
    std::vector<std::size_t> stack;
    for (std::size_t seed = 0; seed < labels.size(); ++seed) {
        const long si = long(seed % std::size_t(bx)), sj = long((seed / std::size_t(bx)) % std::size_t(by)),
                   sk = long(seed / std::size_t(bx * by));
        if (labels[seed] != 0 || prob.data[gridIndex(si, sj, sk)] < cut) continue;
        Component c;
        c.label = int(comps.size()) + 1;
        labels[seed] = c.label;
        stack.push_back(seed);
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            const long i = long(v % std::size_t(bx)), j = long((v / std::size_t(bx)) % std::size_t(by)),
                       k = long(v / std::size_t(bx * by));
            ++c.voxels;
            c.mass += prob.data[gridIndex(i, j, k)] / 255.0;
            for (long dk = -1; dk <= 1; ++dk)
                for (long dj = -1; dj <= 1; ++dj)
                    for (long di = -1; di <= 1; ++di) {
                        const long a = i + di, b = j + dj, cc = k + dk;
                        if (a < 0 || b < 0 || cc < 0 || a >= bx || b >= by || cc >= bz) continue;
                        const std::size_t w = std::size_t(a + bx * (b + by * cc));
                        if (labels[w] == 0 && prob.data[gridIndex(a, b, cc)] >= grow) {
                            labels[w] = c.label;
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

// Quantised probabilities: compare in the same units to avoid rounding drift.
int quantisedCut(double threshold) { return std::clamp(int(std::ceil(threshold * 255.0 - 1e-9)), 1, 255); }

}  // namespace

std::vector<Component> connectedComponents(const ProbabilityVolume& prob, double threshold,
                                           Volume<std::int32_t>& labelsOut) {
    const auto& g = prob.geometry;
    labelsOut = Volume<std::int32_t>(g, 0);
    const int cut = quantisedCut(threshold);
    const Box box = foregroundBox(prob, cut);
    if (box.empty()) return {};
    std::vector<std::int32_t> labels;
    auto comps = labelBox(prob, cut, cut, box, labels);
    const long nx = long(g.size[0]), ny = long(g.size[1]);
    std::size_t v = 0;
    for (long k = box.lo[2]; k <= box.hi[2]; ++k)
        for (long j = box.lo[1]; j <= box.hi[1]; ++j)
            for (long i = box.lo[0]; i <= box.hi[0]; ++i, ++v)
                labelsOut.data[std::size_t(i + nx * (j + ny * k))] = labels[v];
    return comps;
}

int LabelledComponents::labelAt(long i, long j, long k) const {
    if (i < lo[0] || j < lo[1] || k < lo[2] || i > hi[0] || j > hi[1] || k > hi[2]) return 0;
    return labels[std::size_t((i - lo[0]) + extent(0) * ((j - lo[1]) + extent(1) * (k - lo[2])))];
}

LabelledComponents labelComponents(const ProbabilityVolume& prob, double threshold, double growThreshold) {
    LabelledComponents out;
    out.grid = prob.geometry;
    const int cut = quantisedCut(threshold), grow = std::min(cut, quantisedCut(growThreshold));
    const Box box = foregroundBox(prob, grow);
    if (box.empty()) return out;
    out.components = labelBox(prob, cut, grow, box, out.labels);
    for (int a = 0; a < 3; ++a) out.lo[a] = box.lo[a], out.hi[a] = box.hi[a];
    return out;
}

Consolidated choose(const LabelledComponents& labelled, const Geometry& grid, Selection selection,
                    const ConsolidationOptions& options, const std::vector<bool>& candidates) {
    Consolidated out;
    out.mask = MaskVolume(grid, 0);
    if (labelled.empty()) return out;
    out.components = labelled.components;
    std::sort(out.components.begin(), out.components.end(),
              [](const Component& a, const Component& b) { return a.mass > b.mass; });
    const Component* smallest = nullptr;
    for (const auto& c : out.components) {
        if (c.volumeMl < options.minVolumeMl) continue;
        if (!candidates.empty() && (std::size_t(c.label) >= candidates.size() || !candidates[std::size_t(c.label)]))
            continue;
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
    std::vector<bool> keep(labelled.components.size() + 1, false);
    for (int l : out.kept) keep[std::size_t(l)] = true;
    const long nx = long(grid.size[0]), ny = long(grid.size[1]);
    std::size_t v = 0;
    for (long k = labelled.lo[2]; k <= labelled.hi[2]; ++k)
        for (long j = labelled.lo[1]; j <= labelled.hi[1]; ++j)
            for (long i = labelled.lo[0]; i <= labelled.hi[0]; ++i, ++v)
                if (labelled.labels[v] > 0 && keep[std::size_t(labelled.labels[v])])
                    out.mask.data[std::size_t(i + nx * (j + ny * k))] = 1;
    return out;
}

MaskVolume leftOut(const LabelledComponents& labelled, const Geometry& grid, const std::vector<int>& kept,
                   const MaskVolume& answer, const ConsolidationOptions& options) {
    std::vector<bool> offer(labelled.components.size() + 1, false);
    bool any = false;
    for (const auto& c : labelled.components)
        if (c.volumeMl >= options.minVolumeMl && std::find(kept.begin(), kept.end(), c.label) == kept.end()) {
            offer[std::size_t(c.label)] = true;
            any = true;
        }
    if (!any) return {};
    MaskVolume out(grid, 0);
    const bool masked = answer.data.size() == out.data.size();
    const long nx = long(grid.size[0]), ny = long(grid.size[1]);
    std::size_t v = 0;
    for (long k = labelled.lo[2]; k <= labelled.hi[2]; ++k)
        for (long j = labelled.lo[1]; j <= labelled.hi[1]; ++j)
            for (long i = labelled.lo[0]; i <= labelled.hi[0]; ++i, ++v) {
                if (labelled.labels[v] <= 0 || !offer[std::size_t(labelled.labels[v])]) continue;
                const std::size_t at = std::size_t(i + nx * (j + ny * k));
                if (!masked || !answer.data[at]) out.data[at] = 1;
            }
    return out;
}

Consolidated consolidate(const ProbabilityVolume& prob, Selection selection, const ConsolidationOptions& options) {
    return choose(labelComponents(prob, options.threshold, options.growThreshold), prob.geometry, selection, options);
}

}  // namespace lsms::models
