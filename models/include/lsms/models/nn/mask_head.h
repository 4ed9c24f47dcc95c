#pragma once
// Mask head: decoder features (1/4 scale) to one logit per input pixel.
// TORCH HEADER.
#include "lsms/models/config.h"

#include <torch/torch.h>

namespace lsms::models {

class MaskHeadImpl : public torch::nn::Module {
public:
    explicit MaskHeadImpl(MaskHeadOptions options);
    // [B, inChannels, h, w] -> [B, 1, h * upsample, w * upsample] logits.
    torch::Tensor forward(const torch::Tensor& features);
    std::int64_t flops(int height, int width) const;  // of the network input

private:
    MaskHeadOptions options_;
    torch::nn::Sequential body_{nullptr};
};
TORCH_MODULE(MaskHead);

}  // namespace lsms::models
