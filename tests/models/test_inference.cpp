#include "lsms/core/error.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/evaluation.h"
#include "lsms/models/nn/inference.h"
#include "lsms/models/segmenter.h"

#include <catch2/catch.hpp>

#include "lsms/models/nn/scorer_trainer.h"

#include <algorithm>
#include <fstream>

using namespace lsms::models;

namespace {

LsmsModel tinyModel() {
    auto tok = std::make_shared<const WordPieceTokenizer>(WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB));
    auto o = tinyOptions();
    o.text.vocabIds = lexiconVocabIds(*tok);
    o.propagate();
    torch::manual_seed(21);
    LsmsModel m{LsmsNet(o), tok, torch::kCPU};
    m.net->eval();
    return m;
}

// A CT that is not on the network's grid (90 x 70 x 7) with some structure.
lsms::CtVolume oddCt() {
    lsms::Geometry g;
    g.size = {90, 70, 7};
    g.spacing = {1.2, 1.2, 3.0};
    lsms::CtVolume ct(g, -1000.f);
    for (std::size_t k = 0; k < 7; ++k)
        for (std::size_t j = 10; j < 60; ++j)
            for (std::size_t i = 5; i < 70; ++i) ct.set(i, j, k, (i > 40 && j < 30) ? 40.f : 105.f + float(k));
    return ct;
}

}  // namespace

TEST_CASE("inference: answer on the CT's grid, progress reported, cancellable", "[inference]") {
    auto model = tinyModel();
    const auto ct = oddCt();
    std::vector<std::size_t> done;
    SegmentOptions o;
    o.batch = 3;
    o.keepProbability = true;
    o.progress = [&](std::size_t d, std::size_t total) {
        CHECK(total == 7);
        done.push_back(d);
        return true;
    };
    auto r = segmentVolume(model, ct, "the largest lesion", o);
    CHECK(r.mask.geometry.size == ct.geometry.size);
    CHECK(r.probability.data.size() == ct.data.size());
    CHECK(done == std::vector<std::size_t>{3, 6, 7});
    if (r.selection != Selection::All) CHECK(r.kept.size() <= 1);
    CHECK(r.sliceOffset == 1);

    // The prompt's reading can be overridden (each of the three: the network
    // itself reads one sentence one way); "all" keeps every component big enough.
    for (auto sel : {Selection::One, Selection::All, Selection::Smallest}) {
        SegmentOptions every;
        every.selection = sel;
        every.useScorer = false;
        every.refineEdges = false;
        const auto a = segmentVolume(model, ct, "the largest lesion", every);
        CHECK(a.selection == sel);
        std::size_t big = 0;
        for (const auto& comp : a.components) big += comp.volumeMl >= every.consolidation.minVolumeMl;
        CHECK(a.kept.size() == (sel == Selection::All ? big : std::min<std::size_t>(big, 1)));
    }

    o.progress = [](std::size_t, std::size_t) { return false; };
    CHECK_THROWS_AS(segmentVolume(model, ct, "all lesions", o), lsms::Cancelled);
    std::atomic<bool> cancel{true};
    SegmentOptions c;
    c.cancel = &cancel;
    CHECK_THROWS_AS(segmentVolume(model, ct, "all lesions", c), lsms::Cancelled);
}

TEST_CASE("inference: a mirrored acquisition gives the mirrored answer", "[inference]") {
    auto model = tinyModel();
    const auto ct = oddCt();
    auto mirrored = ct;
    mirrored.geometry.direction[0] = {-1, 0, 0};
    const std::size_t nx = ct.geometry.size[0];
    for (std::size_t k = 0; k < 7; ++k)
        for (std::size_t j = 0; j < 70; ++j)
            for (std::size_t i = 0; i < nx; ++i) mirrored.set(i, j, k, ct.at(nx - 1 - i, j, k));
    SegmentOptions o;
    o.keepProbability = true;
    auto a = segmentVolume(model, ct, "lesion in the left lobe", o);
    auto b = segmentVolume(model, mirrored, "lesion in the left lobe", o);
    CHECK(b.flippedColumns);
    int maxDiff = 0;
    for (std::size_t k = 0; k < 7; ++k)
        for (std::size_t j = 0; j < 70; ++j)
            for (std::size_t i = 0; i < nx; ++i)
                maxDiff = std::max(maxDiff, std::abs(int(a.probability.at(i, j, k)) - int(b.probability.at(nx - 1 - i, j, k))));
    CHECK(maxDiff <= 1);
}

TEST_CASE("inference: Segmenter reports missing or mismatched files as ModelError", "[inference]") {
    CHECK_THROWS_AS(Segmenter("/nonexistent/model.pt", "cpu"), lsms::ModelError);
    auto model = tinyModel();
    const auto file = std::filesystem::temp_directory_path() / "lsms_segmenter_test.pt";
    saveCheckpoint(model.net, file);
    Segmenter s(file, "cpu", LSMS_TEST_VOCAB);
    CHECK(s.deviceName() == "cpu");
    CHECK(s.usesLanguage());
    auto answer = s.segment(oddCt(), "all lesions");
    CHECK(answer.mask.geometry.size == oddCt().geometry.size);
    CHECK((answer.selection == "one" || answer.selection == "all" || answer.selection == "smallest"));
    CHECK(answer.expectsSeveral == (answer.selection == "all"));
    // A vocabulary of another size cannot be the one the model was trained with.
    const auto smallVocab = std::filesystem::temp_directory_path() / "lsms_small_vocab.txt";
    std::ofstream(smallVocab) << "[PAD]\n[UNK]\n[CLS]\n[SEP]\n";
    CHECK_THROWS_AS(Segmenter(file, "cpu", smallVocab), lsms::ModelError);
    std::filesystem::remove(file);
}

