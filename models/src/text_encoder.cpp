#include "lsms/models/nn/text_encoder.h"

#include "lsms/models/expressions.h"
#include "lsms/models/tokenizer.h"

#include <set>

namespace lsms::models {

torch::Tensor vocabularyRows(const std::vector<std::int64_t>& vocabIds, std::int64_t bertVocabSize,
                             std::int64_t unkId) {
    std::int64_t unkRow = -1;
    auto rowOf = torch::full({bertVocabSize}, -1, torch::kLong);
    auto acc = rowOf.accessor<std::int64_t, 1>();
    for (std::int64_t r = 0; r < std::int64_t(vocabIds.size()); ++r) {
        const auto id = vocabIds[std::size_t(r)];
        TORCH_CHECK(id >= 0 && id < bertVocabSize, "vocabulary id out of range: ", id);
        acc[id] = r;
        if (id == unkId) unkRow = r;
    }
    TORCH_CHECK(unkRow >= 0, "the vocabulary ids must include [UNK]");
    rowOf.masked_fill_(rowOf < 0, unkRow);
    return rowOf;
}

SmallTextEncoderImpl::SmallTextEncoderImpl(TextEncoderOptions options) : options_(std::move(options)) {
    TORCH_CHECK(!options_.vocabIds.empty(), "text encoder needs its vocabulary ids");
    TORCH_CHECK(options_.dim > 0 && options_.heads > 0 && options_.dim % options_.heads == 0,
                "text dim must be a positive multiple of the head count");
    TORCH_CHECK(options_.layers >= 1 && options_.maxLength >= 2 && options_.feedForward > 0, "bad text encoder sizes");
    TORCH_CHECK(options_.unkId >= 0 && options_.unkId < options_.bertVocabSize, "[UNK] id outside the vocabulary");
    const auto rows = static_cast<std::int64_t>(options_.vocabIds.size());
    rowOf_ = register_buffer("row_of", vocabularyRows(options_.vocabIds, options_.bertVocabSize, options_.unkId));

    tokens_ = register_module("tokens", torch::nn::Embedding(rows, options_.dim));
    positions_ = register_module("positions", torch::nn::Embedding(options_.maxLength, options_.dim));
    inputNorm_ = register_module("input_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options_.dim})));
    auto layer = torch::nn::TransformerEncoderLayer(torch::nn::TransformerEncoderLayerOptions(options_.dim, options_.heads)
                                                        .dim_feedforward(options_.feedForward)
                                                        .dropout(options_.dropout)
                                                        .activation(torch::kGELU));
    layers_ = register_module("layers", torch::nn::TransformerEncoder(
                                            torch::nn::TransformerEncoderOptions(layer, options_.layers)));
    outputNorm_ = register_module("output_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options_.dim})));
}

TextFeatures SmallTextEncoderImpl::encode(const torch::Tensor& ids, const torch::Tensor& attention) {
    TORCH_CHECK(ids.dim() == 2 && ids.sizes() == attention.sizes(), "ids and attention must both be [B, L]");
    const auto length = ids.size(1);
    TORCH_CHECK(length <= options_.maxLength, "expression longer than the encoder's maximum length");
    auto rows = rowOf_.index_select(0, ids.clamp(0, options_.bertVocabSize - 1).reshape({-1})).view_as(ids);
    auto pos = torch::arange(length, ids.options().dtype(torch::kLong));
    auto x = inputNorm_->forward(tokens_->forward(rows) + positions_->forward(pos).unsqueeze(0));
    TextFeatures f;
    f.ids = ids;
    f.padding = attention.eq(0);
    // torch's transformer is sequence-first: [L, B, D].
    x = layers_->forward(x.transpose(0, 1), {}, f.padding).transpose(0, 1);
    f.words = outputNorm_->forward(x);
    auto keep = attention.to(f.words.dtype()).unsqueeze(-1);
    f.sentence = (f.words * keep).sum(1) / keep.sum(1).clamp_min(1.0);
    return f;
}

std::int64_t SmallTextEncoderImpl::flops(int length) const {
    const std::int64_t L = length, D = options_.dim, F = options_.feedForward;
    // Per layer: Q, K, V and output projections, scores and weighted sum,
    // and the two feed-forward matrices.
    const std::int64_t perLayer = 4 * L * D * D + 2 * L * L * D + 2 * L * D * F;
    return 2 * perLayer * options_.layers;
}

std::vector<std::int64_t> lexiconVocabIds(const WordPieceTokenizer& tokenizer) {
    std::set<std::int64_t> ids{tokenizer.padId(), tokenizer.unkId(), tokenizer.clsId(), tokenizer.sepId()};
    for (const auto& phrase : expressionLexicon())
        for (const auto& t : tokenizer.tokenize(phrase)) ids.insert(tokenizer.id(t));
    return {ids.begin(), ids.end()};
}

}  // namespace lsms::models

namespace lsms::models {

TokenBatch tokenizeBatch(const WordPieceTokenizer& tokenizer, const std::vector<std::string>& prompts, int maxLength) {
    std::vector<std::int64_t> ids, mask;
    for (const auto& p : prompts) {
        const auto e = tokenizer.encode(p, std::size_t(maxLength));
        ids.insert(ids.end(), e.ids.begin(), e.ids.end());
        mask.insert(mask.end(), e.attention.begin(), e.attention.end());
    }
    const auto b = std::int64_t(prompts.size());
    return {torch::tensor(ids, torch::kLong).view({b, maxLength}), torch::tensor(mask, torch::kLong).view({b, maxLength})};
}

}  // namespace lsms::models
