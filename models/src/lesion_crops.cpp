#include "lsms/models/lesion_crops.h"
#include "lsms/models/resampled_window.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace lsms::models {

namespace {

using phantom::LesionKind;

const std::vector<std::string> kAll{"all lesions", "every lesion", "any lesion", "the lesions", "liver lesions",
                                    "all liver lesions", "lesions", "all focal lesions"};
const std::vector<std::string> kHypo{"hypodense lesions", "hypodense lesion", "low density lesions",
                                     "hypoattenuating lesions", "the hypodense lesion"};
const std::vector<std::string> kHyper{"hyperdense lesions", "hyperdense lesion", "hyperattenuating lesions",
                                      "bright lesions", "the hyperdense lesion"};
const std::map<LesionKind, std::vector<std::string>> kKindWords{
    {LesionKind::Cyst, {"cysts", "the cyst", "cystic lesions", "simple cyst", "fluid density lesion"}},
    {LesionKind::RingEnhancing, {"ring enhancing lesions", "rim enhancing lesion", "the ring enhancing lesion"}},
    {LesionKind::Metastasis, {"metastases", "metastasis", "the metastatic lesions"}},
    {LesionKind::Enhancing, {"enhancing lesions", "hypervascular lesion", "the enhancing lesion"}},
};

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937_64& rng) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

double uniform(std::mt19937_64& rng, double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }

