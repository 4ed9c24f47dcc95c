#include "lsms/core/edit/islands.h"

#include "lsms/core/edit/brush.h"
#include "label_runs.h"

#include <cstdint>

namespace lsms::edit {

namespace {

// Sets every voxel of the runs for which `to(component)` differs from
// `label` to that value; returns the voxels changed.
template <typename To>
std::size_t rewrite(Edit& edit, std::uint16_t label, const detail::LabelRuns& r, To&& to) {
    const Geometry& g = edit.geometry();
    std::size_t changed = 0;
    const std::size_t rows = r.rowStart.empty() ? 0 : r.rowStart.size() - 1;
    for (std::size_t row = 0; row < rows; ++row)
        for (std::uint32_t n = r.rowStart[row]; n < r.rowStart[row + 1]; ++n) {
            const std::uint16_t value = to(r.component[n]);
            if (value == label) continue;
            const std::size_t first = r.first(row, n, g), length = r.runs[n].i1 - r.runs[n].i0;
            for (std::size_t x = 0; x < length; ++x) changed += edit.set(first + x, value) ? 1 : 0;
        }
    return changed;
}

}  // namespace

std::size_t keepLargestIsland(Edit& edit, std::uint16_t label, Connectivity c) {
    requirePaintable(edit, label);
    const detail::LabelRuns r = detail::labelRuns(edit.labels(), label, c);
    if (r.order.empty()) return 0;
    const std::uint32_t largest = r.order[0];
    return rewrite(edit, label, r, [&](std::uint32_t id) { return id == largest ? label : std::uint16_t(0); });
}

std::size_t removeSmallIslands(Edit& edit, std::uint16_t label, double minVolumeMm3, Connectivity c) {
    requirePaintable(edit, label);
    const detail::LabelRuns r = detail::labelRuns(edit.labels(), label, c);
    const double voxelMm3 = edit.geometry().voxelVolumeMm3();
    return rewrite(edit, label, r, [&](std::uint32_t id) {
        return double(r.size[id - 1]) * voxelMm3 >= minVolumeMm3 ? label : std::uint16_t(0);
    });
}

std::vector<std::uint16_t> splitIslands(Edit& edit, std::uint16_t label, Connectivity c) {
    requirePaintable(edit, label);
    const detail::LabelRuns r = detail::labelRuns(edit.labels(), label, c);
    std::vector<std::uint16_t> added;
    if (r.order.size() < 2) return added;
    const Segment original = edit.segment(label);
    std::vector<std::uint16_t> newLabel(r.size.size() + 1, label);
    for (std::size_t n = 1; n < r.order.size(); ++n) {
        Segment s = original;
        s.label = 0;
        s.colour = {};
        s.name = original.name + " " + std::to_string(n + 1);
        newLabel[r.order[n]] = edit.addSegment(s);
        added.push_back(newLabel[r.order[n]]);
    }
    rewrite(edit, label, r, [&](std::uint32_t id) { return newLabel[id]; });
    return added;
}

}  // namespace lsms::edit
