#pragma once
// Torch-free entry point to LSMS inference for the UI (libtorch headers
// clash with Qt's `slots` macro, so none are reachable from here).
#include "lsms/core/volume.h"
#include "lsms/models/config.h"
#include "lsms/models/paths.h"
#include "lsms/models/prompt_reading.h"

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lsms::models {

struct SegmenterOptions {
    int batch = 8;
    // progress(slicesDone, slicesTotal); return false to cancel (throws lsms::Cancelled).
    std::function<bool(std::size_t, std::size_t)> progress;
    const std::atomic<bool>* cancel = nullptr;
    double threshold = 0.5;
    bool useScorer = true;  // see SegmentOptions::useScorer
    bool refineEdges = true;  // see SegmentOptions::refineEdges
};

struct SegmentationAnswer {
    MaskVolume mask;  // same grid as the input CT
    // Lesions the network found but the sentence or the selection left out
    // (at least ConsolidationOptions::minVolumeMl each, none of mask's
    // voxels), for the reader to add if wanted; no grid when there are none.
    MaskVolume candidates;
    std::size_t componentsFound = 0, componentsKept = 0;
    double keptVolumeMl = 0;
    bool expectsSeveral = false;  // the network read the prompt as asking for a set ("all", "both")
    std::string selection;        // "one", "all" or "smallest" (Selection)
    double seconds = 0;
    std::vector<std::string> warnings;  // what the user must know about this answer (e.g. the prompt was cut)
    // The network's mean probability over the kept components' voxels
    // (0.5-1 after the 0.5 threshold; not calibrated), weighted by their
    // size; -1 when nothing is kept.
    double meanProbability = -1;
    // The referring scorer's lowest rating of a kept component; -1 when the
    // scorer was not used or nothing is kept.
    double lowestReferringScore = -1;
};

class Segmenter {
public:
    // device: "auto" (CUDA when available, else CPU), "cpu" or "cuda".
    // Throws ModelError for a missing, corrupt or mismatched model file.
    explicit Segmenter(const std::filesystem::path& modelFile = defaultModelPath(), const std::string& device = "auto",
                       const std::filesystem::path& vocabFile = defaultVocabPath());
    ~Segmenter();
    Segmenter(Segmenter&&) noexcept;
    Segmenter& operator=(Segmenter&&) noexcept;

    // Throws InputError for an empty or white-space prompt (before the
    // network runs) or an unusable CT, Cancelled, and ModelError for anything
    // that fails inside LibTorch.
    SegmentationAnswer segment(const CtVolume& ct, const std::string& prompt, const SegmenterOptions& options = {});
    // What this model reads of `prompt` (readPrompt with its token length);
    // cheap, so callers check before a long DICOM read.
    PromptReading checkPrompt(const std::string& prompt) const;

    std::string deviceName() const;  // "cpu" or "cuda:0"
    bool usesLanguage() const;       // false for a text-blind baseline model
    // The loaded network's configuration, its training domain included.
    const LsmsOptions& options() const;

private:
    SegmentationAnswer segmentUnguarded(const CtVolume& ct, const std::string& prompt, const SegmenterOptions& options);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lsms::models
