#include "lsms/models/edge_refinement.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace lsms::models {

namespace {

constexpr double kFar = std::numeric_limits<double>::infinity();

// A box of the grid (inclusive indices) with row-major storage over it.
struct Box {
    long lo[3], hi[3];
    long n(int a) const { return hi[a] - lo[a] + 1; }
    std::size_t size() const { return std::size_t(n(0) * n(1) * n(2)); }
    std::size_t at(long i, long j, long k) const { return std::size_t(i + n(0) * (j + n(1) * k)); }
    void unpack(std::size_t v, long& i, long& j, long& k) const {
        i = long(v % std::size_t(n(0)));
        j = long((v / std::size_t(n(0))) % std::size_t(n(1)));
        k = long(v / std::size_t(n(0) * n(1)));
    }
};

// Squared distance (mm^2) along one line to the nearest source, exact
// (Felzenszwalb & Huttenlocher's lower envelope of parabolas), for sample
// spacing s; f holds the squared distances so far (kFar: none yet).
void distanceLine(std::vector<double>& f, double s, std::vector<double>& out, std::vector<long>& v,
                  std::vector<double>& z) {
    const long n = long(f.size());
    out.assign(f.size(), kFar);
    v.assign(f.size(), 0);
    z.assign(f.size() + 1, 0);
    long k = -1;
    for (long q = 0; q < n; ++q) {
        if (!std::isfinite(f[std::size_t(q)])) continue;
        const double xq = double(q) * s;
        while (k >= 0) {
            const double xv = double(v[std::size_t(k)]) * s;
            const double cross = ((f[std::size_t(q)] + xq * xq) - (f[std::size_t(v[std::size_t(k)])] + xv * xv)) / (2 * (xq - xv));
            if (cross > z[std::size_t(k)]) {
                ++k;
                v[std::size_t(k)] = q;
                z[std::size_t(k)] = cross;
                z[std::size_t(k) + 1] = kFar;
                break;
            }
            --k;
        }
        if (k < 0) {
            k = 0;
            v[0] = q;
            z[0] = -kFar;
            z[1] = kFar;
        }
    }
    if (k < 0) return;
    long j = 0;
    for (long q = 0; q < n; ++q) {
        const double x = double(q) * s;
        while (z[std::size_t(j) + 1] < x) ++j;
        const double d = x - double(v[std::size_t(j)]) * s;
        out[std::size_t(q)] = d * d + f[std::size_t(v[std::size_t(j)])];
    }
}

// Euclidean distance (mm) from every box voxel to the nearest one whose
// `kind` is `source`.
std::vector<double> distanceMm(const std::vector<char>& kind, char source, const Box& b, const double spacing[3]) {
    std::vector<double> d(kind.size());
    for (std::size_t v = 0; v < d.size(); ++v) d[v] = kind[v] == source ? 0 : kFar;
    std::vector<double> line, out, z;
    std::vector<long> idx;
    for (int axis = 0; axis < 3; ++axis) {
        const int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
        long p[3];
        for (p[a2] = 0; p[a2] < b.n(a2); ++p[a2])
            for (p[a1] = 0; p[a1] < b.n(a1); ++p[a1]) {
                line.resize(std::size_t(b.n(axis)));
                for (p[axis] = 0; p[axis] < b.n(axis); ++p[axis]) line[std::size_t(p[axis])] = d[b.at(p[0], p[1], p[2])];
                distanceLine(line, spacing[axis], out, idx, z);
                for (p[axis] = 0; p[axis] < b.n(axis); ++p[axis]) d[b.at(p[0], p[1], p[2])] = out[std::size_t(p[axis])];
            }
    }
    for (auto& x : d) x = std::sqrt(x);
    return d;
}

double median(std::vector<double> v) {
    const auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

EdgeRefinement refineEdge(const CtVolume& ct, const LabelledComponents& labelled, int label, MaskVolume& mask,
                          const EdgeRefinementOptions& o) {
    const auto& g = ct.geometry;
    if (ct.data.size() != g.voxelCount() || !g.sameGrid(labelled.grid) || !g.sameGrid(mask.geometry) ||
        mask.data.size() != g.voxelCount())
        throw InputError("edge refinement: the CT, the components and the mask must lie on one grid");
    if (label < 1 || std::size_t(label) > labelled.components.size())
        throw InputError("edge refinement: no component " + std::to_string(label));
    for (int a = 0; a < 3; ++a)
        if (!(g.spacing[a] > 0) || !std::isfinite(g.spacing[a]))
            throw InputError("edge refinement: the CT's voxel spacing must be positive");
    EdgeRefinement r;

    // The component's own box, then grown by the shell on every side.
    Box b{{labelled.hi[0], labelled.hi[1], labelled.hi[2]}, {labelled.lo[0], labelled.lo[1], labelled.lo[2]}};
    for (long k = labelled.lo[2]; k <= labelled.hi[2]; ++k)
        for (long j = labelled.lo[1]; j <= labelled.hi[1]; ++j)
            for (long i = labelled.lo[0]; i <= labelled.hi[0]; ++i)
                if (labelled.labelAt(i, j, k) == label) {
                    const long p[3] = {i, j, k};
                    for (int a = 0; a < 3; ++a) b.lo[a] = std::min(b.lo[a], p[a]), b.hi[a] = std::max(b.hi[a], p[a]);
                }
    for (int a = 0; a < 3; ++a) {
        const long margin = long(std::ceil(o.shellOuterMm / g.spacing[a])) + 1;
        b.lo[a] = std::max(0L, b.lo[a] - margin);
        b.hi[a] = std::min(long(g.size[a]) - 1, b.hi[a] + margin);
    }
    const long nx = long(g.size[0]), ny = long(g.size[1]);
    auto grid = [&](long i, long j, long k) { return std::size_t((i + b.lo[0]) + nx * ((j + b.lo[1]) + ny * (k + b.lo[2]))); };

    // 1: this component, 2: another one (never entered, never measured).
    std::vector<char> kind(b.size(), 0);
    std::vector<double> lesionHu, shellHu;
    for (long k = 0; k < b.n(2); ++k)
        for (long j = 0; j < b.n(1); ++j)
            for (long i = 0; i < b.n(0); ++i) {
                const int l = labelled.labelAt(i + b.lo[0], j + b.lo[1], k + b.lo[2]);
                const std::size_t v = b.at(i, j, k);
                kind[v] = l == label ? 1 : l > 0 ? 2 : 0;
                if (kind[v] == 1) lesionHu.push_back(ct.data[grid(i, j, k)]);
            }
    const auto dist = distanceMm(kind, 1, b, g.spacing.data());
    for (std::size_t v = 0; v < b.size(); ++v)
        if (kind[v] == 0 && dist[v] > o.shellInnerMm && dist[v] <= o.shellOuterMm) {
            long i, j, k;
            b.unpack(v, i, j, k);
            const double hu = ct.data[grid(i, j, k)];
            if (hu > -200 && hu < 400) shellHu.push_back(hu);
        }
    if (lesionHu.empty() || shellHu.empty() || shellHu.size() < o.minShellVoxels) return r;
    // The lesion's own value from the component's core (voxels whose six
    // neighbours are in it too; for a lesion on a slice or two, whose four
    // in-plane neighbours are): the network's mark of a small lesion often
    // reaches a voxel into the parenchyma, which would pull the median there.
    auto coreHu = [&](bool throughSlices) {
        std::vector<double> hu;
        auto in = [&](long i, long j, long k) {
            return i >= 0 && j >= 0 && k >= 0 && i < b.n(0) && j < b.n(1) && k < b.n(2) && kind[b.at(i, j, k)] == 1;
        };
        for (long k = 0; k < b.n(2); ++k)
            for (long j = 0; j < b.n(1); ++j)
                for (long i = 0; i < b.n(0); ++i)
                    if (in(i, j, k) && in(i - 1, j, k) && in(i + 1, j, k) && in(i, j - 1, k) && in(i, j + 1, k) &&
                        (!throughSlices || (in(i, j, k - 1) && in(i, j, k + 1))))
                        hu.push_back(ct.data[grid(i, j, k)]);
        return hu;
    };
    auto core = coreHu(true);
    if (core.size() < 8) core = coreHu(false);
    r.lesionHu = median(core.size() >= 4 ? core : lesionHu);
    r.surroundingHu = median(shellHu);
    for (auto& x : shellHu) x = std::abs(x - r.surroundingHu);
    r.surroundingSd = 1.4826 * median(shellHu);
    const double contrast = std::abs(r.lesionHu - r.surroundingHu);
    if (!(contrast >= o.minContrastHu) || contrast < o.noiseFactor * r.surroundingSd) return r;
    r.cutHu = std::max(o.noiseFactor * r.surroundingSd, o.contrastFraction * contrast);
    // Growth stays in soft tissue and short of tissue far more different
    // from the parenchyma than the lesion is: fat, air, bone or bile beside
    // a lesion at the liver's edge pass the cut but are not lesion.
    const double growCeiling = std::max(2 * contrast, contrast + 3 * r.surroundingSd);

    // Growing into the surroundings needs the noise margin too; keeping the
    // component's own voxels only the half-maximum (where the surroundings
    // vary a lot, the margin would take away much of a true lesion).
    const double keepCut = o.contrastFraction * contrast;
    std::vector<char> grows(b.size()), keeps(b.size());
    for (long k = 0; k < b.n(2); ++k)
        for (long j = 0; j < b.n(1); ++j)
            for (long i = 0; i < b.n(0); ++i) {
                const double hu = ct.data[grid(i, j, k)];
                const double d = std::abs(hu - r.surroundingHu);
                grows[b.at(i, j, k)] =
                    d >= r.cutHu && d <= growCeiling && hu >= o.tissueLowHu && hu <= o.tissueHighHu;
                keeps[b.at(i, j, k)] = d >= keepCut;
            }
    // A voxel passes where most of its in-plane neighbourhood lies past the
    // cut. The lesion is what connects (26) to the component's passing voxels
    // (all of its voxels without o.trim) through passing voxels of the
    // component or at most o.maxGrowMm from it.
    auto passing = [&](long i, long j, long k) {
        const auto& passes = kind[b.at(i, j, k)] == 1 ? keeps : grows;
        int n = 0;
        for (long dj = -1; dj <= 1; ++dj)
            for (long di = -1; di <= 1; ++di) {
                const long a = i + di, c = j + dj;
                if (a >= 0 && c >= 0 && a < b.n(0) && c < b.n(1)) n += passes[b.at(a, c, k)];
            }
        return n >= o.planeMajority;
    };
    auto candidate = [&](long i, long j, long k) {
        const std::size_t v = b.at(i, j, k);
        if (kind[v] == 2 || (kind[v] == 0 && dist[v] > o.maxGrowMm)) return false;
        return passing(i, j, k);
    };

    std::vector<char> region(b.size(), 0);
    std::vector<std::size_t> stack;
    for (long k = 0; k < b.n(2); ++k)
        for (long j = 0; j < b.n(1); ++j)
            for (long i = 0; i < b.n(0); ++i) {
                const std::size_t v = b.at(i, j, k);
                if (kind[v] == 1 && (!o.trim || passing(i, j, k))) region[v] = 1, stack.push_back(v);
            }
    if (stack.empty()) return r;  // none of it differs enough from its surroundings: leave it
    r.applied = true;
    while (!stack.empty()) {
        long i, j, k;
        b.unpack(stack.back(), i, j, k);
        stack.pop_back();
        for (long dk = -1; dk <= 1; ++dk)
            for (long dj = -1; dj <= 1; ++dj)
                for (long di = -1; di <= 1; ++di) {
                    const long a = i + di, c = j + dj, e = k + dk;
                    if (a < 0 || c < 0 || e < 0 || a >= b.n(0) || c >= b.n(1) || e >= b.n(2)) continue;
                    const std::size_t w = b.at(a, c, e);
                    if (!region[w] && candidate(a, c, e)) {
                        region[w] = 1;
                        stack.push_back(w);
                    }
                }
    }
    // Holes the grown region encloses (6-connected background not reaching
    // the box's faces) belong to the lesion, other components excepted.
    std::vector<char> outside(b.size(), 0);
    for (long k = 0; k < b.n(2); ++k)
        for (long j = 0; j < b.n(1); ++j)
            for (long i = 0; i < b.n(0); ++i) {
                const bool face = i == 0 || j == 0 || k == 0 || i == b.n(0) - 1 || j == b.n(1) - 1 || k == b.n(2) - 1;
                const std::size_t v = b.at(i, j, k);
                if (face && !region[v]) outside[v] = 1, stack.push_back(v);
            }
    while (!stack.empty()) {
        long i, j, k;
        b.unpack(stack.back(), i, j, k);
        stack.pop_back();
        const long step[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (const auto& s : step) {
            const long a = i + s[0], c = j + s[1], e = k + s[2];
            if (a < 0 || c < 0 || e < 0 || a >= b.n(0) || c >= b.n(1) || e >= b.n(2)) continue;
            const std::size_t w = b.at(a, c, e);
            if (!outside[w] && !region[w]) outside[w] = 1, stack.push_back(w);
        }
    }
    for (long k = 0; k < b.n(2); ++k)
        for (long j = 0; j < b.n(1); ++j)
            for (long i = 0; i < b.n(0); ++i) {
                const std::size_t v = b.at(i, j, k);
                if (kind[v] == 2) continue;
                auto& m = mask.data[grid(i, j, k)];
                const bool lesion = region[v] || !outside[v];
                if (lesion && m == 0) m = 1, ++r.added;
                if (!lesion && kind[v] == 1 && m != 0) m = 0, ++r.removed;
            }
    return r;
}

}  // namespace lsms::models
