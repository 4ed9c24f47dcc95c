#pragma once
// Whole-volume inference. TORCH HEADER (the UI uses lsms/models/segmenter.h).
//
// Slices are windowed, resampled to the network's grid (network_grid.h),
// stacked 2.5D and run in batches with the prompt encoded once;
// probabilities are mapped back onto the CT's own grid, then consolidated in 3D (connected
// components scored by probability mass) into one answer on the CT's grid.
#include "lsms/core/volume.h"
#include "lsms/models/components.h"
#include "lsms/models/edge_refinement.h"
#include "lsms/models/network_grid.h"
#include "lsms/models/nn/lsms_net.h"
#include "lsms/models/tokenizer.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <memory>

namespace lsms::models {

struct LsmsModel {
    LsmsNet net{nullptr};
    std::shared_ptr<const WordPieceTokenizer> tokenizer;
    torch::Device device = torch::kCPU;
};

// Throws ModelError (model file), IoError (vocabulary), InputError (device).
LsmsModel loadModel(const std::filesystem::path& modelFile, const std::string& device,
                    const std::filesystem::path& vocabFile);

struct SegmentOptions {
    int batch = 8;
    // progress(slicesDone, slicesTotal); returning false cancels (lsms::Cancelled).
    std::function<bool(std::size_t, std::size_t)> progress;
    const std::atomic<bool>* cancel = nullptr;  // checked between batches
    ConsolidationOptions consolidation;
    bool keepProbability = false;
    // false: ignore the model's referring scorer (every component may be
    // kept, as before it existed). Its position features are phantom-trained
    // (component_features.h); on real CT a user may want the answer without it.
    bool useScorer = true;
    // Kept lesions' edges placed on the CT (edge_refinement.h); false: the
    // network's thresholded mask as it is.
    bool refineEdges = true;
    EdgeRefinementOptions edges;
    // Set: used instead of the selection the network reads in the prompt
    // (evaluation keeps every component to see which lesions are found).
    std::optional<Selection> selection;
};

struct SegmentResult {
    MaskVolume mask;                // the 3D answer, same grid as the CT
    ProbabilityVolume probability;  // per-slice network output (if kept)
    std::vector<Component> components;
    std::vector<int> kept;
    // The found components not kept (leftOut in components.h); no grid when
    // every one was kept.
    MaskVolume candidates;
    // From the network's selection head; the text-blind baseline, which
    // cannot read the prompt, always answers with one lesion.
    Selection selection = Selection::One;
    std::size_t sliceOffset = 1;  // 2.5D neighbour distance in slices
    NetworkGrid grid;  // how the CT was laid on the network's input
    bool flippedColumns = false, flippedRows = false;
    double seconds = 0;
    // Where the time went: reading slices into the network and its output
    // back, the network itself included; then the 3D components.
    double sliceSeconds = 0, consolidationSeconds = 0;
};

SegmentResult segmentVolume(LsmsModel& model, const CtVolume& ct, const std::string& prompt,
                            const SegmentOptions& options = {});

}  // namespace lsms::models
