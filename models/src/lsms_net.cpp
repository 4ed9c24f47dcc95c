#include "lsms/models/nn/lsms_net.h"

namespace lsms::models {

LsmsNetImpl::LsmsNetImpl(LsmsOptions options) : options_(std::move(options)) {
    options_.propagate();
    TORCH_CHECK(options_.imageSize >= 32 && options_.imageSize % 32 == 0, "image size must be a multiple of 32");
    TORCH_CHECK(options_.embedDim > 0, "contrastive embedding needs a positive size");
    TORCH_CHECK(options_.windowHighHu > options_.windowLowHu, "intensity window is empty");
    if (options_.useLanguage) {
        text_ = std::make_shared<SmallTextEncoderImpl>(options_.text);
        register_module("text", text_);
    }
    visual_ = register_module("visual", VisualEncoder(options_.visual));
    decoder_ = register_module("decoder", FullScaleDecoder(options_.decoder));
    head_ = register_module("head", MaskHead(options_.head));
    pixelProjection_ = register_module(
        "pixel_projection", torch::nn::Conv2d(torch::nn::Conv2dOptions(options_.decoder.channels, options_.embedDim, 1)));
    if (options_.useLanguage) {
        sentenceProjection_ = register_module("sentence_projection", torch::nn::Linear(options_.text.dim, options_.embedDim));
        selection_ = register_module("selection", torch::nn::Linear(options_.text.dim, kSelectionClasses));
        if (options_.scorer.enabled) scorer_ = register_module("scorer", ReferringScorer(options_.scorer));
    }
}

TextFeatures LsmsNetImpl::encodeText(const torch::Tensor& ids, const torch::Tensor& attention) {
    if (!text_) return {};
    return text_->encode(ids, attention);
}

torch::Tensor LsmsNetImpl::selectionLogits(const TextFeatures& text) {
    if (!selection_ || !text.sentence.defined()) return {};
    return selection_->forward(text.sentence);
}

LsmsOutput LsmsNetImpl::forward(const torch::Tensor& image, const TextFeatures& textIn) {
    TextFeatures text = textIn;
    if (text_) {
        TORCH_CHECK(text.words.defined(), "LSMS needs the expression's features");
        if (text.words.size(0) == 1 && image.size(0) > 1) text = expandText(text, image.size(0));
        TORCH_CHECK(text.words.size(0) == image.size(0), "one expression per image (or one for all)");
    }
    auto features = visual_->forward(image, text, options_.halfResolution);
    auto fused = decoder_->forward(features);
    LsmsOutput out;
    out.logits = head_->forward(fused);
    out.pixelEmbedding = pixelProjection_->forward(fused);
    if (sentenceProjection_) out.sentenceEmbedding = sentenceProjection_->forward(text.sentence);
    out.selectionLogits = selectionLogits(text);
    return out;
}

LsmsOutput LsmsNetImpl::forward(const torch::Tensor& image, const torch::Tensor& ids, const torch::Tensor& attention) {
    return forward(image, encodeText(ids, attention));
}

std::int64_t LsmsNetImpl::parameterCount() const {
    std::int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

std::int64_t LsmsNetImpl::flopsPerSlice() const {
    const int s = options_.imageSize, L = options_.text.maxLength;
    std::int64_t total = visual_->flops(s, s, options_.useLanguage ? L : 0) + decoder_->flops(s, s) + head_->flops(s, s);
    if (text_) total += text_->flops(L);
    return total;
}

TextFeatures expandText(const TextFeatures& t, std::int64_t batch) {
    TextFeatures e;
    if (!t.words.defined()) return e;
    e.words = t.words.expand({batch, t.words.size(1), t.words.size(2)});
    e.padding = t.padding.expand({batch, t.padding.size(1)});
    e.sentence = t.sentence.expand({batch, t.sentence.size(1)});
    if (t.ids.defined()) e.ids = t.ids.expand({batch, t.ids.size(1)});
    return e;
}

}  // namespace lsms::models
