// The referring scorer: component measurements, the module, its training
// on components with known answers, and its place in checkpoints.
#include "lsms/core/error.h"
#include "lsms/models/component_features.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/scorer_trainer.h"
#include "lsms/models/tokenizer.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace lsms::models;
using lsms::phantom::LesionKind;
using lsms::phantom::LesionTruth;
using lsms::phantom::Lobe;

namespace {

float feature(const ComponentFeatures& f, const std::string& name) {
    const auto& names = componentFeatureNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return f[i];
    FAIL("no feature " << name);
    return 0;
}

// A 60 x 40 body of liver (100 HU) in air on 3 slices of 2 mm pixels; a
// dark cyst (10 HU) on the image left (patient right), a ring lesion
// (bright 180 HU rim, 40 HU core) on the image right.
struct TwoLesions {
    lsms::CtVolume ct;
    ProbabilityVolume prob;
    TwoLesions() {
        lsms::Geometry g;
        g.size = {80, 60, 3};
        g.spacing = {2, 2, 5};
        g.origin = {-79, -59, 40};
        ct = lsms::CtVolume(g, -1000.f);
        prob = ProbabilityVolume(g, 0);
        for (std::size_t k = 0; k < 3; ++k)
            for (std::size_t j = 10; j < 50; ++j)
                for (std::size_t i = 10; i < 70; ++i) {
                    ct.set(i, j, k, 100.f);
                    const double dc = std::hypot(double(i) - 25, double(j) - 30);
                    const double dr = std::hypot(double(i) - 55, double(j) - 30);
                    if (dc <= 5) ct.set(i, j, k, 10.f), prob.at(i, j, k) = 230;
                    if (dr <= 7) {
                        ct.set(i, j, k, dr > 4.5 ? 180.f : 40.f);
                        prob.at(i, j, k) = 240;
                    }
                }
    }
};

lsms::models::LsmsOptions scorerOptions(const WordPieceTokenizer& tok) {
    auto o = tinyOptions();
    o.text.vocabIds = lexiconVocabIds(tok);
    o.scorer.enabled = true;
    o.scorer.hidden = 32;
    o.propagate();
    return o;
}

WordPieceTokenizer vocab() { return WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB); }

// Phantom-like lesion truth with features that say what each lesion is:
// density by kind, position by lobe and segment, size by volume.
ScorerCase syntheticCase(std::mt19937_64& rng) {
    ScorerCase c;
    std::uniform_int_distribution<int> count(1, 5), kind(0, 3), segment(2, 8);
    const int n = count(rng);
    for (int id = 1; id <= n; ++id) {
        LesionTruth l;
        l.id = id;
        l.kind = LesionKind(kind(rng));
        l.couinaud = segment(rng);
        l.lobe = l.couinaud <= 4 ? Lobe::Left : Lobe::Right;
        l.volumeMl = std::uniform_real_distribution<double>(0.5, 40)(rng);
        c.lesions.push_back(l);
        ComponentFeatures f{};
        f[0] = float(std::log10(l.volumeMl));
        const float hu[] = {0.6f, 1.7f, 0.1f, 0.4f};
        f[1] = hu[int(l.kind)];
        f[6] = l.kind == LesionKind::RingEnhancing ? -0.6f : 0.f;
        f[8] = l.lobe == Lobe::Left ? 0.3f : -0.5f;
        f[11] = float(l.couinaud) / 8.f;
        f[12] = (l.couinaud == 2 || l.couinaud == 7 || l.couinaud == 8) ? 0.5f : -0.3f;
        f[13] = 0.9f;
        c.features.push_back(f);
        c.lesionOf.push_back(id);
    }
    // A false positive: no expression refers to it.
    ComponentFeatures fp{};
    fp[1] = 0.9f, fp[13] = 0.6f;
    c.features.push_back(fp);
    c.lesionOf.push_back(0);
    return c;
}

}  // namespace

