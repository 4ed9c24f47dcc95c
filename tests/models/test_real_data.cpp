// The real-data reader (lsms/workflow/real_data.h) on a folder made from a
// phantom, so ids and expressions are known: loading, training on it, and
// the one-line errors for broken layouts.
#include "lsms/workflow/real_data.h"

#include "lsms/core/error.h"
#include "lsms/io/nifti_io.h"
#include "lsms/models/nn/trainer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include <unistd.h>

using namespace lsms;
using namespace lsms::models;
namespace fs = std::filesystem;

namespace {

// A phantom with at least two lesions, on a small non-training grid so the
// reader must resample (and the phantom's coarse grid stays cheap).
phantom::Phantom smallPhantom() {
    phantom::PhantomOptions o;
    o.seed = 21;
    o.columns = o.rows = 96;
    o.pixelSpacingMm = 4.0;
    o.sliceThicknessMm = 5.0;
    o.slices = 40;
    o.lesionCount = 3;
    return phantom::generatePhantom(o);
}

struct Folder {
    fs::path root;
    Folder() : root(fs::temp_directory_path() / ("lsms-real-" + std::to_string(::getpid()))) {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Folder() { fs::remove_all(root); }
};

void writeCase(const fs::path& dir, const phantom::Phantom& p, const std::string& expressions) {
    fs::create_directories(dir);
    writeNifti(p.ct, dir / "ct.nii.gz");
    writeNifti(p.labels, dir / "labels.nii.gz");
    std::ofstream(dir / "expressions.json") << expressions;
}

const char* kExpressions = R"({"expressions": [
  {"text": "the largest lesion", "targets": [2]},
  {"text": "all lesions", "targets": [3, 1, 2]},
  {"text": "no lesion in the left lobe", "targets": []}]})";

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("real data: a phantom written in the layout loads with its expressions and trains", "[real-data]") {
    Folder f;
    const auto p = smallPhantom();
    REQUIRE(p.lesions.size() == 3u);
    writeCase(f.root / "case-a", p, kExpressions);
    writeCase(f.root / "case-b", p, R"({"expressions": [{"text": "the smallest lesion", "targets": [1]}]})");

    std::vector<std::string> names;
    const auto cases = workflow::readRealData(f.root, 64, 3.5, &names);
    REQUIRE(cases.size() == 2u);
    CHECK(names == std::vector<std::string>{"case-a", "case-b"});
    const auto& c = cases[0];
    REQUIRE(c.fixedExpressions.size() == 3u);
    CHECK(c.fixedExpressions[0].targets == std::vector<int>{2});
    CHECK(c.fixedExpressions[1].targets == std::vector<int>{1, 2, 3});  // sorted for the sampler's lookup
    CHECK(c.fixedExpressions[2].targets.empty());
    CHECK(c.fixedExpressions[2].category == "none");
    CHECK(c.phantom.lesions.empty());  // no phantom truth: expressions are the case's own
    CHECK(c.phantom.ct.geometry.size == std::array<std::size_t, 3>{64, 64, 40});
    CHECK(c.phantom.ct.geometry.spacing[0] == Approx(6.0));
    CHECK(c.contextOffset == 1u);  // 3.5 mm context over 5 mm slices
    // In-plane resampling leaves a large lesion on the slices it was on.
    const auto largest = std::max_element(p.lesions.begin(), p.lesions.end(),
                                          [](const auto& a, const auto& b) { return a.volumeMl < b.volumeMl; })->id;

    // The native grid (evaluation) keeps the label map voxel for voxel.
    const auto native = workflow::readRealCase(f.root / "case-a", 0, 3.5);
    CHECK(native.phantom.labels.data == p.labels.data);
    CHECK_FALSE(native.lesionSlices.at(std::size_t(largest)).empty());
    CHECK(c.lesionSlices.at(std::size_t(largest)) == native.lesionSlices.at(std::size_t(largest)));

    // Every sample uses one of the written expressions, and its target is
    // exactly the referred labels on that slice.
    PhantomSliceSampler sampler(cases, 64, {-100, 250});
    std::mt19937_64 rng(3);
    int withTarget = 0;
    for (int i = 0; i < 40; ++i) {
        const auto s = sampler.sample(rng);
        const auto& texts = sampler.cases()[s.caseIndex].fixedExpressions;
        CHECK(std::any_of(texts.begin(), texts.end(), [&](const auto& e) { return e.text == s.expression.text; }));
        const auto* lab = sampler.cases()[s.caseIndex].phantom.labels.slice(s.slice);
        std::size_t expected = 0, got = 0;
        for (std::size_t v = 0; v < s.target.size(); ++v) {
            expected += lab[v] != 0 && std::binary_search(s.expression.targets.begin(), s.expression.targets.end(),
                                                          int(lab[v]));
            got += s.target[v] == 1.f;
        }
        CHECK(got == expected);
        withTarget += got > 0;
    }
    CHECK(withTarget > 5);

    const auto tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    auto options = tinyOptions();
    options.text.vocabIds = lexiconVocabIds(tok);
    options.propagate();
    torch::manual_seed(1);
    LsmsNet net(options);
    TrainOptions t;
    t.steps = 4;
    t.batch = 4;
    t.validateEvery = 0;
    t.logEvery = 1;
    const auto result = train(net, tok, sampler, drawSamples(sampler, 4, 9), t);
    REQUIRE(result.log.size() == 4u);
    for (const auto& e : result.log) CHECK(std::isfinite(e.loss));
}

