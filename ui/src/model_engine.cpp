// Adapter from the viewer's SegmentationEngine interface to the models
// library's torch-free Segmenter.
#include "lsms/ui/segmentation_engine.h"

#include "lsms/core/error.h"

#ifdef LSMS_UI_WITH_MODELS
#include "lsms/models/liver_finder.h"
#include "lsms/models/paths.h"
#include "lsms/models/segmenter.h"
#include "lsms/workflow/answer_confidence.h"
#include "lsms/workflow/input_domain.h"

#include <algorithm>
#endif

namespace lsms::ui {

#ifdef LSMS_UI_WITH_MODELS
namespace {

class ModelEngine : public SegmentationEngine {
public:
    ModelEngine(const std::filesystem::path& file, const std::string& device) : segmenter_(file, device) {
        // The liver pass is a second, optional file: without it the viewer
        // segments as before and says why there is no tumour burden.
        const auto liverFile = models::defaultLiverModelPath();
        try {
            liver_ = std::make_unique<models::LiverFinder>(liverFile, device);
        } catch (const Error& e) {
            liverProblem_ = std::string("no liver pass: ") + e.what();
        }
    }

    bool findsLiver() const override { return liver_ != nullptr; }
    std::string liverProblem() const override { return liverProblem_; }

    workflow::LiverContext findLiver(const CtVolume& ct, const EngineProgress& progress) override {
        if (!liver_) throw ModelError(liverProblem_);
        models::LiverOptions o;
        o.batch = 4;  // small batches: Cancel is checked between them
        o.progress = progress;
        auto a = liver_->find(ct, o);
        workflow::LiverContext c;
        c.mask = std::move(a.mask);
        c.volumeMl = a.volumeMl;
        c.lowerBound = a.reachesSeriesEnd;
        c.notes = std::move(a.notes);
        return c;
    }

    std::string deviceName() const override { return segmenter_.deviceName(); }

    std::string promptNote(const std::string& prompt) const override {
        try {
            return segmenter_.checkPrompt(prompt).warning;
        } catch (const InputError&) {
            return {};  // segment() refuses it with the reason
        }
    }

    std::string modelNotice() const override { return workflow::modelNotice(segmenter_.options().domain); }

    std::vector<std::string> inputFlags(const CtVolume& ct) const override {
        return workflow::checkInputDomain(ct, segmenter_.options());
    }

    MaskVolume segment(const CtVolume& ct, const SegmentationRequest& request, const EngineProgress& progress) override {
        return answer(ct, request, progress).mask;
    }

    EngineAnswer answer(const CtVolume& ct, const SegmentationRequest& request, const EngineProgress& progress) override {
        models::SegmenterOptions options;
        options.progress = progress;
        options.batch = 4;  // small batches: Cancel is checked between them
        options.useScorer = request.filterBySentence;
        options.refineEdges = request.edgesOnCt;
        const bool unlike = !inputFlags(ct).empty();
        const auto note = [unlike](const models::SegmentationAnswer& a) {
            return workflow::confidenceSentence(a.meanProbability, a.lowestReferringScore, unlike);
        };
        if (request.firstSlice < 0) {
            auto a = segmenter_.segment(ct, request.prompt, options);
            return {std::move(a.mask), note(a), std::move(a.candidates)};
        }
        // A slice range: segment that sub-volume and place it back.
        const auto& g = ct.geometry;
        const std::size_t k0 = std::size_t(std::max(0, request.firstSlice));
        const std::size_t k1 = std::min<std::size_t>(g.size[2] - 1, std::size_t(std::max(request.firstSlice, request.lastSlice)));
        const CtVolume part = ct.slab(k0, k1 - k0 + 1);
        const auto a = segmenter_.segment(part, request.prompt, options);
        const auto placed = [&](const MaskVolume& m) {
            MaskVolume full(g, 0);
            std::copy(m.data.begin(), m.data.end(), full.slice(k0));
            return full;
        };
        return {placed(a.mask), note(a), a.candidates.data.empty() ? MaskVolume{} : placed(a.candidates)};
    }

private:
    models::Segmenter segmenter_;
    std::unique_ptr<models::LiverFinder> liver_;
    std::string liverProblem_;
};

}  // namespace

std::filesystem::path defaultModelPath() { return models::defaultModelPath(); }

std::unique_ptr<SegmentationEngine> createModelEngine(const std::filesystem::path& file, const std::string& device) {
    return std::make_unique<ModelEngine>(file, device);
}
#else
std::filesystem::path defaultModelPath() { return {}; }

std::unique_ptr<SegmentationEngine> createModelEngine(const std::filesystem::path&, const std::string&) {
    throw ModelError("this build has no models library (configured with LSMS_WITH_MODELS=OFF)");
}
#endif

}  // namespace lsms::ui
