#include "label_runs.h"

#include <algorithm>
#include <numeric>

namespace lsms::edit::detail {

namespace {

struct UnionFind {
    std::vector<std::uint32_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t find(std::uint32_t a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];  // path halving
            a = parent[a];
        }
        return a;
    }
    // The smaller root wins, so a component's root is its first run in raster order.
    void join(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (a < b) parent[b] = a;
        else parent[a] = b;
    }
};

// Joins the runs of `row` with those of an earlier row that touch them:
// overlapping in x, or (diagonal neighbours) within one voxel.
void joinRows(const LabelRuns& r, std::size_t row, std::size_t earlier, bool diagonal, UnionFind& uf) {
    std::uint32_t a = r.rowStart[row], b = r.rowStart[earlier];
    const std::uint32_t aEnd = r.rowStart[row + 1], bEnd = r.rowStart[earlier + 1];
    const std::uint32_t reach = diagonal ? 1 : 0;
    while (a < aEnd && b < bEnd) {
        const auto& x = r.runs[a];
        const auto& y = r.runs[b];
        // Touch when [x.i0, x.i1) and [y.i0 - reach, y.i1 + reach) overlap.
        if (x.i0 < y.i1 + reach && y.i0 < x.i1 + reach) uf.join(a, b);
        if (x.i1 < y.i1) ++a;
        else ++b;
    }
}

}  // namespace

LabelRuns labelRuns(const LabelVolume& labels, std::uint16_t label, Connectivity c) {
    LabelRuns r;
    r.box = boundingBox(labels, label);
    if (r.box.empty()) {
        r.rowStart.assign(1, 0);
        return r;
    }
    const Geometry& g = labels.geometry;
    const std::size_t ny = r.box.extent(1), nz = r.box.extent(2);
    r.rowStart.reserve(ny * nz + 1);
    for (std::size_t k = 0; k < nz; ++k)
        for (std::size_t j = 0; j < ny; ++j) {
            r.rowStart.push_back(std::uint32_t(r.runs.size()));
            const std::uint16_t* line = labels.data.data() + g.size[0] * ((r.box.lo[1] + j) + g.size[1] * (r.box.lo[2] + k));
            std::size_t i = r.box.lo[0];
            while (i < r.box.hi[0]) {
                if (line[i] != label) {
                    ++i;
                    continue;
                }
                const std::size_t start = i;
                while (i < r.box.hi[0] && line[i] == label) ++i;
                r.runs.push_back({std::uint32_t(start), std::uint32_t(i)});
            }
        }
    r.rowStart.push_back(std::uint32_t(r.runs.size()));

    UnionFind uf(r.runs.size());
    const bool full = c == Connectivity::Full26;
    for (std::size_t k = 0; k < nz; ++k)
        for (std::size_t j = 0; j < ny; ++j) {
            const std::size_t row = j + ny * k;
            if (r.rowStart[row] == r.rowStart[row + 1]) continue;
            // Faces: the row before in y and the same row one slice down.
            // Full: also the edge neighbours (diagonal in x within those rows,
            // and the two rows one slice down and one row off in y).
            if (j > 0) joinRows(r, row, row - 1, full, uf);
            if (k > 0) {
                joinRows(r, row, row - ny, full, uf);
                if (full && j > 0) joinRows(r, row, row - ny - 1, true, uf);
                if (full && j + 1 < ny) joinRows(r, row, row - ny + 1, true, uf);
            }
        }

    // Components numbered by their root, which is their first run in raster order.
    std::vector<std::uint32_t> number(r.runs.size(), 0);
    r.component.resize(r.runs.size());
    for (std::uint32_t n = 0; n < r.runs.size(); ++n) {
        const std::uint32_t root = uf.find(n);
        if (!number[root]) {
            r.size.push_back(0);
            number[root] = std::uint32_t(r.size.size());
        }
        r.component[n] = number[root];
        r.size[number[root] - 1] += r.runs[n].i1 - r.runs[n].i0;
    }
    r.order.resize(r.size.size());
    std::iota(r.order.begin(), r.order.end(), 1u);
    std::stable_sort(r.order.begin(), r.order.end(), [&](std::uint32_t a, std::uint32_t b) { return r.size[a - 1] > r.size[b - 1]; });
    return r;
}

}  // namespace lsms::edit::detail