TEST_CASE("scorer: component measurements tell density, rim and side apart", "[scorer]") {
    TwoLesions s;
    const auto labelled = labelComponents(s.prob, 0.5);
    REQUIRE(labelled.components.size() == 2);
    const auto f = describeComponents(s.ct, labelled);
    REQUIRE(f.size() == 2);
    const auto& cyst = f[std::size_t(labelled.labelAt(25, 30, 1) - 1)];
    const auto& ring = f[std::size_t(labelled.labelAt(55, 30, 1) - 1)];
    CHECK(feature(cyst, "mean_hu") == Approx(0.10).margin(1e-4));
    CHECK(feature(cyst, "shell_hu") == Approx(1.0).margin(1e-4));
    CHECK(feature(cyst, "mean_minus_shell") == Approx(-0.9).margin(1e-4));
    CHECK(feature(ring, "core_minus_rim") < -0.5);  // dark core, bright rim
    CHECK(std::abs(feature(cyst, "core_minus_rim")) < 1e-4);
    // Patient left is +x (LPS): the ring lesion, at larger column index, is left of centre.
    CHECK(feature(cyst, "x_body_frac") < -0.3);
    CHECK(feature(ring, "x_body_frac") > 0.3);
    CHECK(feature(ring, "x_mm") == Approx((55 - 39.5) * 2 / 100.0).margin(0.01));
    CHECK(feature(cyst, "z_mm") == Approx(0.45).margin(1e-4));  // middle slice: 40 + 5 mm
    CHECK(feature(ring, "log10_volume_ml") > feature(cyst, "log10_volume_ml"));
    CHECK(feature(cyst, "mean_probability") == Approx(230 / 255.0).margin(1e-4));

    // A CT on another grid is refused, not misread.
    lsms::Geometry other = s.ct.geometry;
    other.size = {40, 30, 3};
    CHECK_THROWS_AS(describeComponents(lsms::CtVolume(other, 0.f), labelled), lsms::InputError);
    lsms::Geometry shifted = s.ct.geometry;  // same size, another place
    shifted.origin[2] += 10;
    CHECK_THROWS_AS(describeComponents(lsms::CtVolume(shifted, 0.f), labelled), lsms::InputError);
}

TEST_CASE("scorer: one logit per component, broadcast over one sentence", "[scorer]") {
    const auto tok = vocab();
    torch::manual_seed(3);
    LsmsNet net(scorerOptions(tok));
    net->eval();
    REQUIRE(net->scorer());
    const auto tokens = tokenizeBatch(tok, {"the largest cyst in segment VII"}, net->options().text.maxLength);
    const auto text = net->encodeText(tokens.ids, tokens.attention);
    CHECK(net->scorer()->forward(text, torch::randn({4, 3, kComponentFeatures})).sizes() == std::vector<std::int64_t>{4, 3});
    CHECK(net->scorer()->forward(text, torch::zeros({1, 0, kComponentFeatures})).sizes() ==
          std::vector<std::int64_t>{1, 0});
    CHECK_THROWS(net->scorer()->forward(text, torch::zeros({1, 3, 5})));
    // The text-blind baseline cannot have one.
    auto blind = textBlind(scorerOptions(tok));
    CHECK_FALSE(blind.scorer.enabled);
    CHECK_FALSE(LsmsNet(blind)->scorer());
}

