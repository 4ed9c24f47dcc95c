#include "lsms/core/phantom.h"

#include "lsms/core/error.h"
#include "phantom_anatomy.h"
#include "phantom_render.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

namespace lsms::phantom {

std::string toString(LesionKind kind) {
    switch (kind) {
        case LesionKind::Metastasis: return "metastasis";
        case LesionKind::Enhancing: return "enhancing";
        case LesionKind::Cyst: return "cyst";
        case LesionKind::RingEnhancing: return "ring-enhancing";
    }
    return "?";
}

LesionKind lesionKindFromString(const std::string& s) {
    for (auto k : {LesionKind::Metastasis, LesionKind::Enhancing, LesionKind::Cyst, LesionKind::RingEnhancing})
        if (toString(k) == s) return k;
    throw InputError("unknown lesion kind '" + s + "'");
}

std::string toString(Lobe lobe) {
    switch (lobe) {
        case Lobe::Right: return "right";
        case Lobe::Left: return "left";
        case Lobe::Caudate: return "caudate";
    }
    return "?";
}

std::string couinaudRoman(int segment) {
    static const char* r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"};
    if (segment < 1 || segment > 8) throw InputError("Couinaud segment must be 1..8");
    return r[segment - 1];
}

const DrawnParameter* findParameter(const std::vector<DrawnParameter>& params, const std::string& name) {
    for (const auto& p : params)
        if (p.name == name) return &p;
    return nullptr;
}

std::string toString(ContrastPhase phase) {
    switch (phase) {
        case ContrastPhase::NonContrast: return "non-contrast";
        case ContrastPhase::LateArterial: return "late-arterial";
        case ContrastPhase::PortalVenous: return "portal-venous";
        case ContrastPhase::Delayed: return "delayed";
    }
    return "?";
}

ContrastPhase contrastPhaseFromString(const std::string& s) {
    for (auto p : {ContrastPhase::NonContrast, ContrastPhase::LateArterial, ContrastPhase::PortalVenous, ContrastPhase::Delayed})
        if (toString(p) == s) return p;
    throw InputError("unknown contrast phase '" + s + "' (non-contrast, late-arterial, portal-venous or delayed)");
}

namespace {

Geometry chooseGrid(const PhantomOptions& o, Rng& rng) {
    // Every random draw happens whatever the overrides, so the anatomy of a
    // seed is the same on any grid.
    static const double kThick[] = {1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 5.0};
    const double pxDrawn = std::round(rng.uniform(0.6, 0.9) * 1000) / 1000;
    const double dzDrawn = kThick[rng.integer(0, 6)];
    const double extent = rng.uniform(230, 290);
    const double zCentre = rng.uniform(-15, 15);

    Geometry g;
    const int cols = o.columns > 0 ? o.columns : 512;
    const int rows = o.rows > 0 ? o.rows : 512;
    const double px = o.pixelSpacingMm > 0 ? o.pixelSpacingMm : pxDrawn;
    const double dz = o.sliceThicknessMm > 0 ? o.sliceThicknessMm : dzDrawn;
    const int n = o.slices > 0 ? o.slices : std::clamp(int(std::lround(extent / dz)), 100, 300);
    g.size = {std::size_t(cols), std::size_t(rows), std::size_t(n)};
    g.spacing = {px, px, dz};
    g.origin = {-(cols - 1) / 2.0 * px, -(rows - 1) / 2.0 * px + 12, zCentre - (n - 1) / 2.0 * dz};
    return g;
}

}  // namespace

namespace detail {

// Separable Gaussian blur along one axis of a float volume.
void blurAxis(HuValues::FloatBuffer& v, const Geometry& g, int axis, double sigmaVoxels, int threads) {
    if (sigmaVoxels < 0.2) return;
    const int radius = int(std::ceil(2.5 * sigmaVoxels));
    std::vector<float> w(2 * radius + 1);
    double sum = 0;
    for (int t = -radius; t <= radius; ++t) sum += w[t + radius] = float(std::exp(-0.5 * t * t / (sigmaVoxels * sigmaVoxels)));
    for (auto& x : w) x = float(x / sum);
    const std::size_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
    const std::size_t stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    const std::size_t len = g.size[axis];
    // Lines along `axis`, indexed by their start voxel.
    const std::size_t lines = g.voxelCount() / len;
    parallelFor(lines, threads, [&](std::size_t line) {
        std::size_t start;
        if (axis == 0) start = line * nx;
        else if (axis == 1) start = (line / nx) * nx * ny + (line % nx);
        else start = line;
        (void)nz;
        std::vector<float> in(len);
        for (std::size_t t = 0; t < len; ++t) in[t] = v[start + t * stride];
        for (std::size_t t = 0; t < len; ++t) {
            double acc = 0;
            for (int d = -radius; d <= radius; ++d) {
                const long q = std::clamp(long(t) + d, 0L, long(len) - 1);
                acc += w[d + radius] * in[std::size_t(q)];
            }
            v[start + t * stride] = float(acc);
        }
    });
}

double longestAxialDiameter(const LabelVolume& labels, std::uint16_t id) {
    const Geometry& g = labels.geometry;
    const std::size_t nx = g.size[0], ny = g.size[1];
    double best = 0;
    std::vector<std::pair<double, double>> edge;
    for (std::size_t k = 0; k < g.size[2]; ++k) {
        edge.clear();
        const auto* s = labels.slice(k);
        for (std::size_t j = 0; j < ny; ++j)
            for (std::size_t i = 0; i < nx; ++i) {
                if (s[i + nx * j] != id) continue;
                const bool border = i == 0 || j == 0 || i + 1 == nx || j + 1 == ny || s[i - 1 + nx * j] != id ||
                                    s[i + 1 + nx * j] != id || s[i + nx * (j - 1)] != id || s[i + nx * (j + 1)] != id;
                if (border) edge.emplace_back(i * g.spacing[0], j * g.spacing[1]);
            }
        for (std::size_t a = 0; a < edge.size(); ++a)
            for (std::size_t b = a + 1; b < edge.size(); ++b)
                best = std::max(best, std::hypot(edge[a].first - edge[b].first, edge[a].second - edge[b].second));
        // A single-voxel cross-section still spans one pixel.
        if (!edge.empty()) best = std::max(best, g.spacing[0]);
    }
    return best;
}

SeriesMetadata makeMetadata(std::uint64_t seed) {
    SeriesMetadata m;
    const std::string key = "lsms-phantom-" + std::to_string(seed);
    m.patientName = "PHANTOM^LIVER" + std::to_string(seed);
    m.patientId = "PH" + std::to_string(seed);
    m.patientBirthDate = "19700101";
    m.patientSex = "O";
    m.studyInstanceUid = uidFromKey(key + "-study");
    m.seriesInstanceUid = uidFromKey(key + "-series");
    m.frameOfReferenceUid = uidFromKey(key + "-for");
    m.studyDate = "20240101";
    m.studyTime = "120000";
    m.studyDescription = "Synthetic liver CT phantom (not a patient)";
    m.seriesDescription = "Phantom portal venous, seed " + std::to_string(seed);
    m.accessionNumber = "PH" + std::to_string(seed);
    m.seriesNumber = 2;
    m.modality = "CT";
    m.manufacturer = "LSMS Viewer phantom";
    return m;
}

void measureLesions(Phantom& ph, const Anatomy& anatomy, const std::vector<std::vector<DrawnParameter>>* lesionParameters) {
    const Geometry& g = ph.ct.geometry;
    // Ground truth measured on what was rendered; lesions too small to hit a
    // voxel centre are dropped and the rest renumbered 1..n.
    std::vector<std::size_t> count(anatomy.lesions().size() + 1, 0);
    std::vector<double> huSum(count.size(), 0);
    for (std::size_t v = 0; v < ph.labels.data.size(); ++v) {
        const auto id = ph.labels.data[v];
        if (id) {
            ++count[id];
            huSum[id] += ph.ct.data[v];
        }
    }
    std::vector<std::uint16_t> remap(count.size(), 0);
    std::uint16_t nextId = 1;
    for (std::size_t id = 1; id < count.size(); ++id)
        if (count[id] >= 3) remap[id] = nextId++;
    for (auto& v : ph.labels.data) v = remap[v];
    for (std::size_t id = 1; id < count.size(); ++id) {
        if (!remap[id]) continue;
        const Lesion& l = anatomy.lesions()[id - 1];
        LesionTruth t;
        t.id = remap[id];
        t.kind = l.kind;
        t.centre = l.shape.centre;
        t.volumeMl = double(count[id]) * g.voxelVolumeMm3() / 1000.0;
        t.meanHu = huSum[id] / double(count[id]);
        t.longestAxialDiameterMm = longestAxialDiameter(ph.labels, t.id);
        const LiverRegion r = anatomy.region(l.shape.centre);
        t.lobe = r.lobe;
        t.couinaud = r.couinaud;
        t.nominalDiameterMm = 2 * l.shape.semi[0];
        if (lesionParameters) t.parameters = (*lesionParameters)[id - 1];
        ph.lesions.push_back(t);
    }
}

}  // namespace detail

using namespace detail;

Phantom generatePhantom(const PhantomOptions& o) {
    if (o.version == 2) return generatePhantomV2(o);
    if (o.version != 1) throw InputError("phantom generator version must be 1 or 2");
    if (o.phase) throw InputError("a contrast phase can only be chosen for phantoms of generator version 2");
    if (o.columns < 0 || o.rows < 0 || o.slices < 0 || o.columns > 4096 || o.rows > 4096 || o.slices > 4096)
        throw InputError("phantom grid must be between 1 and 4096 voxels per axis");
    if (o.lesionCount > 6) throw InputError("a phantom holds at most 6 lesions");
    Rng rng(o.seed);
    Phantom ph;
    ph.seed = o.seed;
    const Geometry g = chooseGrid(o, rng);
    Anatomy anatomy(rng);

    const bool drawnNone = rng.uniform() < 0.1;
    const int drawnCount = rng.integer(1, 6);
    const double drawnNoise = rng.uniform(8, 18);
    const int wanted = o.lesionCount >= 0 ? o.lesionCount : (drawnNone ? 0 : drawnCount);
    for (int n = 0; n < wanted; ++n) {
        const double u = rng.uniform();
        const LesionKind kind = u < 0.4 ? LesionKind::Metastasis
                                : u < 0.6 ? LesionKind::Enhancing
                                : u < 0.85 ? LesionKind::Cyst
                                           : LesionKind::RingEnhancing;
        // Log-uniform diameter, 5..80 mm; ring-enhancing lesions need room for a rim.
        const double lo = kind == LesionKind::RingEnhancing ? 15 : 5;
        const double d = std::exp(rng.uniform(std::log(lo), std::log(80.0)));
        anatomy.addLesion(rng, kind, d);
    }
    const double noise = o.noiseSigmaHu >= 0 ? o.noiseSigmaHu : drawnNoise;

    ph.ct = CtVolume(g, -1000.f);
    ph.labels = LabelVolume(g, 0);
    ph.liver = MaskVolume(g, 0);
    const std::size_t nx = g.size[0], ny = g.size[1];
    parallelFor(g.size[2], o.threads, [&](std::size_t k) {
        float* ct = ph.ct.floatSlice(k);
        auto* lab = ph.labels.slice(k);
        auto* liv = ph.liver.slice(k);
        for (std::size_t j = 0; j < ny; ++j)
            for (std::size_t i = 0; i < nx; ++i) {
                const Sample s = anatomy.sample(g.indexToWorld({double(i), double(j), double(k)}));
                ct[i + nx * j] = s.hu;
                lab[i + nx * j] = s.lesion;
                liv[i + nx * j] = s.liver ? 1 : 0;
            }
    });
    // Partial volume: the scanner's point spread in-plane and slice profile through-plane.
    blurAxis(ph.ct.data.floatBuffer(), g, 0, 0.7 / g.spacing[0], o.threads);
    blurAxis(ph.ct.data.floatBuffer(), g, 1, 0.7 / g.spacing[1], o.threads);
    blurAxis(ph.ct.data.floatBuffer(), g, 2, 0.35, o.threads);
    // Noise, lightly correlated in-plane as reconstruction kernels make it;
    // each slice has its own stream so threading does not change the result.
    parallelFor(g.size[2], o.threads, [&](std::size_t k) {
        Rng nrng(o.seed * 1000003ULL + k + 17);
        std::vector<float> n(nx * ny), t(nx * ny);
        const double white = noise / 0.375;  // [1 2 1]/4 smoothing in x and y scales the SD by 0.375
        for (auto& x : n) x = float(white * nrng.normal());
        for (std::size_t j = 0; j < ny; ++j)
            for (std::size_t i = 0; i < nx; ++i) {
                const std::size_t l = i > 0 ? i - 1 : i, r = i + 1 < nx ? i + 1 : i;
                t[i + nx * j] = 0.25f * n[l + nx * j] + 0.5f * n[i + nx * j] + 0.25f * n[r + nx * j];
            }
        float* ct = ph.ct.floatSlice(k);
        for (std::size_t j = 0; j < ny; ++j)
            for (std::size_t i = 0; i < nx; ++i) {
                const std::size_t u = j > 0 ? j - 1 : j, d = j + 1 < ny ? j + 1 : j;
                const float nz = 0.25f * t[i + nx * u] + 0.5f * t[i + nx * j] + 0.25f * t[i + nx * d];
                const float air = ct[i + nx * j] < -990.f ? 0.3f : 1.f;  // less visible noise in air
                ct[i + nx * j] = std::clamp(std::round(ct[i + nx * j] + air * nz), -1024.f, 3071.f);
            }
    });

    ph.ct.compact();  // whole HU in [-1024, 3071]: int16, as a scanner stores them
    measureLesions(ph, anatomy, nullptr);
    ph.metadata = makeMetadata(o.seed);
    return ph;
}

}  // namespace lsms::phantom
