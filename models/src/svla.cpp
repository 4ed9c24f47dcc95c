#include "lsms/models/nn/svla.h"

#include <cmath>

namespace lsms::models {

namespace {

torch::nn::Conv2d depthwise(int c, int kh, int kw) {
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(c, c, {kh, kw}).padding({kh / 2, kw / 2}).groups(c));
}

torch::nn::Conv2d pointwise(int in, int out) { return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)); }

}  // namespace

SvlaImpl::SvlaImpl(SvlaOptions o) : options_(o) {
    TORCH_CHECK(o.channels > 0 && o.heads > 0 && o.channels % o.heads == 0,
                "SVLA channels must be a positive multiple of the head count");
    TORCH_CHECK(o.textDim >= 0 && o.feedForwardRatio >= 1, "bad SVLA options");
    const int c = o.channels;
    norm1_ = register_module("norm1", torch::nn::BatchNorm2d(c));
    projIn_ = register_module("proj_in", pointwise(c, c));
    dw5_ = register_module("dw5", depthwise(c, 5, 5));
    dw7a_ = register_module("dw1x7", depthwise(c, 1, 7));
    dw7b_ = register_module("dw7x1", depthwise(c, 7, 1));
    dw11a_ = register_module("dw1x11", depthwise(c, 1, 11));
    dw11b_ = register_module("dw11x1", depthwise(c, 11, 1));
    dw21a_ = register_module("dw1x21", depthwise(c, 1, 21));
    dw21b_ = register_module("dw21x1", depthwise(c, 21, 1));
    if (o.textDim > 0) {
        query_ = register_module("query", torch::nn::Linear(c, c));
        key_ = register_module("key", torch::nn::Linear(o.textDim, c));
        value_ = register_module("value", torch::nn::Linear(o.textDim, c));
        attnOut_ = register_module("attn_out", torch::nn::Linear(c, c));
        gate_ = register_module("gate", pointwise(c, c));
        if (o.sentenceFilm) {
            film_ = register_module("film", torch::nn::Linear(o.textDim, 2 * c));
            // Zero: the block starts as it would without FiLM.
            torch::NoGradGuard noGrad;
            film_->weight.zero_();
            film_->bias.zero_();
        }
    }
    mix_ = register_module("mix", pointwise(c, c));
    projOut_ = register_module("proj_out", pointwise(c, c));
    norm2_ = register_module("norm2", torch::nn::BatchNorm2d(c));
    const int hidden = c * o.feedForwardRatio;
    ffIn_ = register_module("ff_in", pointwise(c, hidden));
    ffDw_ = register_module("ff_dw", depthwise(hidden, 3, 3));
    ffOut_ = register_module("ff_out", pointwise(hidden, c));
}

torch::Tensor SvlaImpl::language(const torch::Tensor& u, const TextFeatures& text) {
    const auto B = u.size(0), C = u.size(1), H = u.size(2), W = u.size(3);
    const std::int64_t h = options_.heads, d = C / h;
    TORCH_CHECK(text.words.defined() && text.words.size(0) == B, "SVLA needs word features for every image");
    auto q = query_->forward(u.flatten(2).transpose(1, 2)).view({B, H * W, h, d}).transpose(1, 2);  // [B,h,HW,d]
    auto k = key_->forward(text.words).view({B, -1, h, d}).transpose(1, 2);                       // [B,h,L,d]
    auto v = value_->forward(text.words).view({B, -1, h, d}).transpose(1, 2);
    auto scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(d));  // [B,h,HW,L]
    scores = scores.masked_fill(text.padding.view({B, 1, 1, -1}), -std::numeric_limits<float>::infinity());
    auto attended = torch::matmul(torch::softmax(scores, -1), v);  // [B,h,HW,d]
    auto lang = attnOut_->forward(attended.transpose(1, 2).reshape({B, H * W, C}));
    lang = lang.transpose(1, 2).reshape({B, C, H, W});
    // The gate lets each position decide how much the words should steer it.
    return torch::sigmoid(gate_->forward(lang)) * lang;
}

torch::Tensor SvlaImpl::forward(const torch::Tensor& x, const TextFeatures& text) {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == options_.channels, "SVLA expects [B, ", options_.channels, ", H, W]");
    auto u = torch::gelu(projIn_->forward(norm1_->forward(x)));
    auto a = dw5_->forward(u);
    auto vision = a + dw7b_->forward(dw7a_->forward(a)) + dw11b_->forward(dw11a_->forward(a)) +
                  dw21b_->forward(dw21a_->forward(a));
    auto summed = options_.textDim > 0 ? vision + language(u, text) : vision;
    auto attended = mix_->forward(summed) * u;
    auto y = x + projOut_->forward(attended);
    auto f = ffOut_->forward(torch::gelu(ffDw_->forward(ffIn_->forward(norm2_->forward(y)))));
    if (!film_) return y + f;
    // A sentence-wide say in every channel: "cyst" can raise the channels
    // that respond to fluid everywhere, which word attention per position
    // only does where the query already looks lesion-like.
    TORCH_CHECK(text.sentence.defined() && text.sentence.size(0) == x.size(0), "SVLA FiLM needs a sentence per image");
    auto film = film_->forward(text.sentence).view({x.size(0), 2, options_.channels, 1, 1});
    return (y + f) * (1 + film.select(1, 0)) + film.select(1, 1);
}

std::int64_t SvlaImpl::flops(int height, int width, int textLength) const {
    const std::int64_t P = std::int64_t(height) * width, C = options_.channels, L = textLength;
    const std::int64_t hidden = C * options_.feedForwardRatio;
    std::int64_t macs = 0;
    macs += 2 * P * C * C;                        // proj_in, proj_out
    macs += P * C * (25 + 2 * (7 + 11 + 21));     // depthwise 5x5 and strips
    macs += P * C * C;                            // mix
    if (options_.textDim > 0) {
        macs += P * C * C * 3;                    // query, attention output, gate
        macs += 2 * L * options_.textDim * C;     // keys, values
        macs += 2 * P * L * C;                    // scores and weighted sum
        if (options_.sentenceFilm) macs += options_.textDim * 2 * C + P * C;
    }
    macs += 2 * P * C * hidden + P * hidden * 9;  // feed-forward
    return 2 * macs;
}

}  // namespace lsms::models
