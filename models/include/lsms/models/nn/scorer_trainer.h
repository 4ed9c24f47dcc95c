#pragma once
// Training the referring scorer (referring_scorer.h) on the components the
// network itself finds: the rest of the network stays frozen, so its
// per-slice masks do not change. TORCH HEADER.
#include "lsms/models/component_features.h"
#include "lsms/models/nn/inference.h"
#include "lsms/models/phantom_slices.h"

#include <functional>
#include <optional>
#include <random>

namespace lsms::models {

// One case's components as the network answers a prompt on it, and what
// each of them is.
struct ScorerCase {
    std::vector<phantom::LesionTruth> lesions;         // phantom truth (empty for real data)
    std::vector<ReferringExpression> fixedExpressions;  // real data's written expressions
    std::vector<ComponentFeatures> features;            // one per component
    std::vector<int> lesionOf;  // per component: the lesion covering most of it, 0 if none covers a quarter
    std::uint64_t seed = 0;
};

// Runs the network over the case's CT with `prompt` and measures the
// components of its thresholded probability.
ScorerCase collectComponents(LsmsModel& model, const PhantomCase& c, const std::string& prompt,
                             const SegmentOptions& segment = {});

// An expression to train or validate on: generated from the phantom truth,
// or one of the case's written expressions.
ReferringExpression scorerExpression(const ScorerCase& c, std::mt19937_64& rng);

// Per component: 1 if the expression's candidates include its lesion.
std::vector<float> scorerTargets(const ScorerCase& c, const ReferringExpression& e);

struct ScorerValidation {
    double componentAccuracy = 0;  // components rated on the right side of 0.5
    // Expressions whose whole passed set is right; on a case where the
    // network found nothing, every expression counts as right (there is
    // nothing to pass), as in the shipped stage-3 log.
    double setAccuracy = 0;
    int expressions = 0;
};

struct ScorerTrainOptions {
    int steps = 3000;
    int batch = 64;  // expressions per step (each over all its case's components)
    double learningRate = 2e-3;
    double weightDecay = 1e-4;
    std::uint64_t seed = 1;
    int validateEvery = 250;
    int logEvery = 50;
    int validationExpressions = 24;  // per validation case
    torch::Device device = torch::kCPU;
};

struct ScorerLogEntry {
    int step = 0;
    double loss = 0;  // mean BCE since the last entry
    double learningRate = 0;
    double seconds = 0;
    std::optional<ScorerValidation> validation;
    double trainSetAccuracy = -1;  // with a validation: set accuracy on some training cases
};

struct ScorerTrainResult {
    std::vector<ScorerLogEntry> log;
    ScorerValidation validation;  // of the returned weights
    int bestStep = 0;
};

// Trains net->scorer() (which must exist) on `train`; keeps the weights of
// the best validation set accuracy (the last step's without validation
// cases). The feature normalisation is measured on `train` first.
ScorerTrainResult trainScorer(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<ScorerCase>& train,
                              const std::vector<ScorerCase>& validation, const ScorerTrainOptions& options,
                              const std::function<void(const ScorerLogEntry&)>& onLog = {});

ScorerValidation validateScorer(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<ScorerCase>& cases,
                                int expressionsPerCase, std::uint64_t seed, const torch::Device& device);

// The same network with a fresh (untrained) referring scorer added; every
// other weight copied (a scorer the network already has is replaced).
LsmsNet addScorer(const LsmsNet& net);
// The same network without its referring scorer (for continued training of
// the network, after which a scorer must be trained anew).
LsmsNet removeScorer(const LsmsNet& net);

}  // namespace lsms::models
