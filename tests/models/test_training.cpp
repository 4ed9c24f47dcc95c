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

// A tiny network's options over three small phantoms, and 16 fixed samples.
struct TinySetup {
    WordPieceTokenizer tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    LsmsOptions options = withLexicon(tinyOptions(), tok);
    PhantomSliceSampler sampler = threePhantoms(options);
    std::vector<SliceSample> probe = drawSamples(sampler, 16, 99);

    static LsmsOptions withLexicon(LsmsOptions o, const WordPieceTokenizer& tok) {
        o.text.vocabIds = lexiconVocabIds(tok);
        o.propagate();
        return o;
    }
    static PhantomSliceSampler threePhantoms(const LsmsOptions& o) {
        std::vector<PhantomCase> cases;
        for (std::uint64_t seed : {11u, 12u, 13u}) cases.push_back(renderCase(seed, o.imageSize));
        return PhantomSliceSampler(std::move(cases), o.imageSize, {o.windowLowHu, o.windowHighHu});
    }
};

}  // namespace

TEST_CASE("training: a tiny run lowers the loss on phantom slices", "[training]") {
    const TinySetup setup;
    const auto& [tok, options, sampler, probe] = setup;
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
    // The returned weights are the ones the reported validation was measured on.
    CHECK(result.bestStep >= 50);
    const auto again = evaluateSlices(net, tok, probe, torch::kCPU);
    CHECK(again.mIoU == Approx(result.validation.mIoU));
    CHECK(again.oIoU == Approx(result.validation.oIoU));
}

TEST_CASE("training: the selection head learns size-rank and set words from sentences", "[training]") {
    const auto tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    auto options = tinyOptions();
    options.text.vocabIds = lexiconVocabIds(tok);
    options.propagate();
    torch::manual_seed(8);
    LsmsNet net(options);
    std::vector<lsms::phantom::LesionTruth> lesions(4);
    const double volumes[] = {30, 2, 8, 12};
    for (int i = 0; i < 4; ++i) {
        lesions[std::size_t(i)].id = i + 1;
        lesions[std::size_t(i)].volumeMl = volumes[i];
        lesions[std::size_t(i)].kind = lsms::phantom::LesionKind(i % 2);
        lesions[std::size_t(i)].lobe = i < 2 ? lsms::phantom::Lobe::Right : lsms::phantom::Lobe::Left;
        lesions[std::size_t(i)].couinaud = i < 2 ? 7 : 3;
    }
    auto batchOf = [&](std::mt19937_64& rng, int n) {
        std::vector<std::string> texts;
        std::vector<std::int64_t> labels;
        for (int i = 0; i < n; ++i) {
            auto e = generateExpression(lesions, rng);
            texts.push_back(e.text);
            labels.push_back(e.selection);
        }
        auto t = tokenizeBatch(tok, texts, options.text.maxLength);
        return std::make_pair(t, torch::tensor(labels, torch::kLong));
    };
    auto accuracy = [&](std::uint64_t seed) {
        torch::NoGradGuard ng;
        net->eval();
        std::mt19937_64 rng(seed);
        auto [t, labels] = batchOf(rng, 300);
        auto logits = net->selectionLogits(net->encodeText(t.ids, t.attention));
        net->train();
        return (logits.argmax(1) == labels).to(torch::kDouble).mean().item<double>();
    };
    const double before = accuracy(1234);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(3e-3));
    std::mt19937_64 rng(3);
    net->train();
    for (int step = 0; step < 150; ++step) {
        auto [t, labels] = batchOf(rng, 32);
        auto loss = torch::nn::functional::cross_entropy(net->selectionLogits(net->encodeText(t.ids, t.attention)), labels);
        opt.zero_grad();
        loss.backward();
        opt.step();
    }
    const double after = accuracy(1234);
    INFO("held-out selection accuracy before " << before << ", after " << after);
    CHECK(after > 0.95);
    CHECK(after > before);
    // The text-blind baseline has no way to read the sentence.
    LsmsNet blind(textBlind(options));
    CHECK_FALSE(blind->selectionLogits(blind->encodeText(torch::zeros({1, 4}, torch::kLong), torch::ones({1, 4}, torch::kLong))).defined());
}

