#pragma once
// Training LSMS (or its text-blind baseline) on phantom slices. TORCH HEADER.
#include "lsms/models/metrics.h"
#include "lsms/models/nn/losses.h"
#include "lsms/models/nn/lsms_net.h"
#include "lsms/models/phantom_slices.h"
#include "lsms/models/tokenizer.h"

#include <functional>
#include <optional>

namespace lsms::models {

struct TrainOptions {
    int steps = 2000;
    int batch = 8;
    double learningRate = 2e-3;
    double weightDecay = 1e-4;
    int warmupSteps = 50;  // linear warm-up, then cosine decay to 5% over the remaining steps
    std::uint64_t seed = 1;
    int validateEvery = 250;  // 0: only at the end
    int logEvery = 10;
    double threshold = 0.5;
    // Ends with the weights of the best validation (oIoU) rather than
    // the last step's: held-out quality can fall while training loss falls.
    bool keepBest = true;
    // Continued training (lsms train --init): the starting weights are
    // validated too and compete for "best", so a stage that only makes
    // things worse returns them unchanged (bestStep 0).
    bool validateStart = false;
    LossOptions loss;
    torch::Device device = torch::kCPU;
    int dataWorkers = 0;  // threads making batches ahead (BatchStream); 0: on the training thread
    // Every second sample of a batch shows the slice before it with another
    // expression and another answer (PhantomSliceSampler::contrast).
    // Experimental: see docs/training-runs/2026-11-28-contrast-cpu.
    bool contrastPairs = false;
    // > 0: at the end of warm-up the step rate is measured and `steps` is
    // lowered so training (with its validations) ends within this many
    // seconds. The schedule after warm-up follows the decided steps, so the
    // same run is repeated exactly with --steps set to them.
    double timeBudgetSeconds = 0;
};

struct TrainLogEntry {
    int step = 0;
    int plannedSteps = 0;  // total steps as planned at this entry
    double loss = 0, dice = 0, bce = 0, contrastive = 0, selection = 0, distractor = 0;  // means since the last entry
    double learningRate = 0;
    double seconds = 0;  // since training started
    std::optional<SliceMetrics> validation;
};

struct TrainResult {
    std::vector<TrainLogEntry> log;
    SliceMetrics validation;  // of the returned weights
    int bestStep = 0;         // step whose weights are returned (0: the starting weights)
    std::optional<SliceMetrics> startValidation;  // with validateStart
    int steps = 0;            // steps trained (below TrainOptions::steps under a time budget)
};

// What "best validation" maximises (higher is better).
double validationScore(const SliceMetrics& metrics);

// `count` samples drawn with `seed` (a fixed validation set, or a batch).
// pairs: every odd-numbered sample is the contrast of the one before it.
std::vector<SliceSample> drawSamples(const PhantomSliceSampler& sampler, int count, std::uint64_t seed,
                                     bool pairs = false);

// Per-slice metrics of the network on samples (thresholded probabilities).
SliceMetrics evaluateSlices(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<SliceSample>& samples,
                            const torch::Device& device, double threshold = 0.5, int batch = 16);

// Deterministic for a given seed on the CPU. `onLog` is called for every
// log entry (return false to stop early; training then ends cleanly).
TrainResult train(LsmsNet& net, const WordPieceTokenizer& tokenizer, const PhantomSliceSampler& data,
                  const std::vector<SliceSample>& validation, const TrainOptions& options,
                  const std::function<bool(const TrainLogEntry&)>& onLog = {});

// Stacks samples into network input: images [B,3,S,S], targets and
// distractors [B,1,S,S], token batch.
struct SampleBatch {
    torch::Tensor images, targets, distractors;
    torch::Tensor selection;  // [B] int64 Selection labels, -1 where unknown
    TokenBatch tokens;
};
SampleBatch makeBatch(const std::vector<SliceSample>& samples, std::size_t begin, std::size_t end, int imageSize,
                      const WordPieceTokenizer& tokenizer, int maxLength);

}  // namespace lsms::models
