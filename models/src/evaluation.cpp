#include "lsms/models/nn/evaluation.h"
#include "torch_boundary.h"

#include "lsms/core/error.h"
#include "lsms/models/json_writer.h"
#include "lsms/models/paraphrases.h"
#include "lsms/models/phantom_slices.h"
#include "lsms/models/strict_referring.h"

#include <algorithm>
#include <chrono>

namespace lsms::models {

namespace {

// Accumulates one case's prompts into the report.
class Scorer {
public:
    Scorer(LsmsModel& model, const std::string& name, const SegmentOptions& segment, int total,
           const std::function<void(int, int)>& progress, const PromptCallback& onPrompt)
        : model_(model), so_(segment), total_(total), progress_(progress), onPrompt_(onPrompt),
          start_(std::chrono::steady_clock::now()) {
        r_.name = name;
        r_.parameters = model.net->parameterCount();
    }

    void score(const PhantomCase& c, const std::vector<ReferringExpression>& prompts) {
        const auto& labels = c.phantom.labels;
        std::vector<std::size_t> lesionSlices;
        for (const auto& s : c.lesionSlices) lesionSlices.insert(lesionSlices.end(), s.begin(), s.end());
        std::sort(lesionSlices.begin(), lesionSlices.end());
        lesionSlices.erase(std::unique(lesionSlices.begin(), lesionSlices.end()), lesionSlices.end());
        const auto detected = detect(c);
        for (const auto& e : prompts) {
            const auto result = segmentVolume(model_, c.phantom.ct, e.text, so_);
            const std::size_t plane = labels.geometry.sliceVoxels();
            std::vector<std::uint8_t> pred(plane), target(plane);
            // Slices showing any lesion: there the network must choose; the
            // many lesion-free slices would be trivially right and swamp mIoU.
            // Scored on the final answer (what the viewer shows), whose 3D
            // selection applies the sentence's size rank.
            for (auto k : lesionSlices) {
                const auto* answer = result.mask.slice(k);
                const auto* lab = labels.slice(k);
                for (std::size_t i = 0; i < plane; ++i) {
                    pred[i] = answer[i] != 0;
                    target[i] = lab[i] != 0 && std::binary_search(e.targets.begin(), e.targets.end(), int(lab[i]));
                }
                slices_.add(overlap(pred.data(), target.data(), plane));
            }
            const auto j = judgeReferring(result.mask, labels, e.targets);
            const auto strict = judgeStrict(result.mask, labels, e.targets);
            correct_ += j.correct;
            if (!e.targets.empty()) {
                diceSum_ += j.dice;
                correctWithLesions_ += j.correct;
                ++r_.promptsWithLesions;
                r_.strictCorrectWithLesions += strict.correct;
                for (const auto& [id, d] : strict.referredDice) lesionDiceSum_ += d;
                r_.referredLesions += int(strict.referredDice.size());
            } else {
                ++r_.nonePrompts;
                r_.noneEmpty += strict.correct;
            }
            const bool found = allFound(detected, e.targets);
            r_.promptsWithTargetsFound += found;
            auto& cat = r_.byCategory[e.category];
            cat.prompts += 1;
            cat.correct += j.correct;
            ++r_.prompts;
            if (onPrompt_) onPrompt_(outcome(result, e, j, strict, found));
            if (progress_) progress_(++done_, total_);
        }
        ++caseIndex_;
    }

    EvalReport report() {
        r_.slice = slices_.result();
        r_.detection = detection_.result();
        if (r_.prompts > 0) {
            r_.referringAccuracy = double(correct_) / r_.prompts;
        }
        if (r_.promptsWithLesions > 0) {
            r_.caseDice = diceSum_ / r_.promptsWithLesions;
            r_.referringAccuracyWithLesions = double(correctWithLesions_) / r_.promptsWithLesions;
            r_.strictAccuracyWithLesions = double(r_.strictCorrectWithLesions) / r_.promptsWithLesions;
        }
        if (r_.referredLesions > 0) r_.lesionDice = lesionDiceSum_ / r_.referredLesions;
        r_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        return r_;
    }

private:
    // Every component the network marks for kDetectionPrompt, with edges
    // placed on the CT as answers get them (unless this evaluation runs
    // without), relabelled as the 3D pieces a radiologist would see.
    CaseDetection detect(const PhantomCase& c) {
        SegmentOptions so = so_;
        so.useScorer = false;
        so.selection = Selection::All;
        so.keepProbability = true;
        const auto result = segmentVolume(model_, c.phantom.ct, kDetectionPrompt, so);
        ProbabilityVolume marked(result.mask.geometry, 0);
        for (std::size_t i = 0; i < marked.data.size(); ++i) marked.data[i] = result.mask.data[i] ? 255 : 0;
        auto pieces = labelComponents(marked, 0.5);
        // Each piece's confidence is the network's mean probability over it
        // (the FROC's ordering), not the marked mask's.
        std::vector<double> sum(pieces.components.size() + 1, 0.0);
        std::size_t v = 0;
        for (long k = pieces.lo[2]; k <= pieces.hi[2]; ++k)
            for (long j = pieces.lo[1]; j <= pieces.hi[1]; ++j)
                for (long i = pieces.lo[0]; i <= pieces.hi[0]; ++i, ++v)
                    if (const int l = pieces.labels[v]; l > 0)
                        sum[std::size_t(l)] += result.probability.at(std::size_t(i), std::size_t(j), std::size_t(k)) / 255.0;
        for (auto& comp : pieces.components) comp.meanProbability = sum[std::size_t(comp.label)] / double(comp.voxels);
        auto d = findLesions(pieces, c.phantom.labels, so.consolidation.minVolumeMl);
        detection_.add(d);
        return d;
    }

