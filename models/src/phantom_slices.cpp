#include "lsms/models/phantom_slices.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <cmath>

namespace lsms::models {

float SliceWindow::operator()(float hu) const {
    const double v = (double(hu) - lowHu) / (highHu - lowHu);
    return float(std::clamp(v, 0.0, 1.0));
}

void windowSlice(const CtVolume& ct, std::size_t k, const SliceWindow& window, float* out) {
    std::vector<float> scratch;
    const float* src = ct.sliceHu(k, scratch);
    for (std::size_t i = 0, n = ct.geometry.sliceVoxels(); i < n; ++i) out[i] = window(src[i]);
}

void extract25D(const CtVolume& ct, std::size_t k, std::size_t offset, const SliceWindow& window, float* out) {
    const std::size_t n = ct.geometry.sliceVoxels(), nz = ct.geometry.size[2];
    const std::size_t ks[3] = {k >= offset ? k - offset : 0, k, std::min(k + offset, nz - 1)};
    for (int c = 0; c < 3; ++c) windowSlice(ct, ks[c], window, out + std::size_t(c) * n);
}

phantom::PhantomOptions trainingGrid(std::uint64_t seed, int imageSize) {
    if (imageSize < 32) throw InputError("training slices must be at least 32 pixels wide");
    phantom::PhantomOptions o;
    o.seed = seed;
    o.columns = o.rows = imageSize;
    o.pixelSpacingMm = 384.0 / imageSize;
    // A seed-dependent thickness (not the phantom's own draw, which can be
    // 1 mm) keeps the 2.5D context 2.5-5 mm apart as at inference.
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + 17);
    o.sliceThicknessMm = std::uniform_real_distribution<double>(2.5, 5.0)(rng);
    o.slices = int(std::lround(260.0 / o.sliceThicknessMm));
    return o;
}

phantom::PhantomOptions evaluationGrid(std::uint64_t seed, int version) {
    phantom::PhantomOptions o;
    o.seed = seed;
    o.version = version;
    // A stream of its own, apart from the training grid's and the phantom's.
    std::mt19937_64 rng(seed * 0xD1B54A32D192ED03ull + 91);
    const double field = std::uniform_real_distribution<double>(300.0, 500.0)(rng);
    o.columns = o.rows = kEvaluationPixels;
    o.pixelSpacingMm = std::round(field / kEvaluationPixels * 1000) / 1000;
    static const double kThickness[] = {2.0, 2.5, 3.0, 4.0, 5.0};
    o.sliceThicknessMm = kThickness[std::uniform_int_distribution<int>(0, 4)(rng)];
    o.slices = int(std::lround(260.0 / o.sliceThicknessMm));
    return o;
}

PhantomCase renderCase(std::uint64_t seed, int imageSize, int threads) {
    auto options = trainingGrid(seed, imageSize);
    options.threads = threads;
    return renderCase(options);
}

PhantomCase renderCase(const phantom::PhantomOptions& options) {
    PhantomCase c;
    c.phantom = phantom::generatePhantom(options);
    const auto& g = c.phantom.ct.geometry;
    std::size_t maxId = 0;
    for (const auto& l : c.phantom.lesions) maxId = std::max(maxId, std::size_t(l.id));
    c.lesionSlices.resize(maxId + 1);
    for (std::size_t k = 0; k < g.size[2]; ++k) {
        const auto* liver = c.phantom.liver.slice(k);
        const auto* labels = c.phantom.labels.slice(k);
        bool hasLiver = false;
        std::vector<bool> seen(maxId + 1, false);
        for (std::size_t i = 0; i < g.sliceVoxels(); ++i) {
            hasLiver |= liver[i] != 0;
            if (labels[i] != 0 && labels[i] <= maxId) seen[labels[i]] = true;
        }
        if (hasLiver) c.liverSlices.push_back(k);
        for (std::size_t id = 1; id <= maxId; ++id)
            if (seen[id]) c.lesionSlices[id].push_back(k);
    }
    return c;
}

