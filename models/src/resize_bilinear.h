#pragma once
// Bilinear resize of an N×C×H×W tensor, shared by the decoder (scales to
// one another) and volume inference (CT slices to the network's input and
// probabilities back), so both resample the same way.
#include <torch/torch.h>

namespace lsms::models {

inline torch::Tensor resizeBilinear(const torch::Tensor& x, std::int64_t h, std::int64_t w) {
    if (x.size(2) == h && x.size(3) == w) return x;
    namespace F = torch::nn::functional;
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<std::int64_t>{h, w})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

}  // namespace lsms::models
