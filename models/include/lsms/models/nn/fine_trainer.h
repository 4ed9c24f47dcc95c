#pragma once
// Training the fine pass on lesion crops (lesion_crops.h), resumable: every
// checkpoint holds the network, the optimiser's state and the step, and the
// batch of step t is a function of (seed, t) alone — its phantoms, crops and
// the dropout stream — so a run stopped anywhere and resumed takes the
// same next steps as one that never stopped. TORCH HEADER.
#include "lsms/models/lesion_crops.h"
#include "lsms/models/lesion_detection.h"
#include "lsms/models/nn/lsms_net.h"
#include "lsms/models/tokenizer.h"

#include <filesystem>
#include <functional>
#include <optional>

namespace lsms::models {

struct FineTrainOptions {
    int steps = 6000;
    int batch = 12;
    double learningRate = 1e-3;
    double weightDecay = 1e-4;
    int warmupSteps = 100;  // then cosine decay to 5%
    std::uint64_t seed = 1;
    // Fresh phantoms: the pool holds `groupsInPool` groups of
    // `phantomsPerGroup`; every `stepsPerGroup` steps the oldest group is
    // replaced by a new one (seeds firstSeed + group * phantomsPerGroup + n).
    std::uint64_t firstSeed = 1200000;
    int phantomsPerGroup = 3, groupsInPool = 3, stepsPerGroup = 120;
    int phantomVersion = 2;
    int checkpointEvery = 60;
    int validateEvery = 600;  // 0: never
    std::vector<std::uint64_t> validationSeeds;
    double maxFalsePerVolume = 1.0;  // the operating point checkpoints are chosen at
    CropOptions crops;
    torch::Device device = torch::kCPU;
    int logEvery = 10;
};

// The phantom grid of fine training and validation: generation-2 anatomy on
// crops.spacingMm pixels (1 mm for the coarse pass) over a 360 mm field,
// slices 2-5 mm drawn from the seed.
phantom::PhantomOptions fineTrainingGrid(std::uint64_t seed, const FineTrainOptions& options);

// Validation of the fine pass: "all lesions" over each phantom's true liver
// box (an oracle region until the coarse pass exists), pieces matched to the
// lesions; recall per size bin at the score cut that keeps false pieces per
// volume at or below the operating point. The score is the mean of the bins'
// recalls, so small lesions weigh as much as large ones.
struct FineValidation {
    std::vector<double> recallByBin;
    std::vector<int> lesionsByBin;
    double falsePerVolume = 0;  // at the cut
    double cut = 0;             // piece score (mean probability) kept from
    double score = 0;
    DetectionReport detection;  // at threshold 0.5, all pieces
    double liverDice = 0;       // the coarse pass (crops.liverTarget): its score
};

struct FineLogEntry {
    int step = 0;
    double loss = 0, dice = 0, bce = 0, learningRate = 0, seconds = 0;
    std::optional<FineValidation> validation;
    bool checkpointed = false, best = false;
};

// Trains in `dir`: dir/last.pt (network), dir/last-optimiser.pt and
// dir/state.txt (step, best score) at every checkpoint, dir/best.pt at each
// better validation. With an existing state.txt it resumes from it (the
// network options then come from last.pt and `network` is ignored).
// `onLog` returning false stops after the next checkpoint.
void trainFine(const std::filesystem::path& dir, const LsmsOptions& network, const WordPieceTokenizer& tokenizer,
               const FineTrainOptions& options, const std::function<bool(const FineLogEntry&)>& onLog = {});

// The fine pass over a box of a CT (voxel bounds, inclusive), on the CT's
// grid: probabilities 0..255 inside the box, 0 outside. progress(slices
// done, slices in the box) after each batch; returning false throws Cancelled.
ProbabilityVolume finePass(LsmsNet& net, const WordPieceTokenizer& tokenizer, const CtVolume& ct, const long lo[3],
                           const long hi[3], const std::string& sentence, const torch::Device& device, int batch = 8,
                           const std::function<bool(std::size_t, std::size_t)>& progress = {});

FineValidation validateFine(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<PhantomCase>& cases,
                            const FineTrainOptions& options);

// The network options of a fine pass: the default network on 128 px crops
// at 1 mm, decoder to 1/2, words of the crop lexicon and the expression lexicon.
LsmsOptions fineNetworkOptions(const WordPieceTokenizer& tokenizer, bool useLanguage = true);
// The coarse pass: the default network without words on 96 px slices of
// 4 mm (a 384 mm field), decoder to 1/4, trained with crops.liverTarget.
LsmsOptions coarseNetworkOptions();

}  // namespace lsms::models
