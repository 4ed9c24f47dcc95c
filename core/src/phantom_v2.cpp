// Generation-2 phantoms: the generation-1 anatomy, then per seed a contrast
// phase, liver state, shapes, habitus, scanner (grid, kernel, noise) and
// artefacts, all drawn through ParameterDraw; rendered with true partial
// volume (sub-slices averaged over the slice thickness, edge pixels
// supersampled) and FBP-textured noise.
#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "phantom_anatomy.h"
#include "phantom_appearance.h"
#include "phantom_artefacts.h"
#include "phantom_draw.h"
#include "phantom_noise.h"
#include "phantom_render.h"
#include "phantom_shape.h"

#include <cmath>
#include <memory>

namespace lsms::phantom {

namespace {
constexpr double kPi = 3.14159265358979;

struct Plan {
    Geometry g;
    std::unique_ptr<Anatomy> anatomy;
    std::vector<DrawnParameter> params;
    std::vector<std::vector<DrawnParameter>> lesionParams;  // one per anatomy lesion
    ContrastPhase phase = ContrastPhase::PortalVenous;
    NoiseTexture noise;
    double psfMm = 0.6;
    int subSlices = 1;
    ArtefactParameters artefacts;
    std::vector<Phantom::ReferencePoint> references;
};

// A disc of the axial plane at `c` whose points all satisfy `ok`.
template <typename F>
bool discOk(const Vec3& c, double r, F&& ok) {
    if (!ok(c)) return false;
    for (double rr : {0.5 * r, r})
        for (int a = 0; a < 12; ++a) {
            const double t = 2 * kPi * a / 12;
            if (!ok(Vec3{c[0] + rr * std::cos(t), c[1] + rr * std::sin(t), c[2]})) return false;
        }
    return true;
}

void addReferencePoints(Plan& p) {
    const Anatomy& a = *p.anatomy;
    const Tissues& t = a.tissues();
    const double s = a.patientScale();
    const double z = a.rightLobeCentre()[2];
    auto push = [&](const std::string& name, const Vec3& c, double r, auto&& ok) {
        if (discOk(c, r, ok)) p.references.push_back({name, c, r});
    };
    const Vec3 rl = a.rightLobeCentre();
    for (double dy = 0; dy <= 40 && p.references.empty(); dy += 10)
        for (double dx = 0; dx <= 50 && p.references.empty(); dx += 10)
            for (int sgn : {-1, 1}) {
                const Vec3 c{rl[0] + sgn * dx, rl[1] - dy, z};
                auto parenchyma = [&](const Vec3& q) {
                    for (double dz : {-3.0, 0.0, 3.0}) {
                        const Sample sm = a.sample({q[0], q[1], q[2] + dz});
                        if (!sm.liver || sm.lesion || std::abs(sm.hu - t.liver) > 40) return false;
                    }
                    return true;
                };
                push("liver", c, 12, parenchyma);
                if (!p.references.empty()) break;
            }
    auto is = [&](double hu) { return [&a, hu](const Vec3& q) { return a.sample(q).hu == float(hu); }; };
    const Vec3 sp = a.spleenCentre();
    push("spleen", Vec3{sp[0], sp[1], sp[2]}, 10, is(t.spleen));
    const Vec3 ao = a.aortaCentre();
    push("aorta", Vec3{ao[0], ao[1], z}, 0.6 * a.aortaRadius(), is(t.aorta));
    const double fat = a.fatMm();
    push("subcutaneous_fat", Vec3{0, -(a.bodyHalfDepth() - 0.5 * fat), z}, std::clamp(0.5 * fat - 1.5, 1.0, 8.0), is(t.fat));
    // Lateral and posterior of the muscle's centre, clear of the laminae.
    push("paraspinal_muscle", Vec3{36 * s, 108 * s, z}, 7 * s, is(t.muscle));
}

Plan makePlan(const PhantomOptions& o) {
    if (o.columns < 0 || o.rows < 0 || o.slices < 0 || o.columns > 4096 || o.rows > 4096 || o.slices > 4096)
        throw InputError("phantom grid must be between 1 and 4096 voxels per axis");
    if (o.lesionCount > 6) throw InputError("a phantom holds at most 6 lesions");
    Plan p;
    Rng rng(o.seed);
    // Generation 1's grid draws come first there; consuming them keeps each
    // seed's base anatomy (organ sizes, vessels, bowel) the same in both.
    rng.uniform();
    rng.integer(0, 6);
    rng.uniform();
    rng.uniform();
    p.anatomy = std::make_unique<Anatomy>(rng);
    Anatomy& a = *p.anatomy;
    ParameterDraw d(rng, p.params);
    d.record("generator_version", 2, 2, 2);

    p.phase = drawPhase(d, o.phase);
    const LiverState state = drawLiverState(d);
    a.setTissues(drawTissues(d, p.phase, state));
    const Habitus h = drawShape(d, a, state, p.phase, a.wallMm());

    // Scanner grid. Every draw happens whatever the overrides, so a seed's
    // anatomy and appearance are the same on any grid.
    const double fovLo = std::clamp(0.95 * h.widthMm, 300.0, 500.0);
    const double fov = d.uniform("grid.field_of_view_mm", fovLo, 500);
    static const std::vector<double> kThick{0.625, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 5.0};
    const int ti = d.choose("grid.native_slice_thickness", {1, 1.5, 1, 0.7, 1, 1, 1, 1.5},
                            {"0.625", "1.0", "1.25", "1.5", "2.0", "2.5", "3.0", "5.0"});
    const double nativeThick = d.record("grid.native_slice_thickness_mm", kThick[std::size_t(ti)], 0.625, 5);
    const double nativePx = d.record("grid.native_pixel_mm", fov / 512, 0.55, 1.0);
    const double extent = d.uniform("grid.z_extent_mm", 200, 300);
    const double zCentre = d.uniform("grid.z_centre_mm", -15, 15);
    const double xCentre = d.uniform("grid.field_centre_x_mm", -15, 15);
    const double yCentre = d.uniform("grid.field_centre_y_mm", -5, 25);

    const int cols = o.columns > 0 ? o.columns : 512;
    const int rows = o.rows > 0 ? o.rows : 512;
    const double px = o.pixelSpacingMm > 0 ? o.pixelSpacingMm : fov / cols;
    const double dz = o.sliceThicknessMm > 0 ? o.sliceThicknessMm : nativeThick;
    const int n = o.slices > 0 ? o.slices : std::clamp(int(std::lround(extent / dz)), 40, 480);
    p.g.size = {std::size_t(cols), std::size_t(rows), std::size_t(n)};
    p.g.spacing = {px, px, dz};
    p.g.origin = {xCentre - (cols - 1) / 2.0 * px, yCentre - (rows - 1) / 2.0 * px, zCentre - (n - 1) / 2.0 * dz};
    d.record("grid.pixel_mm", px, 0, 100);
    d.record("grid.slice_thickness_mm", dz, 0, 100);

    // Reconstruction kernel: a sharper one peaks its noise higher and blurs less.
    const double sharp = d.uniform("scanner.kernel_sharpness", 0, 1);
    p.noise.peakPerMm = d.record("noise.nps_peak_per_mm", 0.2 + 0.2 * sharp, 0.2, 0.4);
    p.psfMm = d.record("scanner.psf_sigma_mm", 0.85 - 0.45 * sharp, 0.4, 0.85);
    double sigmaNative = d.logUniform("noise.sigma_native_hu", 5, 35);
    if (o.noiseSigmaHu >= 0) sigmaNative = d.record("noise.sigma_native_forced_hu", o.noiseSigmaHu, 0, 1000);
    // The level is a dose: fixed in physical terms, so on another grid the
    // SD changes as physics says (thinner slices noisier).
    p.noise.sigmaAtReferenceHu = d.record(
        "noise.sigma_reference_hu", sigmaNative / noiseSigmaOnGrid({1.0, p.noise.peakPerMm}, nativePx, nativeThick), 0, 1000);
    p.subSlices = int(d.record("render.sub_slices", std::max(1.0, double(std::lround(dz / 0.9))), 1, 100));

    ArtefactParameters& art = p.artefacts;
    if (d.chance("artefact.bias", 0.7)) {
        art.biasHu = d.uniform("artefact.bias_sd_hu", 1, 3);
        for (int w = 0; w < 3; ++w) {
            const std::string key = "artefact.bias." + std::to_string(w);
            const double lambda = d.uniform(key + ".wavelength_mm", 150, 400);
            const double ang = d.uniform(key + ".angle_rad", 0, 2 * kPi);
            const double tilt = d.uniform(key + ".tilt", -0.5, 0.5);
            art.biasK[w] = (2 * kPi / lambda) * normalized(Vec3{std::cos(ang), std::sin(ang), tilt});
            art.biasPhase[w] = d.uniform(key + ".phase_rad", 0, 2 * kPi);
        }
    }
    art.cuppingHu = d.uniform("artefact.cupping_hu", 0, 12) * (h.widthMm / 320) * (h.widthMm / 320);
    d.record("artefact.cupping_scaled_hu", art.cuppingHu, 0, 20);
    art.bodyHalfWidth = a.bodyHalfWidth();
    art.bodyHalfDepth = a.bodyHalfDepth();
    art.beamHardening = d.chance("artefact.beam_hardening", 0.8) ? d.uniform("artefact.beam_hardening_per_mm", 0.002, 0.012) : 0;

    // Lesions: at least 30 % of them 3-10 mm; rough shapes, some confluent.
    const bool none = d.chance("lesions.none", 0.1);
    const double countDraw = d.uniform("lesions.count_draw", 0, 1);
    const int wanted = o.lesionCount >= 0 ? o.lesionCount : (none ? 0 : 1 + std::min(5, int(countDraw * 6)));
    d.record("lesions.wanted", wanted, 0, 6);
    static const std::vector<std::string> kinds{"metastasis", "enhancing", "cyst", "ring-enhancing"};
    for (int k = 0; k < wanted; ++k) {
        std::vector<DrawnParameter> lp;
        ParameterDraw dl(rng, lp);
        const LesionKind kind = LesionKind(dl.choose("kind", {0.4, 0.2, 0.25, 0.15}, kinds));
        const bool small = kind != LesionKind::RingEnhancing && dl.chance("small", 0.45);
        const double lo = small ? 3 : kind == LesionKind::RingEnhancing ? 12 : 10;
        const double diameter = dl.logUniform("diameter_drawn_mm", lo, small ? 10 : 80);
        const double lob = kind == LesionKind::Cyst ? dl.uniform("lobulation", 0, 0.04) : dl.uniform("lobulation", 0.05, 0.35);
        const int satellites = kind == LesionKind::Metastasis && dl.chance("confluent", 0.15) ? 1 + int(dl.uniform("satellites_draw", 0, 2)) : 0;
        dl.record("satellites", satellites, 0, 2);
        Lesion* l = a.addLesion2(rng, kind, diameter, lob, satellites);
        if (!l) continue;
        for (int c = 0; c < 3; ++c) dl.record(std::string("semi_axis_mm.") + "xyz"[c], l->shape.semi[std::size_t(c)], 1.0, 50);
        drawLesionAppearance(dl, *l, p.phase, a.tissues().liver);
        p.lesionParams.push_back(lp);
    }
    addReferencePoints(p);
    return p;
}

SeriesMetadata metadataV2(std::uint64_t seed, ContrastPhase phase) {
    SeriesMetadata m = detail::makeMetadata(seed);
    const std::string key = "lsms-phantom-v2-" + std::to_string(seed);
    m.studyInstanceUid = uidFromKey(key + "-study");
    m.seriesInstanceUid = uidFromKey(key + "-series");
    m.frameOfReferenceUid = uidFromKey(key + "-for");
    m.seriesDescription = "Phantom v2 " + toString(phase) + ", seed " + std::to_string(seed);
    return m;
}
}  // namespace

DrawnPhantom drawnParameters(const PhantomOptions& o) {
    if (o.version != 2) throw InputError("drawn parameters exist for phantoms of generator version 2");
    Plan p = makePlan(o);
    return {std::move(p.params), std::move(p.lesionParams)};
}

Phantom generatePhantomV2(const PhantomOptions& o) {
    using detail::parallelFor;
    Plan plan = makePlan(o);
    const Geometry& g = plan.g;
    const Anatomy& anatomy = *plan.anatomy;
    Phantom ph;
    ph.seed = o.seed;
    ph.version = 2;
    ph.ct = CtVolume(g, -1000.f);
    ph.labels = LabelVolume(g, 0);
    ph.liver = MaskVolume(g, 0);
    const std::size_t nx = g.size[0], ny = g.size[1];
    const std::size_t nLes = anatomy.lesions().size();
    const int nSub = plan.subSlices;
    const double px = g.spacing[0], py = g.spacing[1];

    // Partial volume: each slice averages sub-slices across its thickness;
    // pixels on an edge average a 2x2 sub-grid. The label is the lesion that
    // fills at least half the voxel's sub-slices.
    parallelFor(g.size[2], o.threads, [&](std::size_t k) {
        std::vector<Sample> cs(nx * ny);
        std::vector<float> acc(nx * ny, 0.f);
        std::vector<std::uint8_t> votes(nx * ny * (nLes + 1), 0), liverVotes(nx * ny, 0);
        const Vec3 base = g.indexToWorld({0, 0, double(k)});
        for (int m = 0; m < nSub; ++m) {
            const double z = base[2] + ((m + 0.5) / nSub - 0.5) * g.spacing[2];
            for (std::size_t j = 0; j < ny; ++j)
                for (std::size_t i = 0; i < nx; ++i) cs[i + nx * j] = anatomy.sample({base[0] + double(i) * px, base[1] + double(j) * py, z});
            for (std::size_t j = 0; j < ny; ++j)
                for (std::size_t i = 0; i < nx; ++i) {
                    const std::size_t v = i + nx * j;
                    const float c = cs[v].hu;
                    const bool edge = (i > 0 && std::abs(cs[v - 1].hu - c) > 25) || (i + 1 < nx && std::abs(cs[v + 1].hu - c) > 25) ||
                                      (j > 0 && std::abs(cs[v - nx].hu - c) > 25) || (j + 1 < ny && std::abs(cs[v + nx].hu - c) > 25);
                    float hu = c;
                    if (edge) {
                        const double x = base[0] + double(i) * px, y = base[1] + double(j) * py;
                        double sum = 0;
                        for (double oy : {-0.25, 0.25})
                            for (double ox : {-0.25, 0.25}) sum += anatomy.sample({x + ox * px, y + oy * py, z}).hu;
                        hu = float(sum / 4);
                    }
                    acc[v] += hu;
                    ++votes[v * (nLes + 1) + cs[v].lesion];
                    if (cs[v].liver) ++liverVotes[v];
                }
        }
        float* ct = ph.ct.floatSlice(k);
        auto* lab = ph.labels.slice(k);
        auto* liv = ph.liver.slice(k);
        for (std::size_t v = 0; v < nx * ny; ++v) {
            ct[v] = acc[v] / float(nSub);
            std::uint16_t best = 0;
            int bestVotes = 0;
            for (std::size_t id = 1; id <= nLes; ++id)
                if (votes[v * (nLes + 1) + id] > bestVotes) best = std::uint16_t(id), bestVotes = votes[v * (nLes + 1) + id];
            lab[v] = 2 * bestVotes >= nSub ? best : 0;
            liv[v] = 2 * liverVotes[v] >= nSub ? 1 : 0;
        }
    });
    // The reconstruction kernel's point spread, in-plane.
    detail::blurAxis(ph.ct.data.floatBuffer(), g, 0, plan.psfMm / px, o.threads);
    detail::blurAxis(ph.ct.data.floatBuffer(), g, 1, plan.psfMm / py, o.threads);
    parallelFor(g.size[2], o.threads, [&](std::size_t k) {
        float* ct = ph.ct.floatSlice(k);
        addBeamHardening(plan.artefacts, ct, nx, ny, px, py);
        const Vec3 o0 = g.indexToWorld({0, 0, double(k)});
        addBiasAndCupping(plan.artefacts, ct, nx, ny, o0[0], o0[1], px, py, o0[2]);
    });
    // Noise, two slices per inverse FFT, each pair with its own stream.
    const bool noisy = plan.noise.sigmaAtReferenceHu > 0;
    const NoiseField field(plan.noise, nx, ny, px, py, g.spacing[2]);
    plan.params.push_back({"noise.sigma_hu", noisy ? field.sigma() : 0.0, 0, 1000, {}});
    const std::size_t pairs = (g.size[2] + 1) / 2;
    parallelFor(pairs, o.threads, [&](std::size_t q) {
        std::vector<float> a(nx * ny, 0.f), b(nx * ny, 0.f);
        if (noisy) {
            Rng nrng(o.seed * 1000003ULL + q + 7919);
            field.pair(nrng, a.data(), b.data());
        }
        for (int h = 0; h < 2; ++h) {
            const std::size_t k = 2 * q + std::size_t(h);
            if (k >= g.size[2]) break;
            float* ct = ph.ct.floatSlice(k);
            const float* n = h == 0 ? a.data() : b.data();
            for (std::size_t v = 0; v < nx * ny; ++v) ct[v] = std::clamp(std::round(ct[v] + n[v]), -1024.f, 3071.f);
        }
    });
    ph.ct.compact();  // whole HU in [-1024, 3071]: int16, as a scanner stores them
    detail::measureLesions(ph, anatomy, &plan.lesionParams);
    ph.parameters = std::move(plan.params);
    ph.referencePoints = std::move(plan.references);
    ph.metadata = metadataV2(o.seed, plan.phase);
    return ph;
}

}  // namespace lsms::phantom
