#include "lsms/models/nn/evaluation.h"

#include "lsms/models/json_writer.h"
#include "lsms/models/phantom_slices.h"

#include <algorithm>
#include <chrono>

namespace lsms::models {

EvalReport evaluateModel(LsmsModel& model, const std::string& name, const EvalOptions& options,
                         const std::function<void(int, int)>& progress) {
    const auto start = std::chrono::steady_clock::now();
    EvalReport r;
    r.name = name;
    r.parameters = model.net->parameterCount();
    SliceMetricAccumulator slices;
    double diceSum = 0;
    int correct = 0, done = 0;
    const int total = int(options.seeds.size()) * options.promptsPerCase;
    auto so = options.segment;
    so.keepProbability = true;
    const int threshold = int(std::ceil(so.consolidation.threshold * 255.0 - 1e-9));
    for (auto seed : options.seeds) {
        const auto c = renderCase(seed, model.net->options().imageSize);
        const auto& labels = c.phantom.labels;
        std::vector<std::size_t> lesionSlices;
        for (const auto& slices : c.lesionSlices) lesionSlices.insert(lesionSlices.end(), slices.begin(), slices.end());
        std::sort(lesionSlices.begin(), lesionSlices.end());
        lesionSlices.erase(std::unique(lesionSlices.begin(), lesionSlices.end()), lesionSlices.end());
        // Prompts depend only on the seeds, so every model sees the same ones.
        std::mt19937_64 rng(options.promptSeed * 1000003ull + seed);
        for (int p = 0; p < options.promptsPerCase; ++p) {
            const auto e = generateExpression(c.phantom.lesions, rng);
            const auto result = segmentVolume(model, c.phantom.ct, e.text, so);
            const std::size_t plane = labels.geometry.sliceVoxels();
            std::vector<std::uint8_t> pred(plane), target(plane);
            // Slices showing any lesion: there the network must choose; the
            // many lesion-free slices would be trivially right and swamp mIoU.
            for (auto k : lesionSlices) {
                const auto* prob = result.probability.slice(k);
                const auto* lab = labels.slice(k);
                for (std::size_t i = 0; i < plane; ++i) {
                    pred[i] = prob[i] >= threshold;
                    target[i] = lab[i] != 0 && std::binary_search(e.targets.begin(), e.targets.end(), int(lab[i]));
                }
                slices.add(overlap(pred.data(), target.data(), plane));
            }
            const auto j = judgeReferring(result.mask, labels, e.targets);
            diceSum += j.dice;
            correct += j.correct;
            auto& cat = r.byCategory[e.category];
            cat.prompts += 1;
            cat.correct += j.correct;
            ++r.prompts;
            if (progress) progress(++done, total);
        }
    }
    r.slice = slices.result();
    if (r.prompts > 0) {
        r.caseDice = diceSum / r.prompts;
        r.referringAccuracy = double(correct) / r.prompts;
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

std::string toJson(const EvalReport& r) {
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
                                .add("dice", r.caseDice)
                                .add("referring_accuracy", r.referringAccuracy)
                                .raw("by_category", categories.str())
                                .str())
        .add("seconds", r.seconds)
        .str();
}

}  // namespace lsms::models
