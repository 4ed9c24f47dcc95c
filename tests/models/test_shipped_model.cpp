// The committed weights (resources/models/lsms-default.pt) on a held-out
// phantom: a regression check that the shipped model still reads these
// prompts, not a measure of its accuracy (that is `lsms eval`,
// docs/evaluation.md). The seed lies outside the training (10000-10639,
// 20000-20479, 40000-40799; scorer 30000-30299), validation (510000-..,
// 520000-.., 530000-..) and evaluation (900000-.., 920000-.., 940000-..) ranges.
#include "lsms/models/metrics.h"
#include "lsms/models/nn/inference.h"
#include "lsms/models/paths.h"
#include "lsms/models/phantom_slices.h"
#include "lsms/models/segmenter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace lsms::models;
using lsms::phantom::LesionTruth;

namespace {

// Six lesions, all in the right lobe, none of them a cyst; lesion 2
// (ring-enhancing, VIII) is the largest; lesions 1, 5 and 6 are enhancing
// (hyperdense). Before the referring scorer the same three lesions came back
// for "every cyst", "all hyperdense lesions" and "all lesions in the left lobe".
constexpr std::uint64_t kSeed = 700001;

std::vector<int> ofKind(const std::vector<LesionTruth>& lesions, lsms::phantom::LesionKind kind) {
    std::vector<int> ids;
    for (const auto& l : lesions)
        if (l.kind == kind) ids.push_back(l.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<int> largest(const std::vector<LesionTruth>& lesions) {
    return {std::max_element(lesions.begin(), lesions.end(), [](const auto& a, const auto& b) {
                return a.volumeMl < b.volumeMl;
            })->id};
}

std::vector<int> all(const std::vector<LesionTruth>& lesions) {
    std::vector<int> ids;
    for (const auto& l : lesions) ids.push_back(l.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace

TEST_CASE("shipped model: finds the referred lesions on a held-out phantom", "[shipped]") {
    REQUIRE(std::filesystem::exists(defaultModelPath()));
    auto model = loadModel(defaultModelPath(), "cpu", defaultVocabPath());
    CHECK(model.net->options().useLanguage);
    const auto c = renderCase(kSeed, model.net->options().imageSize);
    const auto& lesions = c.phantom.lesions;
    REQUIRE(lesions.size() >= 2);
    REQUIRE(ofKind(lesions, lsms::phantom::LesionKind::Cyst).empty());
    for (const auto& l : lesions) REQUIRE(l.lobe == lsms::phantom::Lobe::Right);
    REQUIRE(model.net->scorer());

    struct Case {
        const char* prompt;
        std::vector<int> referred;
        Selection selection;
    };
    const std::vector<Case> cases{
        {"the largest lesion", largest(lesions), Selection::One},
        {"all lesions", all(lesions), Selection::All},
        {"ring-enhancing lesion, segment VIII", {2}, Selection::One},
        {"all hyperdense lesions", ofKind(lesions, lsms::phantom::LesionKind::Enhancing), Selection::All},
        // Nothing of the kind, nothing on that side: the answer must be empty.
        {"every cyst", {}, Selection::All},
        {"all lesions in the left lobe", {}, Selection::All},
    };
    for (const auto& k : cases) {
        INFO(k.prompt);
        const auto r = segmentVolume(model, c.phantom.ct, k.prompt);
        CHECK(r.selection == k.selection);
        const auto j = judgeReferring(r.mask, c.phantom.labels, k.referred);
        CHECK(j.correct);
        if (!k.referred.empty()) CHECK(j.dice > 0.6);
    }
}

TEST_CASE("shipped model: edges placed on the CT take in the ring-enhancing lesion's rim", "[shipped][edges]") {
    auto model = loadModel(defaultModelPath(), "cpu", defaultVocabPath());
    const auto c = renderCase(kSeed, model.net->options().imageSize);
    SegmentOptions plain;
    plain.refineEdges = false;
    const auto before = segmentVolume(model, c.phantom.ct, "ring-enhancing lesion, segment VIII", plain);
    const auto after = segmentVolume(model, c.phantom.ct, "ring-enhancing lesion, segment VIII");
    REQUIRE(after.kept == before.kept);
    REQUIRE(after.kept.size() == 1);
    std::size_t changed = 0, voxels = 0;
    for (std::size_t v = 0; v < after.mask.data.size(); ++v) {
        changed += after.mask.data[v] != before.mask.data[v];
        voxels += after.mask.data[v];
    }
    CHECK(changed > 0);
    const auto b = judgeReferring(before.mask, c.phantom.labels, {2});
    const auto a = judgeReferring(after.mask, c.phantom.labels, {2});
    INFO("Dice " << b.dice << " -> " << a.dice);
    CHECK(a.correct);
    CHECK(a.dice > b.dice + 0.05);
    for (const auto& comp : after.components)
        if (comp.label == after.kept.front()) CHECK(comp.voxels == voxels);  // the reported size is the answer's
}

TEST_CASE("shipped model: each answer carries its confidence, and the file falls back to the phantom domain",
          "[shipped][confidence]") {
    Segmenter s(defaultModelPath(), "cpu", defaultVocabPath());
    // Written before the training domain was recorded.
    CHECK(s.options().domain.phantomsOnly());
    CHECK(s.options().domain.assumed);
    const auto c = renderCase(kSeed, s.options().imageSize);
    const auto found = s.segment(c.phantom.ct, "the largest lesion");
    REQUIRE(found.componentsKept >= 1);
    // Kept voxels passed the 0.5 threshold; the scorer kept only what it rated 0.5 or more.
    CHECK(found.meanProbability >= 0.5);
    CHECK(found.meanProbability <= 1.0);
    CHECK(found.lowestReferringScore >= 0.5);
    CHECK(found.lowestReferringScore <= 1.0);
    SegmenterOptions noScorer;
    noScorer.useScorer = false;
    const auto unfiltered = s.segment(c.phantom.ct, "the largest lesion", noScorer);
    CHECK(unfiltered.meanProbability >= 0.5);
    CHECK(unfiltered.lowestReferringScore == -1);
    const auto none = s.segment(c.phantom.ct, "every cyst");
    REQUIRE(none.componentsKept == 0);
    CHECK(none.meanProbability == -1);
    CHECK(none.lowestReferringScore == -1);
}
