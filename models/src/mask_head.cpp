#include "lsms/models/nn/mask_head.h"

namespace lsms::models {

MaskHeadImpl::MaskHeadImpl(MaskHeadOptions o) : options_(o) {
    TORCH_CHECK(o.inChannels > 0 && o.hidden > 0 && o.upsample >= 1, "bad mask head options");
    body_ = register_module(
        "body", torch::nn::Sequential(
                    torch::nn::Conv2d(torch::nn::Conv2dOptions(o.inChannels, o.hidden, 3).padding(1).bias(false)),
                    torch::nn::BatchNorm2d(o.hidden), torch::nn::ReLU(),
                    torch::nn::Conv2d(torch::nn::Conv2dOptions(o.hidden, 1, 1))));
}

torch::Tensor MaskHeadImpl::forward(const torch::Tensor& features) {
    auto logits = body_->forward(features);
    if (options_.upsample == 1) return logits;
    namespace F = torch::nn::functional;
    return F::interpolate(logits, F::InterpolateFuncOptions()
                                      .scale_factor(std::vector<double>{double(options_.upsample), double(options_.upsample)})
                                      .mode(torch::kBilinear)
                                      .align_corners(false));
}

std::int64_t MaskHeadImpl::flops(int height, int width) const {
    const std::int64_t p = std::int64_t(height / options_.upsample) * (width / options_.upsample);
    return 2 * (p * options_.inChannels * options_.hidden * 9 + p * options_.hidden);
}

}  // namespace lsms::models
