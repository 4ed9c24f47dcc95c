#pragma once
// The visual encoder: a convolutional stem to 1/4 resolution, then four
// stages (1/4, 1/8, 1/16, 1/32) of SVLA blocks, each stage after the first
// entered through a strided 3x3 convolution. Language enters at every stage
// through SVLA, so every scale's output is already multimodal. TORCH HEADER.
#include "lsms/models/config.h"
#include "lsms/models/nn/svla.h"

#include <torch/torch.h>

namespace lsms::models {

class VisualEncoderImpl : public torch::nn::Module {
public:
    explicit VisualEncoderImpl(VisualEncoderOptions options);
    // image: [B, inChannels, H, W] with H, W multiples of 32. Returns the
    // four stage outputs, finest first; with withHalf, the stem's first
    // convolution (1/2 resolution, channels[0] / 2) before them.
    std::vector<torch::Tensor> forward(const torch::Tensor& image, const TextFeatures& text, bool withHalf = false);
    std::int64_t flops(int height, int width, int textLength) const;
    const VisualEncoderOptions& options() const { return options_; }

private:
    VisualEncoderOptions options_;
    torch::nn::Sequential stem_{nullptr};
    std::vector<torch::nn::Sequential> downsample_;  // stages 1..3
    std::vector<std::vector<Svla>> blocks_;
};
TORCH_MODULE(VisualEncoder);

}  // namespace lsms::models
