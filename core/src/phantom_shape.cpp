#include "phantom_shape.h"

#include <algorithm>
#include <cmath>

namespace lsms::phantom {

namespace {
constexpr double kPi = 3.14159265358979;

Vec3 unitVector(ParameterDraw& d, const std::string& key) {
    Rng& rng = d.rng();
    for (;;) {
        Vec3 v{rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)};
        const double n = norm(v);
        if (n > 0.1 && n <= 1) {
            v = (1.0 / n) * v;
            for (int c = 0; c < 3; ++c) d.record(key + "." + "xyz"[c], v[std::size_t(c)], -1, 1);
            return v;
        }
    }
}

// Waves of random direction with wavelengths log-uniform in [lo, hi] mm.
std::vector<Wave> waves(ParameterDraw& d, const std::string& name, int n, double lambdaLo, double lambdaHi, double amplitude) {
    std::vector<Wave> out;
    for (int i = 0; i < n; ++i) {
        Wave w;
        const std::string key = name + "." + std::to_string(i);
        const double lambda = d.logUniform(key + ".wavelength_mm", lambdaLo, lambdaHi);
        w.k = (2 * kPi / lambda) * unitVector(d, key + ".direction");
        w.phase = d.uniform(key + ".phase_rad", 0, 2 * kPi);
        w.dir = unitVector(d, key + ".displacement");
        w.amplitude = amplitude;
        out.push_back(w);
    }
    return out;
}
}  // namespace

Habitus drawShape(ParameterDraw& d, Anatomy& a, LiverState state, ContrastPhase phase, double wallMm) {
    const double s = a.patientScale();
    Generation2Anatomy g;
    Habitus h;

    // Body: the organs fill a cavity set by the patient's scale; subcutaneous
    // fat and width vary around it (25-40 cm wide).
    const double cavityA = 138 * s * d.uniform("body.cavity_width_factor", 0.92, 1.04);
    const double cavityB = 100 * s * d.uniform("body.cavity_depth_factor", 0.92, 1.05);
    const double fatLo = std::max(5.0, 125 - cavityA - wallMm), fatHi = std::max(fatLo, std::min(45.0, 200 - cavityA - wallMm));
    h.fatMm = d.uniform("body.subcutaneous_fat_mm", fatLo, fatHi);
    const double halfWidth = cavityA + wallMm + h.fatMm;
    h.widthMm = d.record("body.width_mm", 2 * halfWidth, 250, 400);
    // The back lies on the table: the spine's posterior elements stay inside.
    h.halfDepthMm = d.record("body.half_depth_mm", std::max(cavityB + wallMm + h.fatMm, 132 * s), 90, 260);
    a.setBody(halfWidth, h.halfDepthMm, h.fatMm);

    // Lobe ratios; cirrhosis shrinks the right lobe, enlarges the caudate and
    // left lobe, and the spleen.
    const bool cirrhotic = state == LiverState::Cirrhotic;
    const double right = cirrhotic ? d.uniform("liver.right_lobe_scale", 0.72, 0.88) : d.uniform("liver.right_lobe_scale", 0.9, 1.1);
    const double left = cirrhotic ? d.uniform("liver.left_lobe_scale", 1.0, 1.2) : d.uniform("liver.left_lobe_scale", 0.85, 1.15);
    const double caudate = cirrhotic ? d.uniform("liver.caudate_scale", 1.3, 1.7) : d.uniform("liver.caudate_scale", 0.9, 1.1);
    const double spleen = cirrhotic ? d.uniform("spleen.scale", 1.2, 1.6) : d.uniform("spleen.scale", 0.85, 1.2);
    a.scaleOrgans(right, left, caudate, spleen);

    // A smooth random deformation of the liver's outline (a few wide waves).
    g.liverDeformation = waves(d, "liver.deformation", 3, 120, 260, d.uniform("liver.deformation_amplitude_mm", 3, 10));
    if (cirrhotic) {
        g.surfaceNodularity = waves(d, "liver.surface_nodularity", 8, 10, 25, d.uniform("liver.surface_nodularity_amplitude_mm", 0.6, 1.5));
        g.nodules = waves(d, "liver.nodules", 3, 6, 16, 1);
        // Fibrous septa: darker than the nodules, except in the delayed phase
        // when fibrosis retains contrast.
        g.septaHu = phase == ContrastPhase::Delayed ? -d.uniform("liver.septa_brighter_hu", 5, 15)
                                                    : d.uniform("liver.septa_darker_hu", 8, 25);
    }
    const double textureSd = state == LiverState::Normal ? d.uniform("liver.texture_sd_hu", 1.5, 6) : d.uniform("liver.texture_sd_hu", 2, 8);
    const int nTex = 10;
    g.texture = waves(d, "liver.texture", nTex, 4, 40, textureSd * std::sqrt(2.0 / nTex));
    g.riedelLobe = !cirrhotic && d.chance("liver.riedel_lobe", 0.15);
    if (g.riedelLobe) {
        const Vec3 c = a.rightLobeCentre();
        const double len = d.uniform("liver.riedel_length_mm", 30, 60);
        g.riedel.centre = {c[0] - 25 * s, c[1] - 8 * s, c[2] - 55 - 0.5 * len};
        g.riedel.semi = {26 * s, 30 * s, len};
    }
    // Arms up is the abdominal protocol; some patients cannot raise them.
    g.armsDown = d.chance("body.arms_down", 0.25);
    g.armHalfWidth = 42 * s;
    g.armHalfDepth = 48 * s;
    g.armGapMm = d.uniform("body.arm_gap_mm", 5, 30);
    g.table = d.chance("table.present", 0.9);
    g.tableGapMm = d.uniform("table.gap_mm", 0, 8);
    g.tableThicknessMm = d.uniform("table.thickness_mm", 35, 55);
    // Occasionally a surgical clip in the gallbladder fossa.
    g.metalClip = d.chance("artefact.metal_clip", 0.08);
    if (g.metalClip) {
        g.metalRadiusMm = d.uniform("artefact.metal_radius_mm", 1.5, 3);
        const Vec3 gb = a.gallbladderCentre();
        g.metalCentre = {gb[0] + 10 * s, gb[1] + 8 * s, gb[2] + 20};
    }
    a.setGeneration2(g);
    return h;
}

}  // namespace lsms::phantom
