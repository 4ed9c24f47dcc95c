#include "lsms/workflow/input_domain.h"

#include "lsms/models/network_grid.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace lsms::workflow {

namespace {

// Square patches of the network's input, side kPatch pixels, side by side.
// 7 pixels (10-14 mm on the usual 1.5-2 mm grids) hold enough samples for
// a standard deviation and still fit inside the liver, spleen or a muscle;
// noise correlated over a pixel or two (CT kernels, the phantoms' [1 2 1]
// smoothing) makes such a patch's SD read a few per cent low, well inside
// the noise tolerance below.
constexpr int kPatch = 7;
// Soft tissue: a patch mean a parenchymal organ, muscle or unenhanced bowel
// can have, and no sample of fat, air, bone or metal (edges against fat
// would otherwise pass through their mean). Wide enough for noise of 60 HU.
constexpr double kTissueLo = -20, kTissueHi = 220;
constexpr double kSampleLo = -250, kSampleHi = 450;
constexpr std::size_t kMinPatches = 30;

struct Patch {
    double mean, sd;
};

// The mode of a sample by the shortest interval that holds a fifth of it (a
// "shorth"): patches over edges, vessels and lesions have larger SDs or
// other means, and fall outside the densest interval, whereas a median
// would move with them.
double densestValue(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t k = std::max<std::size_t>(8, v.size() / 5);
    if (v.size() <= k) return v[v.size() / 2];
    std::size_t best = 0;
    for (std::size_t i = 1; i + k <= v.size(); ++i)
        if (v[i + k - 1] - v[i] < v[best + k - 1] - v[best]) best = i;
    return v[best + k / 2];
}

// The liver-like level: among the HU peaks of homogeneous patches that each
// hold at least a seventh of them, the brightest. In a contrast-enhanced
// abdomen the liver (with the spleen beside it) is the brightest large soft
// tissue; muscle and unenhanced bowel lie below it, vessels and kidneys
// above it are too small to make such a peak. Without contrast the liver
// falls to the muscles' level, and so does this.
double liverLikeLevel(const std::vector<Patch>& patches, double noise) {
    std::vector<double> means;
    for (const auto& p : patches)
        if (p.sd <= 1.5 * noise) means.push_back(p.mean);
    if (means.size() < kMinPatches) return -1e9;
    constexpr double kBin = 5;
    const int bins = int((kTissueHi - kTissueLo) / kBin);
    std::vector<double> count(std::size_t(bins), 0), smooth(std::size_t(bins), 0);
    for (double m : means) count[std::size_t(std::clamp(int((m - kTissueLo) / kBin), 0, bins - 1))] += 1;
    const auto at = [&](const std::vector<double>& h, int i) { return i < 0 || i >= bins ? 0.0 : h[std::size_t(i)]; };
    for (int i = 0; i < bins; ++i) smooth[std::size_t(i)] = at(count, i - 1) + 2 * at(count, i) + at(count, i + 1);
    int peak = -1;
    for (int i = 0; i < bins; ++i) {
        if (smooth[std::size_t(i)] < at(smooth, i - 1) || smooth[std::size_t(i)] < at(smooth, i + 1)) continue;
        double mass = 0;
        for (int d = -2; d <= 2; ++d) mass += at(count, i + d);
        if (mass >= double(means.size()) / 7) peak = i;
    }
    if (peak < 0) return -1e9;
    const double centre = kTissueLo + (peak + 0.5) * kBin;
    double sum = 0, n = 0;
    for (double m : means)
        if (std::abs(m - centre) <= 2 * kBin) sum += m, n += 1;
    return sum / n;
}

std::string mm(double v) {
    std::ostringstream os;
    os << std::setprecision(v < 10 ? 2 : 3) << v;
    return os.str();
}

std::string range(const models::ValueRange& r, const std::string& unit) {
    return mm(r.lo) + "–" + mm(r.hi) + " " + unit;
}

std::string hu(double v) { return std::to_string(long(std::lround(v))) + " HU"; }

}  // namespace

InputAppearance measureInput(const CtVolume& ct, const models::LsmsOptions& model, std::size_t maxSlices) {
    InputAppearance a;
    const auto& g = ct.geometry;
    a.finestPixelMm = std::min(g.spacing[0], g.spacing[1]);
    a.coarsestPixelMm = std::max(g.spacing[0], g.spacing[1]);
    a.sliceSpacingMm = g.spacing[2];
    if (g.voxelCount() == 0 || ct.data.size() != g.voxelCount() || maxSlices == 0) return a;

    const models::NetworkGrid grid = models::networkGrid(ct, model.imageSize, model.inputSpacingMm);
    const models::GridResampler toNetwork(grid, models::GridResampler::Direction::ToNetwork);
    const std::size_t w = toNetwork.outWidth(), h = toNetwork.outHeight(), nz = g.size[2];
    const std::size_t used = std::min(maxSlices, nz);
    std::vector<float> slice(w * h), scratch;
    std::vector<Patch> patches;
    for (std::size_t s = 0; s < used; ++s) {
        const std::size_t k = used == 1 ? nz / 2 : s * (nz - 1) / (used - 1);
        toNetwork.resample(ct.sliceHu(k, scratch), slice.data(), -1000.f);
        for (std::size_t y0 = 0; y0 + kPatch <= h; y0 += kPatch)
            for (std::size_t x0 = 0; x0 + kPatch <= w; x0 += kPatch) {
                double sum = 0, sum2 = 0;
                bool tissue = true;
                for (std::size_t y = y0; y < y0 + kPatch && tissue; ++y)
                    for (std::size_t x = x0; x < x0 + kPatch; ++x) {
                        const double v = slice[y * w + x];
                        if (v < kSampleLo || v > kSampleHi) {
                            tissue = false;
                            break;
                        }
                        sum += v;
                        sum2 += v * v;
                    }
                if (!tissue) continue;
                const double n = kPatch * kPatch, mean = sum / n;
                if (mean < kTissueLo || mean > kTissueHi) continue;
                patches.push_back({mean, std::sqrt(std::max(0.0, (sum2 - n * mean * mean) / (n - 1)))});
            }
    }
    a.patches = patches.size();
    if (patches.size() < kMinPatches) return a;
    std::vector<double> sds;
    for (const auto& p : patches) sds.push_back(p.sd);
    a.noiseHu = densestValue(std::move(sds));
    a.liverHu = liverLikeLevel(patches, a.noiseHu);
    return a;
}

