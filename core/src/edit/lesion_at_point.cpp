#include "lsms/core/edit/lesion_at_point.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <sstream>
#include <vector>

namespace lsms::edit {

namespace {

// The part of the volume the growth can reach, with its smoothed CT values.
// Everything works on box-local linear indices.
struct Neighbourhood {
    std::array<std::size_t, 3> lo{}, n{};
    Vec3 spacing{};
    std::array<std::size_t, 3> seed{};  // box-local
    std::vector<float> smooth;

    std::size_t index(std::size_t i, std::size_t j, std::size_t k) const { return i + n[0] * (j + n[1] * k); }
    std::array<std::size_t, 3> coords(std::size_t v) const { return {v % n[0], (v / n[0]) % n[1], v / (n[0] * n[1])}; }
    double distanceMm(std::size_t v) const {
        const auto c = coords(v);
        double d2 = 0;
        for (int a = 0; a < 3; ++a) {
            const double d = (double(c[a]) - double(seed[a])) * spacing[a];
            d2 += d * d;
        }
        return std::sqrt(d2);
    }
    // Calls f(neighbour) for each face neighbour of v inside the box.
    template <class F>
    void forFaces(std::size_t v, F&& f) const {
        const auto c = coords(v);
        const std::size_t stride[3] = {1, n[0], n[0] * n[1]};
        for (int a = 0; a < 3; ++a) {
            if (c[a] > 0) f(v - stride[a]);
            if (c[a] + 1 < n[a]) f(v + stride[a]);
        }
    }
};

Neighbourhood makeNeighbourhood(const CtVolume& ct, const std::array<std::size_t, 3>& seed, std::size_t marginMm) {
    const Geometry& g = ct.geometry;
    Neighbourhood nb;
    nb.spacing = g.spacing;
    std::array<std::size_t, 3> hi{};
    for (int a = 0; a < 3; ++a) {
        const auto margin = std::size_t(std::ceil(double(marginMm) / g.spacing[a])) + 2;
        nb.lo[a] = seed[a] > margin ? seed[a] - margin : 0;
        hi[a] = std::min(g.size[a], seed[a] + margin + 1);
        nb.n[a] = hi[a] - nb.lo[a];
        nb.seed[a] = seed[a] - nb.lo[a];
    }
    // Thick slices are not averaged across: the next slice is several mm
    // away and would blur small lesions through-plane.
    std::array<std::size_t, 3> half{};
    for (int a = 0; a < 3; ++a) half[a] = g.spacing[a] <= 2.5 ? 1 : 0;
    nb.smooth.assign(nb.n[0] * nb.n[1] * nb.n[2], 0.f);
    for (std::size_t k = 0; k < nb.n[2]; ++k)
        for (std::size_t j = 0; j < nb.n[1]; ++j)
            for (std::size_t i = 0; i < nb.n[0]; ++i) {
                const std::size_t x = nb.lo[0] + i, y = nb.lo[1] + j, z = nb.lo[2] + k;
                double sum = 0;
                int count = 0;
                for (std::size_t zz = z > half[2] ? z - half[2] : 0; zz <= std::min(g.size[2] - 1, z + half[2]); ++zz)
                    for (std::size_t yy = y > half[1] ? y - half[1] : 0; yy <= std::min(g.size[1] - 1, y + half[1]); ++yy)
                        for (std::size_t xx = x > half[0] ? x - half[0] : 0; xx <= std::min(g.size[0] - 1, x + half[0]);
                             ++xx) {
                            sum += ct.at(xx, yy, zz);
                            ++count;
                        }
                nb.smooth[nb.index(i, j, k)] = float(sum / count);
            }
    return nb;
}

double median(std::vector<float> values) {
    if (values.empty()) return 0;
    const auto mid = values.begin() + std::ptrdiff_t(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

struct Grown {
    std::vector<std::uint8_t> in;
    std::size_t count = 0;
    bool pastRadius = false;
    bool pastVolume = false;
    bool refused() const { return pastRadius || pastVolume; }
};

// Growth over voxels whose value and every face neighbour's value lie
// within the tolerance, then one face step out into voxels whose own value
// does. The blurred boundary between two tissues (liver and fat, a lesion and
// the liver's surface) passes through every value in between in a sheet
// about one voxel thick; a growth that needs its neighbours within the
// tolerance too cannot run along that sheet around the organ.
Grown grow(const Neighbourhood& nb, double centreHu, double toleranceHu, const LesionAtPointOptions& o) {
    const std::size_t count = nb.smooth.size();
    std::vector<std::uint8_t> like(count), core(count);
    for (std::size_t v = 0; v < count; ++v) like[v] = std::abs(nb.smooth[v] - centreHu) <= toleranceHu;
    for (std::size_t v = 0; v < count; ++v) {
        bool all = like[v];
        nb.forFaces(v, [&](std::size_t w) { all = all && like[w]; });
        core[v] = all;
    }
    Grown r;
    r.in.assign(count, 0);
    const double voxelMl = nb.spacing[0] * nb.spacing[1] * nb.spacing[2] / 1000.0;
    const auto maxVoxels = std::size_t(o.maxVolumeMl / voxelMl);
    const std::size_t start = nb.index(nb.seed[0], nb.seed[1], nb.seed[2]);
    std::deque<std::size_t> queue{start};
    std::vector<std::size_t> grown{start};
    r.in[start] = 1;
    r.count = 1;
    while (!queue.empty() && !r.refused()) {
        const std::size_t v = queue.front();
        queue.pop_front();
        nb.forFaces(v, [&](std::size_t w) {
            if (r.in[w] || !core[w]) return;
            if (nb.distanceMm(w) > o.maxRadiusMm) {
                r.pastRadius = true;
                return;
            }
            r.in[w] = 1;
            queue.push_back(w);
            grown.push_back(w);
            if (++r.count > maxVoxels) r.pastVolume = true;
        });
    }
    if (r.refused()) return r;
    // Two steps, not one: one step back restores a face but not the rim
    // where two faces meet (a cube's edge would be lost); a sheet cannot be
    // followed for two voxels into a flood.
    for (int step = 0; step < 2; ++step) {
        std::vector<std::size_t> added;
        for (std::size_t v : grown)
            nb.forFaces(v, [&](std::size_t w) {
                if (r.in[w] || !like[w]) return;
                r.in[w] = 1;
                ++r.count;
                added.push_back(w);
            });
        grown.swap(added);
    }
    return r;
}

// The first growth at the widest tolerance that does not flood: a small
// lesion's click ball mixes in its surroundings and widens the tolerance
// until it admits them, so a flood is retried narrower before it is refused.
Grown growNarrowing(const Neighbourhood& nb, double centreHu, double toleranceHu, const LesionAtPointOptions& o) {
    Grown r = grow(nb, centreHu, toleranceHu, o);
    for (double t = toleranceHu / 1.4; r.refused() && t >= o.minToleranceHu / 2; t /= 1.4) {
        Grown narrower = grow(nb, centreHu, t, o);
        if (!narrower.refused()) return narrower;
    }
    return r;
}

// Smoothed values of the voxels `fromLayer`..`toLayer` face steps outside the region.
std::vector<float> shellValues(const Neighbourhood& nb, const Grown& region, int fromLayer, int toLayer) {
    std::vector<int> layer(nb.smooth.size(), -1);
    std::vector<std::size_t> front;
    for (std::size_t v = 0; v < region.in.size(); ++v)
        if (region.in[v]) {
            layer[v] = 0;
            front.push_back(v);
        }
    std::vector<float> values;
    for (int l = 1; l <= toLayer && !front.empty(); ++l) {
        std::vector<std::size_t> next;
        for (std::size_t v : front)
            nb.forFaces(v, [&](std::size_t w) {
                if (layer[w] >= 0) return;
                layer[w] = l;
                next.push_back(w);
                if (l >= fromLayer) values.push_back(nb.smooth[w]);
            });
        front.swap(next);
    }
    return values;
}

std::vector<float> regionValues(const Neighbourhood& nb, const Grown& region) {
    std::vector<float> values;
    values.reserve(region.count);
    for (std::size_t v = 0; v < region.in.size(); ++v)
        if (region.in[v]) values.push_back(nb.smooth[v]);
    return values;
}

// Background enclosed by the region (not reachable from the box's faces)
// joins it: a calcification or a necrotic speck is part of the lesion.
void fillHoles(const Neighbourhood& nb, Grown& region) {
    std::vector<std::uint8_t> outside(region.in.size(), 0);
    std::deque<std::size_t> queue;
    for (std::size_t v = 0; v < region.in.size(); ++v) {
        const auto c = nb.coords(v);
        bool face = false;
        for (int a = 0; a < 3; ++a) face = face || c[a] == 0 || c[a] + 1 == nb.n[a];
        if (face && !region.in[v]) {
            outside[v] = 1;
            queue.push_back(v);
        }
    }
    while (!queue.empty()) {
        const std::size_t v = queue.front();
        queue.pop_front();
        nb.forFaces(v, [&](std::size_t w) {
            if (outside[w] || region.in[w]) return;
            outside[w] = 1;
            queue.push_back(w);
        });
    }
    for (std::size_t v = 0; v < region.in.size(); ++v)
        if (!outside[v] && !region.in[v]) {
            region.in[v] = 1;
            ++region.count;
        }
}

std::string refusal(const Grown& r, const LesionAtPointOptions& o) {
    std::ostringstream s;
    s << "no lesion edge found near the click: ";
    if (r.pastRadius)
        s << "tissue like the clicked voxel's reaches beyond " << o.maxRadiusMm << " mm from it";
    else
        s << "tissue like the clicked voxel's fills more than " << o.maxVolumeMl << " mL";
    s << " (parenchyma, or a lesion too large to grow from one click)";
    return s.str();
}

}  // namespace

MaskVolume lesionAtPoint(const CtVolume& ct, const std::array<std::size_t, 3>& seed, const LesionAtPointOptions& o) {
    const Geometry& g = ct.geometry;
    if (ct.data.empty() || ct.data.size() != g.voxelCount()) throw InputError("no CT volume to grow a lesion in");
    for (int a = 0; a < 3; ++a)
        if (seed[a] >= g.size[a]) throw InputError("the clicked point lies outside the volume");
    if (!(o.maxRadiusMm > 0) || !(o.maxVolumeMl > 0) || !(o.minToleranceHu > 0) || o.maxToleranceHu < o.minToleranceHu)
        throw InputError("lesion-at-point options out of range");

    const double minSpacing = std::min({g.spacing[0], g.spacing[1], g.spacing[2]});
    const int shellLayers = std::max(2, int(std::ceil(o.shellMm / minSpacing))) + 1;
    const Neighbourhood nb =
        makeNeighbourhood(ct, seed, std::size_t(std::ceil(o.maxRadiusMm + shellLayers * std::max({g.spacing[0], g.spacing[1], g.spacing[2]}))));

    std::vector<float> ball;
    for (std::size_t v = 0; v < nb.smooth.size(); ++v)
        if (nb.distanceMm(v) <= std::max(o.seedRadiusMm, 0.0)) ball.push_back(nb.smooth[v]);
    const double clickHu = median(ball);
    std::vector<float> deviation;
    for (float x : ball) deviation.push_back(float(std::abs(x - clickHu)));
    const double robustSd = 1.4826 * median(deviation);
    const double tolerance = std::clamp(o.spreadSds * robustSd, o.minToleranceHu, o.maxToleranceHu);

    Grown region = growNarrowing(nb, clickHu, tolerance, o);
    if (region.refused()) throw InputError(refusal(region, o));

    const double lesionHu = median(regionValues(nb, region));
    const double aroundHu = median(shellValues(nb, region, 2, shellLayers));
    const double contrast = std::abs(aroundHu - lesionHu);
    if (contrast >= 2 * o.minToleranceHu) {
        // A regrowth that floods means the shell was not one tissue (a
        // lesion against a vessel on one side and fat on the other): the
        // first region stands.
        Grown edge = grow(nb, lesionHu, contrast / 2, o);
        if (!edge.refused()) region = std::move(edge);
    }
    fillHoles(nb, region);

    MaskVolume mask(g, 0);
    for (std::size_t v = 0; v < region.in.size(); ++v)
        if (region.in[v]) {
            const auto c = nb.coords(v);
            mask.at(nb.lo[0] + c[0], nb.lo[1] + c[1], nb.lo[2] + c[2]) = 1;
        }
    return mask;
}

}  // namespace lsms::edit
