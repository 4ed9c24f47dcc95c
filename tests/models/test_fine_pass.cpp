#include "lsms/core/error.h"
#include "lsms/models/lesion_crops.h"
#include "lsms/models/nn/fine_trainer.h"
#include "lsms/models/nn/losses.h"
#include "lsms/models/nn/lsms_net.h"
#include "lsms/models/nn/text_encoder.h"
#include "lsms/models/resampled_window.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>

using namespace lsms::models;
namespace fs = std::filesystem;

namespace {

const WordPieceTokenizer& tokenizer() {
    static const auto t = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    return t;
}

// Generation-2 phantoms on a coarse grid, so tests render in about a second.
PhantomCase coarseCase(std::uint64_t seed, double spacing = 3.0) {
    FineTrainOptions o;
    o.crops.spacingMm = spacing;
    return renderCase(fineTrainingGrid(seed, o));
}

// A small fine network reading `spacing` mm pixels.
LsmsOptions smallFine(double spacing) {
    auto o = tinyOptions();
    o.halfResolution = true;
    o.inputSpacingMm = spacing;
    o.contextSpacingMm = spacing;
    o.text.vocabIds = fineNetworkOptions(tokenizer()).text.vocabIds;
    o.propagate();
    return o;
}

}  // namespace

TEST_CASE("fine pass: the decoder ends at half resolution and logits cover the input", "[fine]") {
    torch::manual_seed(3);
    LsmsNet half(smallFine(3.0));
    auto quarterOptions = smallFine(3.0);
    quarterOptions.halfResolution = false;
    quarterOptions.propagate();
    LsmsNet quarter(quarterOptions);
    half->eval();
    quarter->eval();
    const auto tokens = tokenizeBatch(tokenizer(), {"all lesions", "the cyst"}, half->options().text.maxLength);
    const auto image = torch::rand({2, 3, 64, 64});
    const auto out = half->forward(image, tokens.ids, tokens.attention);
    CHECK(out.logits.sizes() == torch::IntArrayRef({2, 1, 64, 64}));
    CHECK(out.pixelEmbedding.size(2) == 32);  // the fused map is at 1/2
    CHECK(quarter->forward(image, tokens.ids, tokens.attention).pixelEmbedding.size(2) == 16);
    // The half stage adds parameters, and the configuration text keeps it.
    CHECK(half->parameterCount() > quarter->parameterCount());
    CHECK(LsmsOptions::fromText(half->options().toText()).halfResolution);
    CHECK(LsmsOptions::fromText(half->options().toText()).head.upsample == 2);
}

TEST_CASE("fine loss: an all-empty batch has no Dice term and a tiny target keeps a bounded pull", "[fine]") {
    const auto weight = torch::ones({4, 1, 32, 32});
    auto logits = torch::full({4, 1, 32, 32}, -9.0).requires_grad_();
    const auto empty = torch::zeros({4, 1, 32, 32});
    auto l = fineLoss(logits, empty, weight);
    CHECK(l.dice.item<double>() == 0.0);
    l.total.backward();
    const double bceOnly = logits.grad().abs().max().item<double>();
    // Per-sample Dice on the same empty targets (sum(p) well below 1, the
    // regime of the collapses) pulls each pixel far harder.
    auto logits2 = torch::full({4, 1, 32, 32}, -9.0).requires_grad_();
    softDiceLoss(logits2, empty).backward();
    CHECK(logits2.grad().abs().max().item<double>() > 100 * bceOnly);

    // One lesion pixel in the batch: Dice is there and pulls that pixel up
    // far harder than it pushes any background pixel down, so a tiny
    // lesion is not traded for an empty answer.
    auto tiny = empty.clone();
    tiny[0][0][5][5] = 1;
    auto logits3 = torch::full({4, 1, 32, 32}, -9.0).requires_grad_();
    auto t = fineLoss(logits3, tiny, weight);
    CHECK(t.dice.item<double>() > 0.5);
    t.total.backward();
    const auto g = logits3.grad();
    const double up = -g[0][0][5][5].item<double>();
    CHECK(up > 0);
    CHECK(up > 10 * g[1].abs().max().item<double>());
    // Zero weight: those pixels cost nothing.
    auto w = weight.clone();
    w[0][0][5][5] = 0;
    auto logits4 = torch::full({4, 1, 32, 32}, -9.0).requires_grad_();
    fineLoss(logits4, tiny, w).total.backward();
    CHECK(logits4.grad()[0][0][5][5].item<double>() == 0.0);
}