TEST_CASE("evaluation: each prompt's outcome is reported and agrees with the totals", "[inference][evaluation]") {
    auto model = tinyModel();
    auto c = renderCase(51, model.net->options().imageSize);
    std::vector<int> all;
    for (const auto& l : c.phantom.lesions) all.push_back(l.id);
    REQUIRE_FALSE(all.empty());
    c.fixedExpressions = {{"all lesions", all, "set"}, {"the cyst in the caudate lobe", {}, "none"}};
    std::vector<PromptOutcome> seen;
    const auto report = evaluateCases(model, "tiny", {c}, {}, {}, [&](const PromptOutcome& o) { seen.push_back(o); });
    REQUIRE(seen.size() == 2);
    CHECK(report.prompts == 2);
    int correct = 0;
    for (const auto& o : seen) {
        correct += o.correct;
        CHECK(o.caseIndex == 0);
        for (const auto& [id, iou] : o.lesionIoU) {
            CHECK(std::find(all.begin(), all.end(), id) != all.end());
            CHECK(iou > 0.0);
            CHECK(iou <= 1.0);
        }
        CHECK(o.kept.size() <= o.components.size());
    }
    CHECK(seen[0].text == "all lesions");
    CHECK(seen[0].targets == all);
    CHECK(seen[1].category == "none");
    // "None" is right exactly when the answer is empty.
    CHECK(seen[1].correct == (seen[1].answerVoxels == 0));
    CHECK(report.referringAccuracy == Approx(correct / 2.0));
    // 3D Dice and the accuracy "with lesions" leave the "none" prompt out.
    CHECK(report.promptsWithLesions == 1);
    REQUIRE(seen[0].dice != seen[1].dice);  // else a mean over both prompts would pass too
    CHECK(report.caseDice == Approx(seen[0].dice));
    CHECK(report.referringAccuracyWithLesions == (seen[0].correct ? 1.0 : 0.0));
    // The detection pass: once per case, over every lesion of the phantom.
    CHECK(report.detection.cases == 1);
    CHECK(report.detection.lesions == int(all.size()));
    CHECK(report.detection.found <= report.detection.touched);
    CHECK(report.detection.touched <= report.detection.lesions);
    CHECK(seen[1].targetsFound);  // nothing referred: nothing to miss
    CHECK(seen[0].targetsFound == (report.detection.found == report.detection.lesions));
    CHECK(report.promptsWithTargetsFound == 1 + int(seen[0].targetsFound));
    for (const auto& o : seen)
        for (int label : o.kept)
            CHECK(std::any_of(o.components.begin(), o.components.end(),
                              [&](const Component& c) { return c.label == label; }));
}

TEST_CASE("inference: the referring scorer decides which components may be kept", "[inference][scorer]") {
    auto model = tinyModel();
    torch::manual_seed(4);
    model.net = addScorer(model.net);
    model.net->eval();
    const auto ct = oddCt();
    SegmentOptions so;
    so.keepProbability = true;
    so.consolidation.threshold = 0.02;  // an untrained network: make sure there are components
    so.consolidation.minVolumeMl = 0;
    so.consolidation.referringThreshold = 0;  // every component passes
    so.refineEdges = false;  // the plain consolidation's mask, to compare with
    const auto open = segmentVolume(model, ct, "all lesions", so);
    REQUIRE_FALSE(open.components.empty());
    for (const auto& c : open.components) CHECK((c.referringScore >= 0 && c.referringScore <= 1));
    const auto plain = consolidate(open.probability, open.selection, so.consolidation);
    CHECK(open.mask.data == plain.mask.data);
    so.consolidation.referringThreshold = 1.5;  // none can pass
    const auto closed = segmentVolume(model, ct, "all lesions", so);
    CHECK(closed.kept.empty());
    CHECK(std::count(closed.mask.data.begin(), closed.mask.data.end(), 1) == 0);
    CHECK(closed.components.size() == open.components.size());

    // At the median score, exactly the components rated at or above it may be kept.
    std::vector<double> scores;
    for (const auto& c : open.components) scores.push_back(c.referringScore);
    std::sort(scores.begin(), scores.end());
    so.consolidation.referringThreshold = scores[scores.size() / 2];
    const auto half = segmentVolume(model, ct, "all lesions", so);
    REQUIRE(half.components.size() == open.components.size());
    std::vector<int> passing;
    for (const auto& c : half.components) {
        CHECK(c.referringScore == open.components[std::size_t(&c - half.components.data())].referringScore);
        if (c.referringScore >= so.consolidation.referringThreshold) passing.push_back(c.label);
    }
    REQUIRE_FALSE(passing.empty());
    for (int l : half.kept) CHECK(std::find(passing.begin(), passing.end(), l) != passing.end());
    if (half.selection == Selection::All) {
        auto kept = half.kept;
        std::sort(kept.begin(), kept.end());
        std::sort(passing.begin(), passing.end());
        CHECK(kept == passing);
    }
    // Without the scorer, the answer is the plain consolidation.
    so.consolidation.referringThreshold = 1.5;
    so.useScorer = false;
    const auto ignored = segmentVolume(model, ct, "all lesions", so);
    CHECK(ignored.mask.data == plain.mask.data);
    for (const auto& c : ignored.components) CHECK(c.referringScore == -1);
}