std::vector<std::string> domainFlags(const InputAppearance& a, const models::TrainingDomain& d) {
    // Spacings are read from the header, so only rounding is forgiven; the
    // HU level and noise are estimates, off by a few HU or per cent on
    // phantoms whose true values are known (tests/workflow/test_input_domain.cpp).
    constexpr double kSpacingTolerance = 0.02, kLevelToleranceHu = 10, kNoiseTolerance = 0.2;
    // Short sentences: the prompt panel shows them all, every time.
    std::vector<std::string> flags;
    const auto& px = d.pixelSpacingMm;
    if (px.known() && a.coarsestPixelMm > px.hi * (1 + kSpacingTolerance))
        flags.push_back("Pixels of " + mm(a.coarsestPixelMm) + " mm are coarser than the model's " + range(px, "mm") +
                        ": lesions reach it blurred.");
    else if (px.known() && a.finestPixelMm > 0 && a.finestPixelMm < px.lo * (1 - kSpacingTolerance))
        flags.push_back("Pixels of " + mm(a.finestPixelMm) + " mm are finer than the model's " + range(px, "mm") + ".");
    const auto& dz = d.sliceSpacingMm;
    if (dz.known() && a.sliceSpacingMm > 0 &&
        (a.sliceSpacingMm < dz.lo * (1 - kSpacingTolerance) || a.sliceSpacingMm > dz.hi * (1 + kSpacingTolerance)))
        flags.push_back("Slices " + mm(a.sliceSpacingMm) + " mm apart; the model was trained on " + range(dz, "mm") + ".");
    if (!a.measured()) {
        if (d.liverHu.known() || d.noiseHu.known())
            flags.push_back("Too little homogeneous soft tissue to compare HU level and noise with the training data.");
        return flags;
    }
    const auto& lv = d.liverHu;
    if (lv.known() && a.liverHu > -1e8 && (a.liverHu < lv.lo - kLevelToleranceHu || a.liverHu > lv.hi + kLevelToleranceHu))
        flags.push_back("Liver-like tissue about " + hu(a.liverHu) + "; the model's livers were " + range(lv, "HU") +
                        " (another contrast phase?): normal tissue may be marked as lesion.");
    else if (lv.known() && a.liverHu <= -1e8)
        flags.push_back("No liver-like tissue level found to compare with the model's " + range(lv, "HU") + ".");
    const auto& nz = d.noiseHu;
    if (nz.known() && (a.noiseHu < nz.lo * (1 - kNoiseTolerance) || a.noiseHu > nz.hi * (1 + kNoiseTolerance)))
        flags.push_back("Image noise about " + hu(a.noiseHu) + " (SD at the model's input); the model saw " +
                        range(nz, "HU") + ".");
    return flags;
}

std::vector<std::string> checkInputDomain(const CtVolume& ct, const models::LsmsOptions& model) {
    return domainFlags(measureInput(ct, model), model.domain);
}

models::TrainingDomain measuredDomain(const std::vector<models::PhantomCase>& cases, const models::LsmsOptions& model) {
    models::TrainingDomain d;
    d.trainedOn = models::TrainedOn::Real;
    for (const auto& c : cases) {
        const auto a = measureInput(c.phantom.ct, model);
        d.sliceSpacingMm = models::ValueRange::hull(d.sliceSpacingMm, {a.sliceSpacingMm, a.sliceSpacingMm});
        if (a.measured()) d.noiseHu = models::ValueRange::hull(d.noiseHu, {a.noiseHu, a.noiseHu});
        if (a.liverHu > -1e8) d.liverHu = models::ValueRange::hull(d.liverHu, {a.liverHu, a.liverHu});
    }
    return d;
}

std::string modelNotice(const models::TrainingDomain& d) {
    using models::TrainedOn;
    switch (d.trainedOn) {
        case TrainedOn::Phantoms:
            return d.assumed ? "Trained on synthetic phantoms only — not validated on real CT. (An older model file: "
                               "its training data is assumed, not recorded.)"
                             : "Trained on synthetic phantoms only — not validated on real CT.";
        case TrainedOn::Mixed: return "Trained on synthetic phantoms and real CT.";
        case TrainedOn::Unknown: return "The model file does not say what the model was trained on.";
        case TrainedOn::Real: return {};
    }
    return {};
}

}  // namespace lsms::workflow