TEST_CASE("lesion crops: lesion crops come evenly from the size bins and carry their lesion", "[fine]") {
    std::vector<PhantomCase> cases;
    for (std::uint64_t s = 0; s < 6; ++s) cases.push_back(coarseCase(1300000 + s, 1.5));
    CropOptions o;
    o.size = 64;
    o.spacingMm = 1.5;
    LesionCropSampler sampler(cases, o);
    const auto perBin = sampler.lesionsPerBin();
    int filledBins = 0;
    for (auto n : perBin) filledBins += n > 0;
    REQUIRE(filledBins >= 2);
    std::mt19937_64 rng(5);
    std::map<int, int> drawn;
    int lesionCrops = 0, withLesion = 0, n = 600;
    for (int i = 0; i < n; ++i) {
        const auto c = sampler.sample(rng);
        REQUIRE(c.image.size() == 3u * 64 * 64);
        REQUIRE(c.target.size() == 64u * 64);
        const auto [lo, hi] = std::minmax_element(c.image.begin(), c.image.end());
        REQUIRE((*lo >= 0 && *hi <= 1));
        if (c.bin < 0) continue;
        ++drawn[c.bin];
        ++lesionCrops;
        withLesion += !c.shown.empty();
    }
    // About lesionShare of the crops, split evenly over the filled bins
    // whatever their lesion counts (drawn by lesion they would follow them).
    CHECK(lesionCrops == Approx(0.6 * n).margin(0.08 * n));
    for (std::size_t b = 0; b < perBin.size(); ++b) {
        if (!perBin[b]) continue;
        CHECK(drawn[int(b)] == Approx(double(lesionCrops) / filledBins).margin(0.25 * lesionCrops / filledBins));
    }
    // The drawn slice holds the lesion; its section there can still fall
    // beside the label grid's nearest voxels now and then (an end slice).
    CHECK(withLesion >= 0.97 * lesionCrops);
}

TEST_CASE("lesion crops: density words leave isodense lesions undecided and kind words take their kind", "[fine]") {
    std::vector<lsms::phantom::LesionTruth> lesions(3);
    lesions[0].id = 1, lesions[0].kind = lsms::phantom::LesionKind::Cyst, lesions[0].meanHu = 10;
    lesions[1].id = 2, lesions[1].kind = lsms::phantom::LesionKind::Metastasis, lesions[1].meanHu = 95;
    lesions[2].id = 3, lesions[2].kind = lsms::phantom::LesionKind::Enhancing, lesions[2].meanHu = 160;
    std::mt19937_64 rng(1);
    int seen = 0;
    for (int i = 0; i < 400; ++i) {
        const auto s = cropSentence(lesions, 100, rng);
        if (s.text == "hypodense lesions") {
            CHECK(s.targets == std::vector<int>{1});
            CHECK(s.undecided == std::vector<int>{2});
            ++seen;
        } else if (s.text == "cysts") {
            CHECK(s.targets == std::vector<int>{1});
            CHECK(s.undecided.empty());
            ++seen;
        } else if (s.text == "metastases") {
            CHECK(s.targets == std::vector<int>{2});
            CHECK(s.undecided == std::vector<int>{3});
            ++seen;
        } else if (s.text == "all lesions") {
            CHECK(s.targets == std::vector<int>{1, 2, 3});
            ++seen;
        }
    }
    CHECK(seen > 20);
}

