// Contrast pairs (one slice, two expressions, two answers) and the
// distractor term: the training signal that only the words can satisfy.
#include "lsms/models/nn/trainer.h"

#include <catch2/catch.hpp>

#include <set>

using namespace lsms::models;

namespace {

constexpr int kSize = 64;

// Phantoms with at least two lesions, so most slices can have two answers.
PhantomSliceSampler multiLesionSampler() {
    std::vector<PhantomCase> cases;
    for (std::uint64_t seed = 11; seed < 60 && cases.size() < 2; ++seed) {
        auto c = renderCase(seed, kSize);
        if (c.phantom.lesions.size() >= 2) cases.push_back(std::move(c));
    }
    REQUIRE(cases.size() == 2);
    return PhantomSliceSampler(std::move(cases), kSize, SliceWindow{});
}

std::set<int> lesionsMarked(const PhantomSliceSampler& sampler, const SliceSample& s, const std::vector<float>& mask) {
    std::set<int> ids;
    const auto* labels = sampler.cases()[s.caseIndex].phantom.labels.slice(s.slice);
    for (std::size_t i = 0; i < mask.size(); ++i)
        if (mask[i] > 0.5f) ids.insert(int(labels[i]));
    return ids;
}

}  // namespace

TEST_CASE("contrast pairs: the same slice with another answer, target and distractors split its lesions",
          "[training][contrast]") {
    const auto sampler = multiLesionSampler();
    const auto samples = drawSamples(sampler, 60, 7, true);
    int pairs = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& s = samples[i];
        // Every lesion pixel of the slice is either referred to or a distractor.
        const auto* labels = sampler.cases()[s.caseIndex].phantom.labels.slice(s.slice);
        for (std::size_t p = 0; p < s.target.size(); ++p) {
            const bool lesion = labels[p] != 0;
            if (s.target[p] + s.distractor[p] != (lesion ? 1.f : 0.f)) FAIL("pixel " << p << " of sample " << i);
        }
        if (i % 2 == 0) continue;
        const auto& first = samples[i - 1];
        if (s.caseIndex != first.caseIndex || s.slice != first.slice) continue;  // no other answer there
        ++pairs;
        CHECK(s.image == first.image);
        CHECK(s.expression.text != first.expression.text);
        CHECK(lesionsMarked(sampler, s, s.target) != lesionsMarked(sampler, first, first.target));
    }
    // Slices chosen to show a lesion mostly have another answer.
    CHECK(pairs >= 15);
    // Same seed, same batch.
    const auto again = drawSamples(sampler, 60, 7, true);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        CHECK(again[i].expression.text == samples[i].expression.text);
        CHECK(again[i].slice == samples[i].slice);
    }
}

TEST_CASE("contrast pairs: batches carry the distractor masks", "[training][contrast]") {
    const auto sampler = multiLesionSampler();
    const auto tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    const auto samples = drawSamples(sampler, 6, 3, true);
    const auto b = makeBatch(samples, 0, samples.size(), kSize, tok, 24);
    REQUIRE(b.distractors.sizes() == b.targets.sizes());
    double total = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        double expected = 0;
        for (float v : samples[i].distractor) expected += v;
        total += expected;
        CHECK(b.distractors[std::int64_t(i)].sum().item<double>() == Approx(expected));
    }
    REQUIRE(total > 0);  // else the copy above is not tested
    CHECK((b.distractors * b.targets).sum().item<double>() == 0.0);
}

TEST_CASE("training: the distractor term punishes only the lesions not referred to", "[training][contrast]") {
    auto distractor = torch::zeros({2, 1, 4, 4});
    distractor.index_put_({0, 0, 1, 1}, 1.0);
    distractor.index_put_({1, 0, 2, 3}, 1.0);
    // Undecided (p = 0.5) on the distractors: -log(0.5) per pixel.
    auto logits = torch::zeros({2, 1, 4, 4}, torch::requires_grad());
    auto loss = distractorLoss(logits, distractor);
    CHECK(loss.item<double>() == Approx(std::log(2.0)));
    loss.backward();
    // Only distractor pixels receive a gradient, pushing them down.
    CHECK((logits.grad() * (1 - distractor)).abs().sum().item<double>() == 0.0);
    CHECK((logits.grad() * distractor).sum().item<double>() > 0.0);
    // Sure of "no" there, sure of "yes" elsewhere: nothing to punish.
    auto right = (1 - distractor * 2) * 20;
    CHECK(distractorLoss(right, distractor).item<double>() < 1e-6);
    CHECK(distractorLoss(-right, distractor).item<double>() == Approx(20.0).epsilon(1e-3));
    // No distractors at all: zero, not NaN.
    CHECK(distractorLoss(logits.detach(), torch::zeros_like(distractor)).item<double>() == 0.0);

    // lsmsLoss adds it with its weight.
    LsmsOutput out;
    out.logits = torch::full({2, 1, 4, 4}, 1.0);
    const auto target = torch::zeros({2, 1, 4, 4});
    LossOptions o;
    o.distractorWeight = 0.25;
    const auto with = lsmsLoss(out, target, o, {}, distractor);
    const auto without = lsmsLoss(out, target, o);
    CHECK(with.distractor.item<double>() == Approx(std::log1p(std::exp(1.0))));
    CHECK((with.total - without.total).item<double>() == Approx(0.25 * with.distractor.item<double>()));
}
