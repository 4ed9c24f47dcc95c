#pragma once
// Evaluation on held-out phantom seeds. TORCH HEADER.
//
// For each phantom, rendered on a grid drawn from its seed alone
// (evaluationGrid, never the model's), a fixed set of referring expressions
// (the same for every model evaluated with the same seeds) is segmented as a
// whole volume:
//  - per slice (slices showing any lesion of the phantom): mIoU, oIoU, Dice, Precision@0.5/0.7/0.9 of the
//    network's thresholded probability;
//  - per case in 3D: Dice of the referred lesion(s) and referring accuracy
//    of the consolidated answer (see judgeReferring). The Dice is averaged
//    over prompts that refer to at least one lesion: an empty answer to a
//    "none" prompt would count as a perfect 1, so a network that answers
//    nothing would look good. Accuracy is reported both over all prompts
//    (the goal's measure) and over those that refer to a lesion, for the
//    same reason: "none" prompts alone give a silent network about 0.26.
//    Beside it the strict judgement (every referred lesion found on its own,
//    no other taken; "none" prompts counted apart) and per-lesion Dice.
//  - per lesion, once per case: which lesions the network finds at all
//    (lesion_detection.h): every component it marks for kDetectionPrompt,
//    no referring scorer, edges placed on the CT as the answers get them:
//    what the words can select from.
#include "lsms/models/lesion_detection.h"
#include "lsms/models/metrics.h"
#include "lsms/models/nn/inference.h"
#include "lsms/models/phantom_slices.h"

#include <map>

namespace lsms::models {

// One prompt's answer, for reading what a model gets wrong (lsms eval --details).
struct PromptOutcome {
    std::size_t caseIndex = 0;
    std::string text, category;
    std::vector<int> targets;      // referred lesion ids
    Selection selection = Selection::One;
    std::vector<Component> components;  // every piece found, by decreasing mass (kept ones: edges on the CT)
    std::vector<int> kept;              // labels of the kept pieces
    std::vector<std::pair<int, double>> lesionIoU;  // every lesion the answer touches: id, IoU with the answer
    std::int64_t answerVoxels = 0;
    double dice = 0;
    bool correct = false;        // lenient: the referred set's IoU >= 0.5 (metrics.h)
    bool strictCorrect = false;  // strict_referring.h
    std::vector<int> missed, taken;  // of the strict judgement
    bool targetsFound = false;  // every referred lesion found by the detection pass ("none": true)
};
using PromptCallback = std::function<void(const PromptOutcome&)>;

struct EvalOptions {
    std::vector<std::uint64_t> seeds;
    int promptsPerCase = 6;
    std::uint64_t promptSeed = 1;
    // Prompts from the held-out paraphrase grammar (paraphrases.h) instead
    // of the training generator's.
    bool paraphrases = false;
    int phantomVersion = 1;  // PhantomOptions::version of the held-out phantoms
    SegmentOptions segment;
    PromptCallback onPrompt;  // may be empty
};

inline constexpr const char* kDetectionPrompt = "all lesions";

struct CategoryScore {
    int prompts = 0, correct = 0;
};

struct EvalReport {
    std::string name;
    std::int64_t parameters = 0;
    SliceMetrics slice;
    double caseDice = 0;            // 3D, mean over prompts that refer to a lesion
    double referringAccuracy = 0;   // share of prompts answered right
    double referringAccuracyWithLesions = 0;  // the same over prompts that refer to a lesion
    int prompts = 0;
    int promptsWithLesions = 0;     // prompts whose targets are not empty
    // Strict referring (strict_referring.h) over the prompts that refer to a
    // lesion; "none" prompts apart: how many got an empty answer.
    int strictCorrectWithLesions = 0;
    double strictAccuracyWithLesions = 0;
    int nonePrompts = 0, noneEmpty = 0;
    // Mean Dice over every referred lesion of every prompt, each lesion with
    // the answer's pieces touching it: small lesions count as much as large
    // ones, unlike caseDice (volume-weighted over the referred set).
    double lesionDice = 0;
    int referredLesions = 0;
    std::map<std::string, CategoryScore> byCategory;
    DetectionReport detection;
    // Prompts whose referred lesions are all found by the detection pass
    // ("none" prompts count). Not a ceiling: a set answer can be right with
    // a small member missed (its IoU with the whole set stays >= 0.5).
    int promptsWithTargetsFound = 0;
    double seconds = 0;
};

// progress(promptsDone, promptsTotal) for long runs; may be empty.
EvalReport evaluateModel(LsmsModel& model, const std::string& name, const EvalOptions& options,
                         const std::function<void(int, int)>& progress = {});

// The same metrics on given cases (annotated real data, see
// annotated_case.h), each with all of its fixed expressions; cases on their
// own grids. Throws InputError for a case without fixed expressions.
EvalReport evaluateCases(LsmsModel& model, const std::string& name, const std::vector<PhantomCase>& cases,
                         const SegmentOptions& segment, const std::function<void(int, int)>& progress = {},
                         const PromptCallback& onPrompt = {});

std::string toJson(const EvalReport& r);

}  // namespace lsms::models