std::vector<PhantomCase> renderCases(const std::vector<std::uint64_t>& seeds, int imageSize, int threads) {
    if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::max(1, std::min(threads, int(seeds.size())));
    std::vector<PhantomCase> cases(seeds.size());
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&] {
        for (std::size_t i; (i = next++) < seeds.size();) {
            try {
                cases[i] = renderCase(seeds[i], imageSize, 1);
            } catch (...) {
                std::lock_guard lock(errorMutex);
                if (!error) error = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return cases;
}

PhantomSliceSampler::PhantomSliceSampler(std::vector<PhantomCase> cases, int imageSize, SliceWindow window,
                                         ExpressionOptions expressions)
    : cases_(std::move(cases)), size_(imageSize), window_(window), expressionOptions_(expressions) {
    if (cases_.empty()) throw InputError("no phantom cases to sample from");
    for (const auto& c : cases_) {
        const auto& s = c.phantom.ct.geometry.size;
        if (s[0] != std::size_t(size_) || s[1] != std::size_t(size_))
            throw InputError("phantom grid does not match the network's input size");
    }
}

SliceSample PhantomSliceSampler::make(std::size_t caseIndex, std::size_t slice, const ReferringExpression& e) const {
    const auto& c = cases_.at(caseIndex);
    const std::size_t n = std::size_t(size_) * std::size_t(size_);
    SliceSample s;
    s.caseIndex = caseIndex;
    s.slice = slice;
    s.expression = e;
    s.image.resize(3 * n);
    extract25D(c.phantom.ct, slice, c.contextOffset, window_, s.image.data());
    s.target.assign(n, 0.f);
    s.distractor.assign(n, 0.f);
    const auto* labels = c.phantom.labels.slice(slice);
    const auto& ids = e.sliceTargets();
    for (std::size_t i = 0; i < n; ++i) {
        if (labels[i] == 0) continue;
        if (std::binary_search(ids.begin(), ids.end(), int(labels[i]))) s.target[i] = 1.f;
        else s.distractor[i] = 1.f;
    }
    return s;
}

namespace {

// The lesion ids an expression marks on one slice (its slice targets that
// are present there), sorted.
std::vector<int> answerOnSlice(const std::vector<int>& present, const ReferringExpression& e) {
    std::vector<int> out;
    const auto& ids = e.sliceTargets();
    for (int id : present)
        if (std::binary_search(ids.begin(), ids.end(), id)) out.push_back(id);
    return out;
}

}  // namespace

SliceSample PhantomSliceSampler::contrast(const SliceSample& s, std::mt19937_64& rng) const {
    const auto& c = cases_.at(s.caseIndex);
    std::vector<int> present;  // lesion ids on this slice, ascending
    for (std::size_t id = 1; id < c.lesionSlices.size(); ++id)
        if (std::binary_search(c.lesionSlices[id].begin(), c.lesionSlices[id].end(), s.slice)) present.push_back(int(id));
    const auto answer = answerOnSlice(present, s.expression);
    for (int attempt = 0; attempt < 24; ++attempt) {
        const auto e = c.fixedExpressions.empty()
                           ? generateExpression(c.phantom.lesions, rng, expressionOptions_)
                           : c.fixedExpressions[std::uniform_int_distribution<std::size_t>(
                                 0, c.fixedExpressions.size() - 1)(rng)];
        if (answerOnSlice(present, e) != answer) return make(s.caseIndex, s.slice, e);
    }
    return sample(rng);
}

SliceSample PhantomSliceSampler::sample(std::mt19937_64& rng) const {
    const std::size_t ci = std::uniform_int_distribution<std::size_t>(0, cases_.size() - 1)(rng);
    const auto& c = cases_[ci];
    const auto e = c.fixedExpressions.empty()
                       ? generateExpression(c.phantom.lesions, rng, expressionOptions_)
                       : c.fixedExpressions[std::uniform_int_distribution<std::size_t>(
                             0, c.fixedExpressions.size() - 1)(rng)];
    auto anyOf = [&](const std::vector<std::size_t>& v) {
        return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
    };
    std::size_t slice = c.phantom.ct.geometry.size[2] / 2;
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    std::vector<std::size_t> lesionSlices;
    // Real cases have no lesion truth, only the label map's slices.
    if (c.phantom.lesions.empty())
        for (const auto& v : c.lesionSlices) lesionSlices.insert(lesionSlices.end(), v.begin(), v.end());
    for (const auto& l : c.phantom.lesions)
        if (std::size_t(l.id) < c.lesionSlices.size())
            lesionSlices.insert(lesionSlices.end(), c.lesionSlices[l.id].begin(), c.lesionSlices[l.id].end());
    const auto& ids = e.sliceTargets();
    if (!ids.empty() && u < 0.6) {
        const int id = ids[std::uniform_int_distribution<std::size_t>(0, ids.size() - 1)(rng)];
        const auto k = std::size_t(id);
        if (k < c.lesionSlices.size() && !c.lesionSlices[k].empty()) slice = anyOf(c.lesionSlices[k]);
    } else if (!lesionSlices.empty() && u < 0.8) {
        // Slices with other lesions teach the network what not to pick.
        slice = anyOf(lesionSlices);
    } else if (!c.liverSlices.empty() && u < 0.93) {
        slice = anyOf(c.liverSlices);
    } else {
        // Any slice at all: inference runs over the whole volume (chest,
        // pelvis), where the right answer is always empty.
        slice = std::uniform_int_distribution<std::size_t>(0, c.phantom.ct.geometry.size[2] - 1)(rng);
    }
    return make(ci, slice, e);
}

}  // namespace lsms::models