TEST_CASE("scorer: adding one keeps every network output and checkpoints keep it", "[scorer]") {
    const auto tok = vocab();
    auto plain = scorerOptions(tok);
    plain.scorer.enabled = false;
    torch::manual_seed(5);
    LsmsNet net(plain);
    net->eval();
    auto withScorer = addScorer(net);
    withScorer->eval();
    REQUIRE(withScorer->scorer());
    torch::NoGradGuard ng;
    const auto tokens = tokenizeBatch(tok, {"all cysts"}, plain.text.maxLength);
    auto image = torch::rand({1, 3, 64, 64});
    CHECK(torch::equal(net->forward(image, tokens.ids, tokens.attention).logits,
                       withScorer->forward(image, tokens.ids, tokens.attention).logits));
    CHECK_THROWS_AS(addScorer(LsmsNet(textBlind(plain))), lsms::InputError);

    const auto file = std::filesystem::temp_directory_path() / ("lsms_scorer_" + std::to_string(::getpid()) + ".pt");
    saveCheckpoint(withScorer, file);
    auto loaded = loadCheckpoint(file);
    std::filesystem::remove(file);
    REQUIRE(loaded->scorer());
    const auto text = withScorer->encodeText(tokens.ids, tokens.attention);
    const auto f = torch::randn({1, 4, kComponentFeatures});
    CHECK(torch::equal(withScorer->scorer()->forward(text, f), loaded->scorer()->forward(loaded->encodeText(tokens.ids, tokens.attention), f)));

    // A second addScorer starts a fresh scorer; removeScorer drops it and keeps the rest.
    auto again = addScorer(withScorer);
    again->eval();
    CHECK_FALSE(torch::equal(again->scorer()->forward(text, f), withScorer->scorer()->forward(text, f)));
    CHECK(torch::equal(again->forward(image, tokens.ids, tokens.attention).logits,
                       net->forward(image, tokens.ids, tokens.attention).logits));
    auto without = removeScorer(withScorer);
    without->eval();
    CHECK_FALSE(without->scorer());
    CHECK(without->options().toText() == net->options().toText());
    CHECK(torch::equal(without->forward(image, tokens.ids, tokens.attention).logits,
                       net->forward(image, tokens.ids, tokens.attention).logits));
}

TEST_CASE("scorer: training learns which components an expression refers to", "[scorer]") {
    const auto tok = vocab();
    std::mt19937_64 rng(17);
    std::vector<ScorerCase> train, validation;
    for (int i = 0; i < 60; ++i) train.push_back(syntheticCase(rng));
    for (int i = 0; i < 12; ++i) validation.push_back(syntheticCase(rng));
    // Targets follow the expression's candidates: "all cysts" passes cysts only.
    ReferringExpression cysts;
    cysts.text = "all cysts";
    for (const auto& l : train[0].lesions)
        if (l.kind == LesionKind::Cyst) cysts.candidates.push_back(l.id);
    cysts.targets = cysts.candidates;
    const auto t = scorerTargets(train[0], cysts);
    for (std::size_t n = 0; n < t.size(); ++n)
        CHECK(t[n] == float(train[0].lesionOf[n] > 0 && train[0].lesions[std::size_t(train[0].lesionOf[n] - 1)].kind == LesionKind::Cyst));

    torch::manual_seed(1);
    LsmsNet net(scorerOptions(tok));
    const auto before = validateScorer(net, tok, validation, 24, 99, torch::kCPU);
    ScorerTrainOptions o;
    o.steps = 400;
    o.batch = 32;
    o.learningRate = 5e-3;
    o.validateEvery = 200;
    std::vector<double> losses;
    const auto result = trainScorer(net, tok, train, validation, o, [&](const ScorerLogEntry& e) { losses.push_back(e.loss); });
    const auto after = validateScorer(net, tok, validation, 24, 99, torch::kCPU);
    INFO("set accuracy before " << before.setAccuracy << ", after " << after.setAccuracy);
    REQUIRE(losses.size() >= 2);
    CHECK(losses.back() < 0.5 * losses.front());
    CHECK(after.setAccuracy > before.setAccuracy + 0.2);
    CHECK(after.componentAccuracy > 0.85);
    CHECK(result.bestStep > 0);

    // Nothing to learn from: a clear error, not a silent no-op.
    std::vector<ScorerCase> empty(2);
    CHECK_THROWS_AS(trainScorer(net, tok, empty, {}, o), lsms::InputError);
    auto plain = scorerOptions(tok);
    plain.scorer.enabled = false;
    LsmsNet noScorer(plain);
    CHECK_THROWS_AS(trainScorer(noScorer, tok, train, {}, o), lsms::InputError);
}