double liverMedianHu(const phantom::Phantom& ph) {
    std::vector<float> v;
    for (std::size_t n = 0; n < ph.ct.data.size(); n += 7)
        if (ph.liver.data[n] && ph.labels.data[n] == 0) v.push_back(ph.ct.data[n]);
    if (v.empty()) return 0;
    auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

CropSentence cropSentence(const std::vector<phantom::LesionTruth>& lesions, double liverHu, std::mt19937_64& rng,
                          const CropOptions& o) {
    CropSentence s;
    const double u = uniform(rng, 0, 1);
    if (u < 0.5) {
        s.text = pick(kAll, rng);
        for (const auto& l : lesions) s.targets.push_back(l.id);
    } else if (u < 0.75) {
        const bool hypo = uniform(rng, 0, 1) < 0.7;  // most liver lesions are hypodense
        s.text = pick(hypo ? kHypo : kHyper, rng);
        for (const auto& l : lesions) {
            const double d = l.meanHu - liverHu;
            if (std::abs(d) < o.densityStepHu) s.undecided.push_back(l.id);
            else if ((d < 0) == hypo) s.targets.push_back(l.id);
        }
    } else {
        // Mostly a kind the case has, so the words usually take something.
        LesionKind kind = LesionKind(std::uniform_int_distribution<int>(0, 3)(rng));
        if (!lesions.empty() && uniform(rng, 0, 1) < 0.75) kind = pick(lesions, rng).kind;
        s.text = pick(kKindWords.at(kind), rng);
        // A metastasis and an enhancing lesion can look alike in some phases:
        // the other of the two is neither taken nor excluded.
        const bool solid = kind == LesionKind::Metastasis || kind == LesionKind::Enhancing;
        for (const auto& l : lesions) {
            if (l.kind == kind) s.targets.push_back(l.id);
            else if (solid && (l.kind == LesionKind::Metastasis || l.kind == LesionKind::Enhancing))
                s.undecided.push_back(l.id);
        }
    }
    std::sort(s.targets.begin(), s.targets.end());
    std::sort(s.undecided.begin(), s.undecided.end());
    return s;
}

std::vector<std::string> cropLexicon() {
    std::vector<std::string> out;
    for (const auto* v : {&kAll, &kHypo, &kHyper}) out.insert(out.end(), v->begin(), v->end());
    for (const auto& [kind, words] : kKindWords) out.insert(out.end(), words.begin(), words.end());
    return out;
}

LesionCropSampler::LesionCropSampler(std::vector<PhantomCase> cases, CropOptions options)
    : cases_(std::move(cases)), options_(std::move(options)) {
    if (options_.size < 32 || options_.size % 32 != 0) throw InputError("crop size must be a positive multiple of 32");
    if (!(options_.spacingMm > 0) || !(options_.minScale > 0) || options_.maxScale < options_.minScale)
        throw InputError("crop spacing and scale range must be positive");
    bins_.resize(options_.binEdgesMm.size() + 1);
    liverVoxels_.resize(cases_.size());
    bool anyLiver = false;
    for (std::size_t c = 0; c < cases_.size(); ++c) {
        const auto& ph = cases_[c].phantom;
        liverHu_.push_back(liverMedianHu(ph));
        for (const auto& l : ph.lesions)
            if (std::size_t(l.id) < cases_[c].lesionSlices.size() && !cases_[c].lesionSlices[std::size_t(l.id)].empty())
                bins_[std::size_t(binOf(l.longestAxialDiameterMm))].push_back({c, l.id});
        const auto& g = ph.ct.geometry;
        for (std::size_t k = 0; k < g.size[2]; k += 2)
            for (std::size_t j = 0; j < g.size[1]; j += 3)
                for (std::size_t i = 0; i < g.size[0]; i += 3)
                    if (ph.liver.at(i, j, k))
                        liverVoxels_[c].push_back({std::uint16_t(i), std::uint16_t(j), std::uint16_t(k)});
        anyLiver |= !liverVoxels_[c].empty();
    }
    if (!anyLiver) throw InputError("no liver in the crop sampler's cases");
}

int LesionCropSampler::binOf(double d) const {
    int b = 0;
    while (b < int(options_.binEdgesMm.size()) && d >= options_.binEdgesMm[std::size_t(b)]) ++b;
    return b;
}

std::vector<std::size_t> LesionCropSampler::lesionsPerBin() const {
    std::vector<std::size_t> n;
    for (const auto& b : bins_) n.push_back(b.size());
    return n;
}

CropSample LesionCropSampler::sample(std::mt19937_64& rng) const {
    const auto& o = options_;
    const double scale = std::exp(uniform(rng, std::log(o.minScale), std::log(o.maxScale)));
    if (o.liverTarget) {
        std::vector<std::size_t> withLiver;
        for (std::size_t n = 0; n < cases_.size(); ++n)
            if (!liverVoxels_[n].empty()) withLiver.push_back(n);
        const std::size_t c = pick(withLiver, rng);
        const auto& g = cases_[c].phantom.ct.geometry;
        const double reach = 20.0;  // mm of centre jitter
        const double ci = 0.5 * double(g.size[0] - 1) + uniform(rng, -reach, reach) / g.spacing[0];
        const double cj = 0.5 * double(g.size[1] - 1) + uniform(rng, -reach, reach) / g.spacing[1];
        // Mostly slices with liver, some anywhere (chest, pelvis: no liver).
        const double ck = uniform(rng, 0, 1) < 0.8 ? double(pick(liverVoxels_[c], rng)[2])
                                                     : double(std::uniform_int_distribution<std::size_t>(0, g.size[2] - 1)(rng));
        return crop(c, ci, cj, ck, scale, CropSentence{"liver", {}, {}}, rng);
    }
    const double u = uniform(rng, 0, 1);
    std::vector<std::size_t> filled;
    for (std::size_t b = 0; b < bins_.size(); ++b)
        if (!bins_[b].empty()) filled.push_back(b);
    std::size_t c = 0;
    double ci = 0, cj = 0, ck = 0;
    int bin = -1;
    if (u < o.lesionShare && !filled.empty()) {
        bin = int(pick(filled, rng));
        const auto ref = pick(bins_[std::size_t(bin)], rng);
        c = ref.caseIndex;
        const auto& pc = cases_[c];
        const auto& g = pc.phantom.ct.geometry;
        const auto& lesion = *std::find_if(pc.phantom.lesions.begin(), pc.phantom.lesions.end(),
                                           [&](const auto& l) { return l.id == ref.id; });
        const auto centre = g.worldToIndex(lesion.centre);
        ck = double(pick(pc.lesionSlices[std::size_t(ref.id)], rng));
        // Off centre, by up to a third of the crop, so position says nothing.
        const double reach = o.size / 3.0 * o.spacingMm * scale;
        ci = centre[0] + uniform(rng, -reach, reach) / g.spacing[0];
        cj = centre[1] + uniform(rng, -reach, reach) / g.spacing[1];
    } else {
        std::vector<std::size_t> withLiver;
        for (std::size_t n = 0; n < cases_.size(); ++n)
            if (!liverVoxels_[n].empty()) withLiver.push_back(n);
        c = pick(withLiver, rng);
        const auto& g = cases_[c].phantom.ct.geometry;
        if (u < o.lesionShare + o.liverShare) {
            const auto& v = pick(liverVoxels_[c], rng);
            ci = v[0], cj = v[1], ck = v[2];
        } else {
            // Anywhere inside the body (not air): the right answer there is
            // nearly always empty.
            for (int attempt = 0; attempt < 32; ++attempt) {
                ci = uniform(rng, 0, double(g.size[0] - 1));
                cj = uniform(rng, 0, double(g.size[1] - 1));
                ck = double(std::uniform_int_distribution<std::size_t>(0, g.size[2] - 1)(rng));
                if (cases_[c].phantom.ct.at(std::size_t(ci), std::size_t(cj), std::size_t(ck)) > -500) break;
            }
        }
    }
    const auto sentence = cropSentence(cases_[c].phantom.lesions, liverHu_[c], rng, o);
    auto s = crop(c, ci, cj, ck, scale, sentence, rng);
    s.bin = bin;
    return s;
}

CropSample LesionCropSampler::crop(std::size_t c, double ci, double cj, double ck, double scale,
                                   const CropSentence& sentence, std::mt19937_64& rng) const {
    const auto& o = options_;
    const auto& ph = cases_.at(c).phantom;
    const auto& g = ph.ct.geometry;
    const int S = o.size;
    const std::size_t n = std::size_t(S) * std::size_t(S);
    WindowPlacement w{ci, cj, ck, S, o.spacingMm * scale, o.contextMm};
    const double gain = 1 + uniform(rng, -o.huGain, o.huGain), shift = uniform(rng, -o.huShiftHu, o.huShiftHu);
    std::normal_distribution<float> noise(0.f, float(uniform(rng, 0, o.extraNoiseHu)));
    CropSample s;
    s.caseIndex = c;
    s.text = sentence.text;
    s.image.resize(3 * n);
    sampleWindow(ph.ct, w, o.window, s.image.data(), [&](float hu) { return float(gain * hu + shift) + noise(rng); });
    const long nx = long(g.size[0]), ny = long(g.size[1]), nz = long(g.size[2]);
    // Labels of the centre slice, nearest voxel.
    std::vector<std::uint16_t> label(n, 0);
    const long kc = std::clamp(long(std::lround(ck)), 0L, nz - 1);
    std::map<int, std::size_t> area;
    for (int v = 0; v < S; ++v)
        for (int u = 0; u < S; ++u) {
            const long i = long(std::lround(w.columnAt(u, g))), j = long(std::lround(w.rowAt(v, g)));
            if (i < 0 || j < 0 || i >= nx || j >= ny) continue;
            const auto id = ph.labels.at(std::size_t(i), std::size_t(j), std::size_t(kc));
            label[std::size_t(v * S + u)] = id;
            if (id) ++area[id];
        }
    s.target.assign(n, 0.f);
    s.weight.assign(n, 1.f);
    if (o.liverTarget) {
        for (int v = 0; v < S; ++v)
            for (int u = 0; u < S; ++u) {
                const long i = long(std::lround(w.columnAt(u, g))), j = long(std::lround(w.rowAt(v, g)));
                if (i >= 0 && j >= 0 && i < nx && j < ny)
                    s.target[std::size_t(v * S + u)] = ph.liver.at(std::size_t(i), std::size_t(j), std::size_t(kc)) ? 1.f : 0.f;
            }
        return s;
    }
    auto has = [](const std::vector<int>& v, int id) { return std::binary_search(v.begin(), v.end(), id); };
    for (std::size_t p = 0; p < n; ++p) {
        const int id = label[p];
        if (!id) continue;
        if (has(sentence.undecided, id)) {
            s.weight[p] = 0.f;
            continue;
        }
        s.weight[p] = float(std::clamp(o.referenceAreaPx / double(area[id]), 1.0, o.maxLesionWeight));
        if (has(sentence.targets, id)) s.target[p] = 1.f;
    }
    for (const auto& [id, a] : area) s.shown.push_back(id);
    return s;
}

}  // namespace lsms::models
