#pragma once
// Scale-Aware Vision-Language Attention. TORCH HEADER.
//
// Two branches in parallel on the same (normalised, projected) features u:
//  - vision: depthwise 5x5 plus strip convolutions 1x7/7x1, 1x11/11x1,
//    1x21/21x1 (diverse receptive fields at little cost);
//  - language: cross-attention with u as queries and the words as keys and
//    values (padding masked), scaled by a learned, content-dependent gate.
// Their sum is mixed by a 1x1 convolution into weights that multiply u (the
// input is re-weighted, not replaced), then a feed-forward block follows.
#include "lsms/models/config.h"
#include "lsms/models/nn/text_encoder.h"

#include <torch/torch.h>

namespace lsms::models {

class SvlaImpl : public torch::nn::Module {
public:
    explicit SvlaImpl(SvlaOptions options);
    // x: [B, C, H, W]; text may be empty when options.textDim == 0.
    torch::Tensor forward(const torch::Tensor& x, const TextFeatures& text);
    std::int64_t flops(int height, int width, int textLength) const;
    const SvlaOptions& options() const { return options_; }

private:
    torch::Tensor language(const torch::Tensor& u, const TextFeatures& text);

    SvlaOptions options_;
    torch::nn::BatchNorm2d norm1_{nullptr}, norm2_{nullptr};
    torch::nn::Conv2d projIn_{nullptr}, projOut_{nullptr}, mix_{nullptr};
    torch::nn::Conv2d dw5_{nullptr}, dw7a_{nullptr}, dw7b_{nullptr}, dw11a_{nullptr}, dw11b_{nullptr}, dw21a_{nullptr},
        dw21b_{nullptr};
    // Language branch (absent in the text-blind baseline).
    torch::nn::Linear query_{nullptr}, key_{nullptr}, value_{nullptr}, attnOut_{nullptr};
    torch::nn::Conv2d gate_{nullptr};
    torch::nn::Linear film_{nullptr};  // sentence -> per-channel scale and shift
    // Feed-forward: 1x1 expand, depthwise 3x3, GELU, 1x1 project.
    torch::nn::Conv2d ffIn_{nullptr}, ffDw_{nullptr}, ffOut_{nullptr};
};
TORCH_MODULE(Svla);

}  // namespace lsms::models