TEST_CASE("training: a time budget fixes the step count after warm-up, and the schedule follows it", "[training]") {
    const auto tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    auto options = tinyOptions();
    options.text.vocabIds = lexiconVocabIds(tok);
    options.propagate();
    PhantomSliceSampler sampler(renderCases({61, 62}, options.imageSize), options.imageSize,
                                {options.windowLowHu, options.windowHighHu});
    torch::manual_seed(6);
    LsmsNet net(options);
    TrainOptions t;
    t.steps = 1000000;  // far more than fit in the budget on any machine
    t.batch = 2;
    t.warmupSteps = 10;
    t.validateEvery = 0;
    t.logEvery = 1;
    t.timeBudgetSeconds = 3;
    t.dataWorkers = 1;
    const auto result = train(net, tok, sampler, {}, t);
    REQUIRE(result.log.size() >= 10);
    CHECK(result.steps < t.steps);
    CHECK(result.steps == result.log.back().step);
    // Planned as asked until the end of warm-up, then the decided count throughout.
    CHECK(result.log[8].plannedSteps == t.steps);
    for (std::size_t i = 9; i < result.log.size(); ++i) CHECK(result.log[i].plannedSteps == result.steps);
    // Linear warm-up to the peak, cosine decay to 5% at the last step.
    CHECK(result.log[4].learningRate == Approx(t.learningRate * 5 / 10));
    CHECK(result.log[9].learningRate == Approx(t.learningRate));
    CHECK(result.log.back().learningRate == Approx(0.05 * t.learningRate));
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

TEST_CASE("training: best validation never prefers a network that answers nothing", "[training]") {
    // Measured: a run collapsed to empty answers (mIoU 0.69 from slices
    // without targets, oIoU 0) and a weak real one.
    SliceMetrics empty, weak;
    empty.mIoU = 0.69;
    empty.oIoU = 0;
    weak.mIoU = 0.54;
    weak.oIoU = 0.28;
    CHECK(validationScore(weak) > validationScore(empty));
}

TEST_CASE("training: a continued run never returns weights worse than its start", "[training]") {
    const TinySetup setup;
    const auto& [tok, options, sampler, probe] = setup;

    torch::manual_seed(5);
    LsmsNet net(options);
    // A start that marks everything, validated on targets that are
    // everything: oIoU 1, which no later step can beat (ties keep the start).
    {
        torch::NoGradGuard ng;
        torch::Tensor bias;
        for (const auto& p : net->named_parameters())
            if (p.key().rfind("head.", 0) == 0 && p.key().size() > 4 && p.key().substr(p.key().size() - 4) == "bias" &&
                p.value().numel() == 1)
                bias = p.value();
        REQUIRE(bias.defined());
        bias.add_(20.0);
    }
    auto everything = probe;
    for (auto& s : everything) std::fill(s.target.begin(), s.target.end(), 1.f);
    const auto start = evaluateSlices(net, tok, everything, torch::kCPU);
    REQUIRE(start.oIoU == Approx(1.0));
    auto logits = [&] {
        torch::NoGradGuard ng;
        net->eval();
        auto b = makeBatch(probe, 0, probe.size(), options.imageSize, tok, options.text.maxLength);
        return net->forward(b.images, b.tokens.ids, b.tokens.attention).logits.clone();
    };
    const auto before = logits();

    // A stage that wrecks the network (a learning rate far too high).
    TrainOptions wreck;
    wreck.steps = 20;
    wreck.batch = 6;
    wreck.validateEvery = 10;
    wreck.learningRate = 50;
    wreck.warmupSteps = 1;
    wreck.validateStart = true;
    const auto result = train(net, tok, sampler, everything, wreck);
    REQUIRE(result.startValidation.has_value());
    CHECK(result.startValidation->oIoU == Approx(start.oIoU));
    CHECK(result.bestStep == 0);
    CHECK(validationScore(result.validation) >= validationScore(start));
    // The starting weights come back exactly.
    CHECK(torch::equal(logits(), before));
}
