#include "lsms/core/edit/islands.h"

#include "lsms/core/edit/brush.h"
#include "mask_box.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace lsms::edit {

namespace {
struct Components {
    detail::MaskBox mask;
    std::vector<std::uint32_t> id;    // 0 = outside, else component number
    std::vector<std::size_t> size;    // size[c - 1]
    std::vector<std::uint32_t> order;  // component numbers, largest first
};

Components label3d(const Edit& edit, std::uint16_t label, Connectivity c) {
    Components r;
    r.mask = detail::extractMask(edit.labels(), label, boundingBox(edit.labels(), label));
    const auto& m = r.mask.m;
    r.id.assign(m.size(), 0);
    const long nx = long(r.mask.nx()), ny = long(r.mask.ny()), nz = long(r.mask.nz());
    std::vector<std::size_t> stack;
    for (std::size_t seed = 0; seed < m.size(); ++seed) {
        if (!m[seed] || r.id[seed]) continue;
        const std::uint32_t cid = std::uint32_t(r.size.size() + 1);
        std::size_t n = 0;
        stack.push_back(seed);
        r.id[seed] = cid;
        while (!stack.empty()) {
            const std::size_t p = stack.back();
            stack.pop_back();
            ++n;
            const long i = long(p % std::size_t(nx)), j = long((p / std::size_t(nx)) % std::size_t(ny)),
                       k = long(p / std::size_t(nx * ny));
            for (long dk = -1; dk <= 1; ++dk)
                for (long dj = -1; dj <= 1; ++dj)
                    for (long di = -1; di <= 1; ++di) {
                        const int manhattan = int(std::abs(di) + std::abs(dj) + std::abs(dk));
                        if (manhattan == 0 || (c == Connectivity::Faces6 && manhattan > 1)) continue;
                        const long a = i + di, b = j + dj, d = k + dk;
                        if (a < 0 || b < 0 || d < 0 || a >= nx || b >= ny || d >= nz) continue;
                        const std::size_t q = std::size_t(a + nx * (b + ny * d));
                        if (m[q] && !r.id[q]) {
                            r.id[q] = cid;
                            stack.push_back(q);
                        }
                    }
        }
        r.size.push_back(n);
    }
    r.order.resize(r.size.size());
    std::iota(r.order.begin(), r.order.end(), 1u);
    std::stable_sort(r.order.begin(), r.order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return r.size[a - 1] > r.size[b - 1]; });
    return r;
}

// Keeps the components for which keep(component) is true.
template <typename Keep>
std::size_t keepComponents(Edit& edit, std::uint16_t label, Components& comps, Keep&& keep) {
    for (std::size_t n = 0; n < comps.mask.m.size(); ++n)
        if (comps.id[n] && !keep(comps.id[n])) comps.mask.m[n] = 0;
    return detail::writeMask(edit, label, comps.mask);
}
}  // namespace

std::size_t keepLargestIsland(Edit& edit, std::uint16_t label, Connectivity c) {
    requirePaintable(edit, label);
    Components comps = label3d(edit, label, c);
    if (comps.order.empty()) return 0;
    const std::uint32_t largest = comps.order[0];
    return keepComponents(edit, label, comps, [&](std::uint32_t id) { return id == largest; });
}

std::size_t removeSmallIslands(Edit& edit, std::uint16_t label, double minVolumeMm3, Connectivity c) {
    requirePaintable(edit, label);
    Components comps = label3d(edit, label, c);
    const double voxelMm3 = edit.geometry().voxelVolumeMm3();
    return keepComponents(edit, label, comps,
                          [&](std::uint32_t id) { return double(comps.size[id - 1]) * voxelMm3 >= minVolumeMm3; });
}

std::vector<std::uint16_t> splitIslands(Edit& edit, std::uint16_t label, Connectivity c) {
    requirePaintable(edit, label);
    Components comps = label3d(edit, label, c);
    std::vector<std::uint16_t> added;
    if (comps.order.size() < 2) return added;
    const Segment original = edit.segment(label);
    std::vector<std::uint16_t> newLabel(comps.size.size() + 1, label);
    for (std::size_t n = 1; n < comps.order.size(); ++n) {
        Segment s = original;
        s.label = 0;
        s.colour = {};
        s.name = original.name + " " + std::to_string(n + 1);
        newLabel[comps.order[n]] = edit.addSegment(s);
        added.push_back(newLabel[comps.order[n]]);
    }
    const Geometry& g = edit.geometry();
    for (std::size_t n = 0; n < comps.mask.m.size(); ++n)
        if (comps.id[n] && newLabel[comps.id[n]] != label) edit.set(comps.mask.global(n, g), newLabel[comps.id[n]]);
    return added;
}

}  // namespace lsms::edit
