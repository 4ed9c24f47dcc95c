#include "lsms/models/nn/lsms_net.h"
#include "lsms/models/tokenizer.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

const WordPieceTokenizer& bert() {
    static const WordPieceTokenizer t = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    return t;
}

LsmsOptions withVocab(LsmsOptions o) {
    o.text.vocabIds = lexiconVocabIds(bert());
    o.propagate();
    return o;
}

std::pair<torch::Tensor, torch::Tensor> encodeBatch(const std::vector<std::string>& texts, int maxLength) {
    std::vector<std::int64_t> ids, mask;
    for (const auto& t : texts) {
        auto e = bert().encode(t, std::size_t(maxLength));
        ids.insert(ids.end(), e.ids.begin(), e.ids.end());
        mask.insert(mask.end(), e.attention.begin(), e.attention.end());
    }
    const auto b = std::int64_t(texts.size());
    return {torch::tensor(ids).view({b, maxLength}), torch::tensor(mask).view({b, maxLength})};
}

}  // namespace

TEST_CASE("network: text encoder shapes, padding and unknown ids", "[network]") {
    torch::manual_seed(1);
    auto o = withVocab(tinyOptions());
    SmallTextEncoder enc(o.text);
    enc->eval();
    auto [ids, mask] = encodeBatch({"largest hypodense lesion", "all cysts in the left lobe"}, o.text.maxLength);
    auto f = enc->encode(ids, mask);
    CHECK(f.words.sizes() == torch::IntArrayRef{2, o.text.maxLength, o.text.dim});
    CHECK(f.sentence.sizes() == torch::IntArrayRef{2, o.text.dim});
    CHECK(f.padding.sum().item<std::int64_t>() == (mask == 0).sum().item<std::int64_t>());

    // Whatever sits in padded positions must not change the sentence.
    auto noisy = ids.clone().masked_fill(mask == 0, 2088);
    auto g = enc->encode(noisy, mask);
    CHECK(torch::allclose(f.sentence, g.sentence, 1e-5, 1e-5));

    // Ids outside the compact table read the [UNK] row.
    auto unk = torch::full({1, 3}, 100, torch::kLong), other = torch::full({1, 3}, 7592, torch::kLong);
    auto ones = torch::ones({1, 3}, torch::kLong);
    CHECK(torch::allclose(enc->encode(unk, ones).words, enc->encode(other, ones).words));
}

TEST_CASE("network: SVLA keeps shape and uses (only) real words", "[network]") {
    torch::manual_seed(2);
    SvlaOptions so;
    so.channels = 16;
    so.textDim = 8;
    so.heads = 2;
    Svla block(so);
    block->eval();
    auto x = torch::randn({2, 16, 12, 12});
    TextFeatures t;
    t.words = torch::randn({2, 5, 8});
    t.padding = torch::tensor({0, 0, 0, 1, 1}, torch::kBool).view({1, 5}).expand({2, 5});
    auto y = block->forward(x, t);
    CHECK(y.sizes() == x.sizes());

    auto padChanged = t;
    padChanged.words = t.words.clone();
    padChanged.words.index_put_({torch::indexing::Slice(), torch::indexing::Slice(3, 5)}, 10.0);
    CHECK(torch::allclose(block->forward(x, padChanged), y, 1e-5, 1e-5));

    auto wordChanged = t;
    wordChanged.words = t.words.clone();
    wordChanged.words.index_put_({torch::indexing::Slice(), 0}, 10.0);
    CHECK((block->forward(x, wordChanged) - y).abs().max().item<float>() > 1e-6f);

    SvlaOptions blind = so;
    blind.textDim = 0;
    Svla visionOnly(blind);
    CHECK(visionOnly->forward(x, {}).sizes() == x.sizes());
    CHECK_THROWS(Svla(SvlaOptions{15, 8, 2, 4}));  // channels not a multiple of heads
}

TEST_CASE("network: encoder, decoder and head shapes", "[network]") {
    torch::manual_seed(3);
    auto o = withVocab(tinyOptions());
    VisualEncoder enc(o.visual);
    FullScaleDecoder dec(o.decoder);
    MaskHead head(o.head);
    TextFeatures t;
    t.words = torch::randn({2, 6, o.text.dim});
    t.padding = torch::zeros({2, 6}, torch::kBool);
    auto feats = enc->forward(torch::rand({2, 3, 64, 64}), t);
    REQUIRE(feats.size() == 4);
    for (int s = 0; s < 4; ++s) {
        const std::int64_t side = 64 >> (s + 2);
        CHECK(feats[std::size_t(s)].sizes() == torch::IntArrayRef{2, o.visual.channels[std::size_t(s)], side, side});
    }
    auto fused = dec->forward(feats);
    CHECK(fused.sizes() == torch::IntArrayRef{2, o.decoder.channels, 16, 16});
    CHECK(head->forward(fused).sizes() == torch::IntArrayRef{2, 1, 64, 64});
    CHECK_THROWS(enc->forward(torch::rand({1, 3, 48, 48}), t));  // not a multiple of 32
}