    static bool allFound(const CaseDetection& d, const std::vector<int>& targets) {
        return std::all_of(targets.begin(), targets.end(), [&](int id) {
            return std::any_of(d.lesions.begin(), d.lesions.end(),
                               [&](const LesionFinding& f) { return f.id == id && f.found(); });
        });
    }

    PromptOutcome outcome(const SegmentResult& result, const ReferringExpression& e, const ReferringJudgement& j,
                          const StrictJudgement& strict, bool targetsFound) const {
        PromptOutcome o;
        o.caseIndex = caseIndex_;
        o.text = e.text;
        o.category = e.category;
        o.targets = e.targets;
        o.selection = result.selection;
        o.components = result.components;
        o.kept = result.kept;
        o.dice = j.dice;
        o.correct = j.correct;
        o.strictCorrect = strict.correct;
        o.missed = strict.missed;
        o.taken = strict.taken;
        o.answerVoxels = j.predictedVoxels;
        o.lesionIoU = j.lesionIoU;
        o.targetsFound = targetsFound;
        return o;
    }

    LsmsModel& model_;
    SegmentOptions so_;
    int total_, done_ = 0, correct_ = 0, correctWithLesions_ = 0;
    const std::function<void(int, int)>& progress_;
    const PromptCallback& onPrompt_;
    std::size_t caseIndex_ = 0;
    std::chrono::steady_clock::time_point start_;
    EvalReport r_;
    SliceMetricAccumulator slices_;
    DetectionAccumulator detection_;
    double diceSum_ = 0, lesionDiceSum_ = 0;
};

}  // namespace

static EvalReport evaluateModelUnguarded(LsmsModel& model, const std::string& name, const EvalOptions& options,
                         const std::function<void(int, int)>& progress) {
    Scorer scorer(model, name, options.segment, int(options.seeds.size()) * options.promptsPerCase, progress,
                  options.onPrompt);
    for (auto seed : options.seeds) {
        // On a grid of the seed's own, whatever the model (network_grid.h maps it).
        const auto c = renderCase(evaluationGrid(seed, options.phantomVersion));
        // Prompts depend only on the seeds, so every model sees the same ones.
        std::mt19937_64 rng(options.promptSeed * 1000003ull + seed);
        std::vector<ReferringExpression> prompts;
        for (int p = 0; p < options.promptsPerCase; ++p)
            prompts.push_back(options.paraphrases ? generateParaphrase(c.phantom.lesions, rng)
                                                  : generateExpression(c.phantom.lesions, rng));
        scorer.score(c, prompts);
    }
    return scorer.report();
}

static EvalReport evaluateCasesUnguarded(LsmsModel& model, const std::string& name, const std::vector<PhantomCase>& cases,
                         const SegmentOptions& segment, const std::function<void(int, int)>& progress,
                         const PromptCallback& onPrompt) {
    int total = 0;
    for (const auto& c : cases) {
        if (c.fixedExpressions.empty()) throw InputError("a case to evaluate has no expressions");
        total += int(c.fixedExpressions.size());
    }
    Scorer scorer(model, name, segment, total, progress, onPrompt);
    for (const auto& c : cases) scorer.score(c, c.fixedExpressions);
    return scorer.report();
}

std::string toJson(const EvalReport& r) {
    // null: no prompt refers to a lesion, so there is nothing to average.
    auto withLesions = [&](double v) { return r.promptsWithLesions > 0 ? json::number(v) : std::string("null"); };
    json::Object categories;
    for (const auto& [name, s] : r.byCategory)
        categories.raw(name, json::Object()
                                 .add("prompts", s.prompts)
                                 .add("correct", s.correct)
                                 .add("accuracy", s.prompts ? double(s.correct) / s.prompts : 0.0)
                                 .str());
    return json::Object()
        .add("name", r.name)
        .add("parameters", static_cast<long long>(r.parameters))
        .raw("per_slice", toJson(r.slice))
        .raw("per_case_3d", json::Object()
                                .add("prompts", r.prompts)
                                .add("prompts_with_lesions", r.promptsWithLesions)
                                .raw("dice", withLesions(r.caseDice))
                                .add("referring_accuracy", r.referringAccuracy)
                                .raw("referring_accuracy_with_lesions", withLesions(r.referringAccuracyWithLesions))
                                .raw("strict_referring_accuracy_with_lesions", withLesions(r.strictAccuracyWithLesions))
                                .raw("per_lesion_dice", r.referredLesions > 0 ? json::number(r.lesionDice) : std::string("null"))
                                .add("referred_lesions", r.referredLesions)
                                .add("none_prompts", r.nonePrompts)
                                .add("none_prompts_empty", r.noneEmpty)
                                .raw("by_category", categories.str())
                                .str())
        .add("detection_prompt", kDetectionPrompt)
        .raw("detection", toJson(r.detection))
        .add("prompts_with_referred_lesions_found", r.promptsWithTargetsFound)
        .add("seconds", r.seconds)
        .str();
}

EvalReport evaluateModel(LsmsModel& model, const std::string& name, const EvalOptions& options,
                         const std::function<void(int, int)>& progress) {
    return torchBoundary("evaluation", [&] { return evaluateModelUnguarded(model, name, options, progress); });
}

EvalReport evaluateCases(LsmsModel& model, const std::string& name, const std::vector<PhantomCase>& cases,
                         const SegmentOptions& segment, const std::function<void(int, int)>& progress,
                         const PromptCallback& onPrompt) {
    return torchBoundary("evaluation", [&] { return evaluateCasesUnguarded(model, name, cases, segment, progress, onPrompt); });
}

}  // namespace lsms::models
