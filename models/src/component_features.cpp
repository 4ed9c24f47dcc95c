#include "lsms/models/component_features.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace lsms::models {

const std::array<std::string, kComponentFeatures>& componentFeatureNames() {
    static const std::array<std::string, kComponentFeatures> names{
        "log10_volume_ml", "mean_hu",          "core_hu",      "rim_hu",      "shell_hu",
        "mean_minus_shell", "core_minus_rim",  "std_hu",       "x_body_frac", "y_body_frac",
        "x_mm",            "y_mm",             "z_mm",         "mean_probability"};
    return names;
}

namespace {

struct Sums {
    double n = 0, hu = 0, hu2 = 0, i = 0, j = 0, k = 0;
    double coreN = 0, core = 0, rimN = 0, rim = 0, shellN = 0, shell = 0;
};

// The body outline's box on slice k (voxels above -400 HU): centre index
// and half-extents in voxels. The whole slice if nothing is that dense.
struct BodyBox {
    double ci = 0, cj = 0, halfI = 1, halfJ = 1;
};

BodyBox bodyBox(const CtVolume& ct, long k) {
    const long nx = long(ct.geometry.size[0]), ny = long(ct.geometry.size[1]);
    long i0 = nx, i1 = -1, j0 = ny, j1 = -1;
    std::vector<float> scratch;
    const float* s = ct.sliceHu(std::size_t(k), scratch);
    for (long j = 0; j < ny; ++j)
        for (long i = 0; i < nx; ++i)
            if (s[i + nx * j] > -400.f) i0 = std::min(i0, i), i1 = std::max(i1, i), j0 = std::min(j0, j), j1 = std::max(j1, j);
    if (i1 < 0) i0 = 0, i1 = nx - 1, j0 = 0, j1 = ny - 1;
    return {0.5 * double(i0 + i1), 0.5 * double(j0 + j1), std::max(0.5, 0.5 * double(i1 - i0 + 1)),
            std::max(0.5, 0.5 * double(j1 - j0 + 1))};
}

}  // namespace

std::vector<ComponentFeatures> describeComponents(const CtVolume& ct, const LabelledComponents& labelled) {
    const auto& g = ct.geometry;
    const std::size_t n = labelled.components.size();
    std::vector<ComponentFeatures> out(n);
    if (n == 0) return out;
    if (ct.data.size() != g.voxelCount() || !g.sameGrid(labelled.grid) || labelled.hi[0] >= long(g.size[0]) ||
        labelled.hi[1] >= long(g.size[1]) || labelled.hi[2] >= long(g.size[2]))
        throw InputError("component labels do not lie on the CT's grid");
    const long nx = long(g.size[0]), ny = long(g.size[1]);
    // Core: at least ~3 mm inside the outline in-plane; shell: ~6 mm outside.
    const long rc = std::max(1L, std::lround(3.0 / g.spacing[0])), rs = std::max(2L, std::lround(6.0 / g.spacing[0]));
    const long coreOffsets[8][2] = {{rc, 0}, {-rc, 0}, {0, rc}, {0, -rc}, {rc, rc}, {-rc, rc}, {rc, -rc}, {-rc, -rc}};
    const long shellOffsets[8][2] = {{rs, 0}, {-rs, 0}, {0, rs}, {0, -rs}, {rs, rs}, {-rs, rs}, {rs, -rs}, {-rs, -rs}};
    std::vector<Sums> sums(n);
    std::size_t v = 0;
    for (long k = labelled.lo[2]; k <= labelled.hi[2]; ++k)
        for (long j = labelled.lo[1]; j <= labelled.hi[1]; ++j)
            for (long i = labelled.lo[0]; i <= labelled.hi[0]; ++i, ++v) {
                const int l = labelled.labels[v];
                if (l <= 0) continue;
                auto& s = sums[std::size_t(l - 1)];
                const double hu = ct.data[std::size_t(i + nx * (j + ny * k))];
                s.n += 1, s.hu += hu, s.hu2 += hu * hu, s.i += double(i), s.j += double(j), s.k += double(k);
                bool core = true;
                for (const auto& o : coreOffsets)
                    if (labelled.labelAt(i + o[0], j + o[1], k) != l) {
                        core = false;
                        break;
                    }
                if (core) s.coreN += 1, s.core += hu;
                else s.rimN += 1, s.rim += hu;
                for (const auto& o : shellOffsets) {
                    const long a = i + o[0], b = j + o[1];
                    if (a < 0 || b < 0 || a >= nx || b >= ny || labelled.labelAt(a, b, k) != 0) continue;
                    s.shellN += 1, s.shell += ct.data[std::size_t(a + nx * (b + ny * k))];
                }
            }
    std::map<long, BodyBox> bodies;
    for (std::size_t c = 0; c < n; ++c) {
        const auto& s = sums[c];
        const auto& comp = labelled.components[c];
        const double mean = s.hu / s.n;
        const double core = s.coreN > 0 ? s.core / s.coreN : mean;
        const double rim = s.rimN > 0 ? s.rim / s.rimN : mean;
        const double shell = s.shellN > 0 ? s.shell / s.shellN : mean;
        const double sd = std::sqrt(std::max(0.0, s.hu2 / s.n - mean * mean));
        const Vec3 centreIndex{s.i / s.n, s.j / s.n, s.k / s.n};
        const long k = std::lround(centreIndex[2]);
        auto it = bodies.find(k);
        if (it == bodies.end()) it = bodies.emplace(k, bodyBox(ct, k)).first;
        const BodyBox& b = it->second;
        const Vec3 p = g.indexToWorld(centreIndex);
        const Vec3 bodyCentre = g.indexToWorld({b.ci, b.cj, centreIndex[2]});
        // Patient x (L) and y (P) offsets, whatever the in-plane orientation.
        const double dx = p[0] - bodyCentre[0], dy = p[1] - bodyCentre[1];
        const double halfX = std::abs(g.spacing[0] * b.halfI * g.direction[0][0]) +
                             std::abs(g.spacing[1] * b.halfJ * g.direction[1][0]);
        const double halfY = std::abs(g.spacing[0] * b.halfI * g.direction[0][1]) +
                             std::abs(g.spacing[1] * b.halfJ * g.direction[1][1]);
        out[c] = {float(std::log10(std::max(comp.volumeMl, 1e-4))),
                  float(mean / 100),
                  float(core / 100),
                  float(rim / 100),
                  float(shell / 100),
                  float((mean - shell) / 100),
                  float((core - rim) / 100),
                  float(sd / 100),
                  float(dx / std::max(halfX, 1.0)),
                  float(dy / std::max(halfY, 1.0)),
                  float(dx / 100),
                  float(dy / 100),
                  float(p[2] / 100),
                  float(comp.meanProbability)};
    }
    return out;
}

}  // namespace lsms::models