TEST_CASE("network: whole LSMS forward, language matters, baseline ignores it", "[network]") {
    torch::manual_seed(4);
    auto o = withVocab(tinyOptions());
    LsmsNet net(o);
    net->eval();
    torch::NoGradGuard ng;
    auto image = torch::rand({2, 3, 64, 64});
    auto [ids, mask] = encodeBatch({"the largest lesion", "all cysts in segment ii"}, o.text.maxLength);
    auto out = net->forward(image, ids, mask);
    CHECK(out.logits.sizes() == torch::IntArrayRef{2, 1, 64, 64});
    CHECK(out.pixelEmbedding.sizes() == torch::IntArrayRef{2, o.embedDim, 16, 16});
    CHECK(out.sentenceEmbedding.sizes() == torch::IntArrayRef{2, o.embedDim});

    // Same image, different words: different masks.
    auto same = image.index({torch::indexing::Slice(0, 1)}).expand({2, 3, 64, 64}).contiguous();
    auto two = net->forward(same, ids, mask).logits;
    CHECK((two[0] - two[1]).abs().max().item<float>() > 1e-6f);  // small at initialisation, but connected

    // One encoded expression broadcasts over a batch of slices.
    auto text = net->encodeText(ids.index({torch::indexing::Slice(0, 1)}), mask.index({torch::indexing::Slice(0, 1)}));
    auto broadcast = net->forward(same, text).logits;
    CHECK(torch::allclose(broadcast[1], two[0], 1e-5, 1e-5));

    LsmsNet blind(textBlind(o));
    blind->eval();
    auto b = blind->forward(same, ids, mask).logits;
    CHECK(torch::allclose(b[0], b[1]));
    CHECK_FALSE(blind->forward(same, ids, mask).sentenceEmbedding.defined());
    CHECK(blind->parameterCount() < net->parameterCount());
}

TEST_CASE("network: default configuration fits the budget", "[network]") {
    auto o = withVocab(defaultOptions());
    LsmsNet net(o);
    const auto params = net->parameterCount();
    const double gflops = double(net->flopsPerSlice()) / 1e9;
    INFO("parameters " << params << ", GFLOPs per slice " << gflops);
    CHECK(params <= 5'000'000);
    CHECK(params >= 1'000'000);  // not trivially small either
    CHECK(gflops <= 3.0);
    CHECK(gflops >= 0.5);
    LsmsNet blind(textBlind(o));
    CHECK(blind->flopsPerSlice() < net->flopsPerSlice());
}

TEST_CASE("network: analytic FLOPs match hand counts", "[network]") {
    MaskHeadOptions ho;
    ho.inChannels = 8;
    ho.hidden = 4;
    ho.upsample = 4;
    MaskHead head(ho);
    // 3x3 conv 8->4 and 1x1 conv 4->1 on a 16x16 map (64x64 input / 4).
    CHECK(head->flops(64, 64) == 2 * (256 * 8 * 4 * 9 + 256 * 4));

    TextEncoderOptions to;
    to.vocabIds = {0, 100, 101, 102};
    to.dim = 8;
    to.heads = 2;
    to.feedForward = 16;
    to.layers = 3;
    SmallTextEncoder enc(to);
    const std::int64_t L = 10;
    CHECK(enc->flops(int(L)) == 3 * 2 * (4 * L * 64 + 2 * L * L * 8 + 2 * L * 8 * 16));

    // SVLA's count grows with the prompt length only through the language branch.
    SvlaOptions so{16, 8, 2, 4};
    Svla withText(so);
    SvlaOptions bo = so;
    bo.textDim = 0;
    Svla blind(bo);
    const std::int64_t P = 8 * 8, C = 16;
    CHECK(withText->flops(8, 8, 5) - blind->flops(8, 8, 5) == 2 * (3 * P * C * C + 2 * 5 * 8 * C + 2 * P * 5 * C));
}

TEST_CASE("network: sentence FiLM starts as the plain block and lets the sentence steer it", "[network]") {
    SvlaOptions so{16, 8, 2, 4};
    Svla plain(so);
    so.sentenceFilm = true;
    Svla film(so);
    {
        // Same weights everywhere else, so only FiLM can make a difference.
        torch::NoGradGuard noGrad;
        auto target = film->named_parameters();
        for (const auto& p : plain->named_parameters()) target[p.key()].copy_(p.value());
    }
    plain->eval();
    film->eval();
    auto x = torch::randn({2, 16, 8, 8});
    TextFeatures t;
    t.words = torch::randn({2, 4, 8});
    t.padding = torch::zeros({2, 4}, torch::kBool);
    t.sentence = torch::randn({2, 8});
    CHECK(torch::allclose(film->forward(x, t), plain->forward(x, t), 1e-6, 1e-6));

    {
        torch::NoGradGuard noGrad;
        for (auto& p : film->named_parameters())
            if (p.key().rfind("film.", 0) == 0) p.value().normal_(0, 0.5);
    }
    auto other = t;
    other.sentence = t.sentence + 1.0;  // same words, another sentence vector
    CHECK((film->forward(x, other) - film->forward(x, t)).abs().max().item<float>() > 1e-3f);
    CHECK(torch::allclose(plain->forward(x, other), plain->forward(x, t)));
    auto noSentence = t;
    noSentence.sentence = torch::Tensor();
    CHECK_THROWS(film->forward(x, noSentence));

    // Whole network: the option reaches every block, and the baseline has none.
    auto o = withVocab(tinyOptions());
    o.sentenceFilm = true;
    o.propagate();
    LsmsNet net(o);
    int filmLayers = 0;
    for (const auto& p : net->named_parameters()) filmLayers += p.key().find(".film.") != std::string::npos;
    CHECK(filmLayers == 2 * 4);  // weight and bias in each of the tiny network's 4 blocks
    LsmsNet blind(textBlind(o));
    for (const auto& p : blind->named_parameters()) CHECK(p.key().find("film") == std::string::npos);
}
