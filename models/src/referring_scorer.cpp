#include "lsms/models/nn/referring_scorer.h"

#include "lsms/models/nn/lsms_net.h"

#include <cmath>

namespace lsms::models {

namespace nn = torch::nn;

ReferringScorerImpl::ReferringScorerImpl(ScorerOptions options) : options_(options) {
    TORCH_CHECK(options_.textDim > 0 && options_.hidden > 0, "the referring scorer needs text and hidden sizes");
    const int h = options_.hidden;
    TORCH_CHECK(!options_.vocabIds.empty(), "the referring scorer needs its vocabulary ids");
    mean_ = register_buffer("feature_mean", torch::zeros({kComponentFeatures}));
    rowOf_ = register_buffer("row_of", vocabularyRows(options_.vocabIds, options_.bertVocabSize, options_.unkId));
    tokens_ = register_module("tokens", nn::Embedding(std::int64_t(options_.vocabIds.size()), options_.hidden));
    scale_ = register_buffer("feature_scale", torch::ones({kComponentFeatures}));
    component_ = register_module("component", nn::Sequential(nn::Linear(kComponentFeatures, h), nn::ReLU(),
                                                            nn::Linear(h, h), nn::ReLU()));
    words_ = register_module("words", nn::Linear(options_.textDim, h));
    sentence_ = register_module("sentence", nn::Linear(options_.textDim, h));
    query_ = register_module("query", nn::Linear(h, h));
    joint_ = register_module("joint", nn::Sequential(nn::Linear(5 * h, 2 * h), nn::ReLU(), nn::Linear(2 * h, h),
                                                    nn::ReLU(), nn::Linear(h, 1)));
}

void ReferringScorerImpl::setNormalisation(const torch::Tensor& mean, const torch::Tensor& scale) {
    TORCH_CHECK(mean.numel() == kComponentFeatures && scale.numel() == kComponentFeatures,
                "one mean and scale per component feature");
    TORCH_CHECK(scale.gt(0).all().item<bool>(), "feature scales must be positive");
    torch::NoGradGuard g;
    mean_.copy_(mean.reshape({kComponentFeatures}));
    scale_.copy_(scale.reshape({kComponentFeatures}));
}

torch::Tensor ReferringScorerImpl::forward(const TextFeatures& textIn, const torch::Tensor& features) {
    TORCH_CHECK(features.dim() == 3 && features.size(2) == kComponentFeatures,
                "component features must be [B, C, ", kComponentFeatures, "]");
    TORCH_CHECK(textIn.words.defined() && textIn.sentence.defined(), "the scorer needs the sentence's features");
    const auto B = features.size(0), C = features.size(1);
    TextFeatures text = textIn;
    if (text.words.size(0) == 1 && B > 1) text = expandText(text, B);
    TORCH_CHECK(text.words.size(0) == B, "one expression per component set (or one for all)");
    if (C == 0) return torch::zeros({B, 0}, features.options());
    const int h = options_.hidden;
    auto comp = component_->forward((features - mean_) / scale_);  // [B, C, h]
    TORCH_CHECK(text.ids.defined(), "the scorer needs the sentence's token ids");
    auto rows = rowOf_.index_select(0, text.ids.clamp(0, options_.bertVocabSize - 1).reshape({-1})).view_as(text.ids);
    auto words = words_->forward(text.words) + tokens_->forward(rows);  // [B, L, h]
    auto real = (~text.padding).to(words.dtype()).unsqueeze(2);     // [B, L, 1]
    auto meanWords = (words * real).sum(1) / real.sum(1).clamp_min(1);  // [B, h]
    // Each component looks for the words about it ("cyst", "left", "VII").
    auto scores = torch::matmul(query_->forward(comp), words.transpose(1, 2)) / std::sqrt(double(h));  // [B, C, L]
    scores = scores.masked_fill(text.padding.unsqueeze(1), -1e4);
    auto context = torch::matmul(torch::softmax(scores, 2), words);  // [B, C, h]
    auto sentence = sentence_->forward(text.sentence).unsqueeze(1).expand({B, C, h});
    auto joint = torch::cat({comp, context, comp * context, sentence, meanWords.unsqueeze(1).expand({B, C, h})}, 2);
    return joint_->forward(joint).squeeze(2);
}

}  // namespace lsms::models
