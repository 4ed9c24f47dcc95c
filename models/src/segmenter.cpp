#include "lsms/models/segmenter.h"

#include "lsms/models/nn/inference.h"
#include "torch_boundary.h"

namespace lsms::models {

struct Segmenter::Impl {
    LsmsModel model;
};

Segmenter::Segmenter(const std::filesystem::path& modelFile, const std::string& device,
                     const std::filesystem::path& vocabFile)
    : impl_(std::make_unique<Impl>(
          Impl{torchBoundary("loading the model", [&] { return loadModel(modelFile, device, vocabFile); })})) {}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

PromptReading Segmenter::checkPrompt(const std::string& prompt) const {
    return readPrompt(*impl_->model.tokenizer, prompt, std::size_t(impl_->model.net->options().text.maxLength));
}

SegmentationAnswer Segmenter::segment(const CtVolume& ct, const std::string& prompt, const SegmenterOptions& o) {
    return torchBoundary("segmentation", [&] { return segmentUnguarded(ct, prompt, o); });
}

SegmentationAnswer Segmenter::segmentUnguarded(const CtVolume& ct, const std::string& prompt, const SegmenterOptions& o) {
    const PromptReading reading = checkPrompt(prompt);
    SegmentOptions so;
    so.batch = o.batch;
    so.progress = o.progress;
    so.cancel = o.cancel;
    so.consolidation.threshold = o.threshold;
    so.useScorer = o.useScorer;
    so.refineEdges = o.refineEdges;
    auto r = segmentVolume(impl_->model, ct, prompt, so);
    SegmentationAnswer a;
    a.mask = std::move(r.mask);
    a.candidates = std::move(r.candidates);
    a.componentsFound = r.components.size();
    a.componentsKept = r.kept.size();
    for (const auto& c : r.components)
        if (std::find(r.kept.begin(), r.kept.end(), c.label) != r.kept.end()) a.keptVolumeMl += c.volumeMl;
    double weighted = 0, voxels = 0;
    for (const auto& c : r.components) {
        if (std::find(r.kept.begin(), r.kept.end(), c.label) == r.kept.end()) continue;
        weighted += c.meanProbability * double(c.voxels);
        voxels += double(c.voxels);
        if (c.referringScore >= 0 && o.useScorer)
            a.lowestReferringScore = a.lowestReferringScore < 0 ? c.referringScore : std::min(a.lowestReferringScore, c.referringScore);
    }
    if (voxels > 0) a.meanProbability = weighted / voxels;
    a.expectsSeveral = r.selection == Selection::All;
    a.selection = toString(r.selection);
    a.seconds = r.seconds;
    if (!reading.warning.empty()) a.warnings.push_back(reading.warning);
    return a;
}

std::string Segmenter::deviceName() const { return impl_->model.device.str(); }

bool Segmenter::usesLanguage() const { return impl_->model.net->options().useLanguage; }

const LsmsOptions& Segmenter::options() const { return impl_->model.net->options(); }

}  // namespace lsms::models