TEST_CASE("real data: broken layouts fail with one line naming the file", "[real-data]") {
    Folder f;
    const auto p = smallPhantom();
    const auto dir = f.root / "case";

    SECTION("missing CT") {
        fs::create_directories(dir);
        writeNifti(p.labels, dir / "labels.nii.gz");
        std::ofstream(dir / "expressions.json") << kExpressions;
        const auto e = errorOf([&] { workflow::readRealCase(dir, 64, 3.5); });
        CHECK_THAT(e, Catch::Contains("missing ct.nii.gz") && Catch::Contains(dir.string()));
    }
    SECTION("missing expressions") {
        writeCase(dir, p, kExpressions);
        fs::remove(dir / "expressions.json");
        const auto e = errorOf([&] { workflow::readRealCase(dir, 64, 3.5); });
        CHECK_THAT(e, Catch::Contains((dir / "expressions.json").string()) && Catch::Contains("missing"));
    }
    SECTION("a target id the label map lacks") {
        writeCase(dir, p, R"({"expressions": [{"text": "the lesion", "targets": [7]}]})");
        const auto e = errorOf([&] { workflow::readRealCase(dir, 64, 3.5); });
        CHECK_THAT(e, Catch::Contains("expressions.json") && Catch::Contains("lesion 7") &&
                          Catch::Contains("absent from labels.nii.gz"));
    }
    SECTION("empty text") {
        writeCase(dir, p, R"({"expressions": [{"text": "  ", "targets": [1]}]})");
        CHECK_THAT(errorOf([&] { workflow::readRealCase(dir, 64, 3.5); }),
                   Catch::Contains("expressions.json") && Catch::Contains("expression 1 has empty text"));
    }
    SECTION("labels on another grid") {
        writeCase(dir, p, kExpressions);
        LabelVolume shifted = p.labels;
        shifted.geometry.origin[0] += 10.0;
        writeNifti(shifted, dir / "labels.nii.gz");
        const auto e = errorOf([&] { workflow::readRealCase(dir, 64, 3.5); });
        CHECK_THAT(e, Catch::Contains("labels.nii.gz") && Catch::Contains("does not match the CT"));
    }
    SECTION("errors are one line") {
        writeCase(dir, p, R"({"expressions": [{"text": "the lesion", "targets": [7]}]})");
        CHECK(errorOf([&] { workflow::readRealCase(dir, 64, 3.5); }).find('\n') == std::string::npos);
    }
}
