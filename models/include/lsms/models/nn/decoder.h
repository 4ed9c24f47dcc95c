#pragma once
// Full-Scale Decoder. TORCH HEADER.
//
// Decoder stages at 1/16, 1/8 and 1/4 (after a 1/32 start). Each stage takes
// the multimodal features of ALL four encoder scales, each projected to a
// few channels and resized to the stage's own scale (max-pooled when finer,
// upsampled when coarser), together with the previous decoder stage, and
// fuses them. Small lesions then see deep context and deep stages keep fine
// edges, instead of only neighbouring scales meeting as in a U-Net.
#include "lsms/models/config.h"

#include <torch/torch.h>

namespace lsms::models {

class FullScaleDecoderImpl : public torch::nn::Module {
public:
    explicit FullScaleDecoderImpl(DecoderOptions options);
    // features: the four encoder outputs, finest (1/4) first, and with
    // halfChannels the stem's 1/2 map before them. Returns the fused
    // [B, channels, H/4, W/4] map ([B, channels, H/2, W/2] with halfChannels).
    torch::Tensor forward(const std::vector<torch::Tensor>& features);
    // height, width: of the network input.
    std::int64_t flops(int height, int width) const;
    const DecoderOptions& options() const { return options_; }

private:
    DecoderOptions options_;
    torch::nn::Sequential start_{nullptr};  // 1/32 -> channels
    // [stage][source]: projection of encoder scale `source` for decoder stage `stage`.
    std::vector<std::vector<torch::nn::Sequential>> project_;
    std::vector<torch::nn::Sequential> fuse_;
    torch::nn::Sequential projectHalf_{nullptr}, fuseHalf_{nullptr};  // the 1/2 stage
};
TORCH_MODULE(FullScaleDecoder);

}  // namespace lsms::models
