#include "lsms/models/nn/decoder.h"
#include "resize_bilinear.h"

namespace lsms::models {

namespace {

namespace F = torch::nn::functional;

torch::nn::Sequential conv1x1BnRelu(int in, int out) {
    return torch::nn::Sequential(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).bias(false)),
                                 torch::nn::BatchNorm2d(out), torch::nn::ReLU());
}

// Pointwise reduce, depthwise 3x3 for spatial context, pointwise mix.
torch::nn::Sequential fuseBlock(int in, int out) {
    return torch::nn::Sequential(
        torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).bias(false)), torch::nn::BatchNorm2d(out),
        torch::nn::ReLU(), torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1).groups(out).bias(false)),
        torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 1).bias(false)), torch::nn::BatchNorm2d(out),
        torch::nn::ReLU());
}

}  // namespace

FullScaleDecoderImpl::FullScaleDecoderImpl(DecoderOptions o) : options_(o) {
    TORCH_CHECK(o.channels > 0 && o.sourceChannels > 0, "bad decoder sizes");
    for (int c : o.encoderChannels) TORCH_CHECK(c > 0, "decoder needs the encoder's channel counts");
    start_ = register_module("start", conv1x1BnRelu(o.encoderChannels[3], o.channels));
    // Decoder stage s works at the scale of encoder stage s (s = 2, 1, 0).
    project_.resize(3);
    for (int s = 2; s >= 0; --s) {
        for (int j = 0; j < 4; ++j)
            project_[std::size_t(s)].push_back(register_module(
                "stage" + std::to_string(s) + "_from" + std::to_string(j),
                conv1x1BnRelu(o.encoderChannels[j], o.sourceChannels)));
        fuse_.push_back(register_module("fuse" + std::to_string(s), fuseBlock(4 * o.sourceChannels + o.channels, o.channels)));
    }
    if (o.halfChannels > 0) {
        // The 1/4 stage already holds every scale; at 1/2 only the stem's
        // edges are added, the cheapest way to place small lesions' borders.
        projectHalf_ = register_module("half_from_stem", conv1x1BnRelu(o.halfChannels, o.sourceChannels));
        fuseHalf_ = register_module("fuse_half", fuseBlock(o.sourceChannels + o.channels, o.channels));
    }
}

torch::Tensor FullScaleDecoderImpl::forward(const std::vector<torch::Tensor>& features) {
    const std::size_t first = options_.halfChannels > 0 ? 1 : 0;
    TORCH_CHECK(features.size() == 4 + first, "full-scale decoder needs the four encoder scales",
                first ? " and the stem's 1/2 map" : "");
    auto d = start_->forward(features[first + 3]);
    for (int s = 2, fi = 0; s >= 0; --s, ++fi) {
        const auto h = features[first + std::size_t(s)].size(2), w = features[first + std::size_t(s)].size(3);
        std::vector<torch::Tensor> parts;
        for (int j = 0; j < 4; ++j) {
            auto& proj = project_[std::size_t(s)][std::size_t(j)];
            const auto& f = features[first + std::size_t(j)];
            if (j < s) {
                // Finer source: pool first, so the projection runs on fewer pixels.
                const std::int64_t k = std::int64_t(1) << (s - j);
                parts.push_back(proj->forward(F::max_pool2d(f, F::MaxPool2dFuncOptions(k).stride(k))));
            } else {
                parts.push_back(resizeBilinear(proj->forward(f), h, w));
            }
        }
        parts.push_back(resizeBilinear(d, h, w));
        d = fuse_[std::size_t(fi)]->forward(torch::cat(parts, 1));
    }
    if (first) {
        const auto& half = features[0];
        d = fuseHalf_->forward(torch::cat({projectHalf_->forward(half), resizeBilinear(d, half.size(2), half.size(3))}, 1));
    }
    return d;
}

std::int64_t FullScaleDecoderImpl::flops(int height, int width) const {
    const auto& o = options_;
    auto pixels = [&](int scale) { return std::int64_t(height >> (scale + 2)) * std::int64_t(width >> (scale + 2)); };
    std::int64_t macs = pixels(3) * o.encoderChannels[3] * o.channels;
    for (int s = 2; s >= 0; --s) {
        for (int j = 0; j < 4; ++j) macs += pixels(std::max(s, j)) * o.encoderChannels[j] * o.sourceChannels;
        const std::int64_t in = 4 * o.sourceChannels + o.channels;
        macs += pixels(s) * (in * o.channels + 9 * o.channels + o.channels * o.channels);
    }
    if (o.halfChannels > 0) {
        const std::int64_t half = std::int64_t(height / 2) * (width / 2), in = o.sourceChannels + o.channels;
        macs += half * (o.halfChannels * o.sourceChannels + in * o.channels + 9 * o.channels + o.channels * o.channels);
    }
    return 2 * macs;
}

}  // namespace lsms::models
