#include "lsms/models/nn/trainer.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

double meanLoss(LsmsNet& net, const WordPieceTokenizer& tok, const std::vector<SliceSample>& samples) {
    net->eval();
    torch::NoGradGuard ng;
    auto b = makeBatch(samples, 0, samples.size(), net->options().imageSize, tok, net->options().text.maxLength);
    auto out = net->forward(b.images, b.tokens.ids, b.tokens.attention);
    return lsmsLoss(out, b.targets).total.item<double>();
}

}  // namespace

TEST_CASE("training: a tiny run lowers the loss on phantom slices", "[training]") {
    const auto tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    auto options = tinyOptions();
    options.text.vocabIds = lexiconVocabIds(tok);
    options.propagate();
    std::vector<PhantomCase> cases;
    for (std::uint64_t seed : {11u, 12u, 13u}) cases.push_back(renderCase(seed, options.imageSize));
    PhantomSliceSampler sampler(std::move(cases), options.imageSize, {options.windowLowHu, options.windowHighHu});
    const auto probe = drawSamples(sampler, 16, 99);
    REQUIRE(probe.front().image.size() == 3u * 64 * 64);

    torch::manual_seed(5);
    LsmsNet net(options);
    const double before = meanLoss(net, tok, probe);
    TrainOptions t;
    t.steps = 150;
    t.batch = 6;
    t.validateEvery = 0;
    t.logEvery = 50;
    t.learningRate = 3e-3;
    t.warmupSteps = 5;
    std::vector<int> loggedSteps;
    auto result = train(net, tok, sampler, probe, t, [&](const TrainLogEntry& e) {
        loggedSteps.push_back(e.step);
        return true;
    });
    const double after = meanLoss(net, tok, probe);
    INFO("loss before " << before << ", after " << after);
    CHECK(after < 0.8 * before);
    CHECK(std::isfinite(after));
    CHECK(loggedSteps == std::vector<int>{1, 50, 100, 150});
    REQUIRE(result.log.back().validation.has_value());
    CHECK(result.log.back().validation->samples == probe.size());
    CHECK(result.log.front().loss > result.log.back().loss);
}

TEST_CASE("training: the loss terms behave on known inputs", "[training]") {
    auto target = torch::zeros({2, 1, 8, 8});
    target.index_put_({0, 0, torch::indexing::Slice(2, 6), torch::indexing::Slice(2, 6)}, 1.0);
    auto perfect = (target * 2 - 1) * 20;  // confident and right
    auto wrong = -perfect;
    CHECK(softDiceLoss(perfect, target).item<double>() < 0.01);
    CHECK(softDiceLoss(wrong, target).item<double>() > 0.9);

    // InfoNCE: matching lesion/sentence embeddings give a lower loss than swapped ones.
    auto t2 = torch::zeros({2, 1, 4, 4});
    t2.index_put_({0, 0, 0, 0}, 1.0);
    t2.index_put_({1, 0, 3, 3}, 1.0);
    auto pixels = torch::zeros({2, 2, 4, 4});
    pixels.index_put_({0, 0}, 1.0);
    pixels.index_put_({1, 1}, 1.0);
    auto sentences = torch::eye(2);
    const double matched = infoNceLoss(pixels, t2, sentences, 0.1).item<double>();
    const double swapped = infoNceLoss(pixels, t2, sentences.flip(0), 0.1).item<double>();
    CHECK(matched < 0.01);
    CHECK(swapped > 5.0);
    // Fewer than two lesions in the batch: no contrastive signal.
    CHECK(infoNceLoss(pixels, torch::zeros_like(t2), sentences, 0.1).item<double>() == 0.0);
}
