#pragma once
// The referring scorer: for every 3D component of an answer, how likely the
// sentence's kind, lobe and segment words let it through. TORCH HEADER.
//
// Why it exists: a slice cannot show what a 3D lesion is (its rim, its
// density against the liver around it, whether it lies above the portal
// plane), and the per-slice masks of the network learnt to mark every lesion
// whatever the words (docs/model.md). The scorer reads the sentence through
// the network's own text encoder (word features and sentence embedding) and
// each component through its measurements (component_features.h); each
// component attends to the words that concern it. The selection head then
// applies the size rank ("the largest") among the components let through.
#include "lsms/models/component_features.h"
#include "lsms/models/config.h"
#include "lsms/models/nn/text_encoder.h"

#include <torch/torch.h>

namespace lsms::models {

class ReferringScorerImpl : public torch::nn::Module {
public:
    explicit ReferringScorerImpl(ScorerOptions options);
    // text: B expressions (or 1, broadcast); features: [B, C, kComponentFeatures].
    // Returns [B, C] logits (> 0: the component is among the sentence's candidates).
    torch::Tensor forward(const TextFeatures& text, const torch::Tensor& features);
    // Feature normalisation, measured on the training components.
    void setNormalisation(const torch::Tensor& mean, const torch::Tensor& scale);
    const ScorerOptions& options() const { return options_; }

private:
    ScorerOptions options_;
    torch::Tensor mean_, scale_;  // buffers [kComponentFeatures]
    torch::Tensor rowOf_;         // buffer [bertVocabSize]: BERT id -> embedding row
    torch::nn::Embedding tokens_{nullptr};
    torch::nn::Sequential component_{nullptr};
    torch::nn::Linear words_{nullptr}, sentence_{nullptr}, query_{nullptr};
    torch::nn::Sequential joint_{nullptr};
};
TORCH_MODULE(ReferringScorer);

}  // namespace lsms::models
