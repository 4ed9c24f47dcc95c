#pragma once
// The whole LSMS network: text encoder -> visual encoder with SVLA at every
// stage -> Full-Scale Decoder -> mask head, plus the two projections into
// the joint space of the vision-language contrastive loss. With
// options.useLanguage = false it is the text-blind baseline (no text
// encoder, no language branches). TORCH HEADER.
#include "lsms/models/config.h"
#include "lsms/models/expressions.h"
#include "lsms/models/nn/decoder.h"
#include "lsms/models/nn/mask_head.h"
#include "lsms/models/nn/referring_scorer.h"
#include "lsms/models/nn/text_encoder.h"
#include "lsms/models/nn/visual_encoder.h"

#include <torch/torch.h>

namespace lsms::models {

struct LsmsOutput {
    torch::Tensor logits;          // [B, 1, H, W]
    torch::Tensor pixelEmbedding;  // [B, embedDim, H/4, W/4]
    torch::Tensor sentenceEmbedding;  // [B, embedDim]; undefined for the baseline
    torch::Tensor selectionLogits;    // [B, kSelectionClasses]; undefined for the baseline
};

class LsmsNetImpl : public torch::nn::Module {
public:
    explicit LsmsNetImpl(LsmsOptions options);

    // Encodes expressions once; the result can be expanded over a batch of
    // slices of the same volume.
    TextFeatures encodeText(const torch::Tensor& ids, const torch::Tensor& attention);
    // How the 3D answer is chosen (Selection) from the sentence alone:
    // [B, kSelectionClasses] logits; undefined for the text-blind baseline.
    torch::Tensor selectionLogits(const TextFeatures& text);
    // The referring scorer (options().scorer.enabled), or null.
    ReferringScorer scorer() const { return scorer_; }
    // image: [B, 3, S, S] windowed 2.5D slices; text: B rows (or 1 row, broadcast).
    LsmsOutput forward(const torch::Tensor& image, const TextFeatures& text);
    LsmsOutput forward(const torch::Tensor& image, const torch::Tensor& ids, const torch::Tensor& attention);

    const LsmsOptions& options() const { return options_; }
    std::int64_t parameterCount() const;
    // Analytic FLOPs (2 x multiply-adds of convolutions, linear layers and
    // attention products) for one slice at options().imageSize and a
    // prompt of options().text.maxLength tokens.
    std::int64_t flopsPerSlice() const;

private:
    LsmsOptions options_;
    std::shared_ptr<TextEncoderInterface> text_;
    VisualEncoder visual_{nullptr};
    FullScaleDecoder decoder_{nullptr};
    MaskHead head_{nullptr};
    torch::nn::Conv2d pixelProjection_{nullptr};
    torch::nn::Linear sentenceProjection_{nullptr};
    torch::nn::Linear selection_{nullptr};
    ReferringScorer scorer_{nullptr};
};
TORCH_MODULE(LsmsNet);

// TextFeatures repeated to `batch` rows (views, no copies).
TextFeatures expandText(const TextFeatures& text, std::int64_t batch);

}  // namespace lsms::models
