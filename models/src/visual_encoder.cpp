#include "lsms/models/nn/visual_encoder.h"

namespace lsms::models {

namespace {

// Strided 3x3 convolution + batch norm (+ GELU), appended to `s`.
torch::nn::Sequential convBn(int in, int out, bool activation, torch::nn::Sequential s = {}) {
    s->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(2).padding(1).bias(false)));
    s->push_back(torch::nn::BatchNorm2d(out));
    if (activation) s->push_back(torch::nn::GELU());
    return s;
}

}  // namespace

VisualEncoderImpl::VisualEncoderImpl(VisualEncoderOptions o) : options_(o) {
    TORCH_CHECK(o.inChannels > 0, "visual encoder needs input channels");
    for (int s = 0; s < 4; ++s) {
        TORCH_CHECK(o.channels[s] > 0 && o.depths[s] >= 1 && o.heads[s] >= 1, "bad size for visual stage ", s);
        TORCH_CHECK(o.channels[s] % o.heads[s] == 0, "stage ", s, " channels must be a multiple of its heads");
    }
    // Two stride-2 convolutions: overlapping patches keep small lesions
    // that a 4x4 patchify would blur.
    stem_ = convBn(o.channels[0] / 2, o.channels[0], false, convBn(o.inChannels, o.channels[0] / 2, true));
    register_module("stem", stem_);
    blocks_.resize(4);
    for (int s = 0; s < 4; ++s) {
        if (s > 0) downsample_.push_back(register_module("down" + std::to_string(s), convBn(o.channels[s - 1], o.channels[s], false)));
        for (int b = 0; b < o.depths[s]; ++b) {
            SvlaOptions so;
            so.channels = o.channels[s];
            so.textDim = o.textDim;
            so.heads = o.heads[s];
            so.feedForwardRatio = o.feedForwardRatio;
            so.sentenceFilm = o.sentenceFilm;
            blocks_[s].push_back(register_module("stage" + std::to_string(s) + "_" + std::to_string(b), Svla(so)));
        }
    }
}

std::vector<torch::Tensor> VisualEncoderImpl::forward(const torch::Tensor& image, const TextFeatures& text, bool withHalf) {
    TORCH_CHECK(image.dim() == 4 && image.size(1) == options_.inChannels, "visual encoder expects [B, ",
                options_.inChannels, ", H, W]");
    TORCH_CHECK(image.size(2) % 32 == 0 && image.size(3) % 32 == 0, "image size must be a multiple of 32");
    std::vector<torch::Tensor> outputs;
    // The stem is conv-bn-GELU (1/2) then conv-bn (1/4): stepping through it
    // yields the 1/2 map without new parameters or renamed ones.
    auto x = image;
    int m = 0;
    for (auto it = stem_->begin(); it != stem_->end(); ++it, ++m) {
        x = it->forward(x);
        if (m == 2 && withHalf) outputs.push_back(x);
    }
    for (int s = 0; s < 4; ++s) {
        if (s > 0) x = downsample_[std::size_t(s - 1)]->forward(x);
        for (auto& block : blocks_[std::size_t(s)]) x = block->forward(x, text);
        outputs.push_back(x);
    }
    return outputs;
}

std::int64_t VisualEncoderImpl::flops(int height, int width, int textLength) const {
    const auto& o = options_;
    auto conv3s2 = [](std::int64_t in, std::int64_t out, std::int64_t h, std::int64_t w) {
        return 2 * (h / 2) * (w / 2) * in * out * 9;
    };
    std::int64_t total = conv3s2(o.inChannels, o.channels[0] / 2, height, width) +
                         conv3s2(o.channels[0] / 2, o.channels[0], height / 2, width / 2);
    int h = height / 4, w = width / 4;
    for (int s = 0; s < 4; ++s) {
        if (s > 0) {
            total += conv3s2(o.channels[s - 1], o.channels[s], h, w);
            h /= 2;
            w /= 2;
        }
        for (const auto& block : blocks_[std::size_t(s)]) total += block->flops(h, w, textLength);
    }
    return total;
}

}  // namespace lsms::models