TEST_CASE("fine training: a stopped and resumed run takes the same steps as one that never stopped", "[fine][training]") {
    const fs::path base = fs::temp_directory_path() / ("lsms-fine-resume-" + std::to_string(::getpid()));
    fs::remove_all(base);
    FineTrainOptions o;
    o.steps = 4;
    o.batch = 2;
    o.crops.size = 64;
    o.phantomsPerGroup = 1;
    o.groupsInPool = 2;
    o.stepsPerGroup = 2;  // a new phantom at step 3, after the stop
    o.checkpointEvery = 2;
    o.validateEvery = 0;
    o.logEvery = 1;
    o.firstSeed = 1310000;
    const auto net = smallFine(3.0);
    std::map<int, double> straight, resumed;
    trainFine(base / "straight", net, tokenizer(), o, [&](const FineLogEntry& e) {
        straight[e.step] = e.loss;
        return true;
    });
    trainFine(base / "resumed", net, tokenizer(), o, [&](const FineLogEntry& e) {
        resumed[e.step] = e.loss;
        return e.step < 2;  // stop: the run ends at the step-2 checkpoint
    });
    REQUIRE(resumed.rbegin()->first == 2);
    {
        std::ifstream state(base / "resumed" / "state.txt");
        std::string key;
        int step = 0;
        state >> key >> step;
        CHECK(step == 2);
    }
    trainFine(base / "resumed", net, tokenizer(), o, [&](const FineLogEntry& e) {
        resumed[e.step] = e.loss;
        return true;
    });
    REQUIRE(straight.size() == 4);
    for (int s = 1; s <= 4; ++s) {
        INFO("step " << s);
        CHECK(resumed.at(s) == Approx(straight.at(s)).epsilon(1e-6));
    }
    fs::remove_all(base);
}

TEST_CASE("coarse pass crops: the whole slice at 4 mm with the liver as target, and its network", "[fine]") {
    std::vector<PhantomCase> cases{coarseCase(1320000, 2.0)};
    CropOptions o;
    o.liverTarget = true;
    o.size = 96;
    o.spacingMm = 4.0;
    LesionCropSampler sampler(cases, o);
    std::mt19937_64 rng(2);
    int withLiver = 0;
    for (int i = 0; i < 40; ++i) {
        const auto c = sampler.sample(rng);
        CHECK(c.text == "liver");
        double liver = 0;
        for (float t : c.target) liver += t;
        for (float w : c.weight) REQUIRE(w == 1.f);
        // A liver section is at most ~250 cm^2: with scale jitter the pixels
        // are 3.2-5 mm, so fewer than 2500 of them; a whole slice is 9216.
        if (liver > 0) {
            ++withLiver;
            CHECK(liver < 2500);
        }
    }
    CHECK(withLiver >= 24);  // 80 % of crops are drawn at liver levels
    const auto net = coarseNetworkOptions();
    CHECK_FALSE(net.useLanguage);
    CHECK(net.imageSize * net.inputSpacingMm == Approx(384));
}

TEST_CASE("fine pass window: a window read back onto the CT's grid lands on the voxels it came from", "[fine]") {
    // A CT of smooth ramps (so interpolation is near exact), 0.8 x 0.7 mm pixels.
    lsms::Geometry g;
    g.size = {90, 80, 10};
    g.spacing = {0.8, 0.7, 2.5};
    lsms::CtVolume ct(g, 0.f);
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) ct.set(i, j, k, float(-100 + 2.0 * i + 1.5 * j));
    const SliceWindow window{-100, 250};
    const WindowPlacement w{44.3, 37.8, 5, 96, 1.0, 2.5};
    std::vector<float> image(3 * 96 * 96);
    sampleWindow(ct, w, window, image.data());
    lsms::models::ProbabilityVolume back(g, 0);
    const long lo[2] = {10, 12}, hi[2] = {80, 66};
    mapWindowBack(image.data() + 96 * 96, w, lo, hi, back);  // the centre channel
    double worst = 0;
    for (long j = lo[1]; j <= hi[1]; ++j)
        for (long i = lo[0]; i <= hi[0]; ++i)
            worst = std::max(worst, std::abs(double(back.at(std::size_t(i), std::size_t(j), 5)) -
                                             255.0 * window(ct.at(std::size_t(i), std::size_t(j), 5))));
    CHECK(worst <= 1.5);  // quantisation only: a shift by one voxel would be 4-6 levels
    CHECK(back.at(5, 5, 5) == 0);  // outside the box: untouched
}
