#pragma once
// LSMS training loss: soft Dice + binary cross-entropy on the mask, plus a
// vision-language contrastive term (InfoNCE between the mask-pooled pixel
// embeddings of the referred lesions and the sentence embeddings of the
// batch, both directions), plus cross-entropy of the sentence-level
// selection head (Selection) where the expression's selection is known,
// plus a distractor term: cross-entropy on the lesions the expression does
// not refer to, averaged over their pixels alone (in the mean over the whole
// slice they are too few to matter against the background).
// TORCH HEADER.
#include "lsms/models/nn/lsms_net.h"

#include <torch/torch.h>

namespace lsms::models {

struct LossOptions {
    double contrastiveWeight = 0.1;
    double temperature = 0.1;
    double selectionWeight = 0.2;
    double distractorWeight = 0;  // experimental; see docs/training-runs/2026-11-28-contrast-cpu
};

struct LossTerms {
    torch::Tensor total, dice, bce, contrastive, selection, distractor;  // scalars
};

// target: [B, 1, H, W] in {0, 1}. Empty targets count for Dice/BCE (the
// right answer is "nothing") but not for the contrastive term.
// selection: [B] Selection labels as int64, -1 where unknown; undefined: no
// selection term. distractor: [B, 1, H, W] in {0, 1}, the lesions not
// referred to; undefined: no distractor term.
LossTerms lsmsLoss(const LsmsOutput& output, const torch::Tensor& target, const LossOptions& options = {},
                   const torch::Tensor& selection = {}, const torch::Tensor& distractor = {});
// Mean of -log(1 - p) over the distractor pixels; zero when there are none.
torch::Tensor distractorLoss(const torch::Tensor& logits, const torch::Tensor& distractor);

torch::Tensor softDiceLoss(const torch::Tensor& logits, const torch::Tensor& target);

// The fine pass's loss. Dice is summed over the whole batch, not per sample:
// a per-sample Dice on an empty target pulls each pixel 10^4-10^6 times
// harder than cross-entropy while sum(p) is below 1 (the collapse to empty
// answers seen in training). A batch whose targets are all empty has no
// Dice term at all. Cross-entropy is weighted per pixel (weight 0: the
// words cannot tell, no loss), normalised by the weights' sum.
struct FineLossTerms {
    torch::Tensor total, dice, bce;  // scalars
};
FineLossTerms fineLoss(const torch::Tensor& logits, const torch::Tensor& target, const torch::Tensor& weight,
                       double diceWeight = 1.0);
torch::Tensor batchDiceLoss(const torch::Tensor& logits, const torch::Tensor& target, const torch::Tensor& weight);
// Zero (still differentiable) when fewer than two samples have a target.
torch::Tensor infoNceLoss(const torch::Tensor& pixelEmbedding, const torch::Tensor& target,
                          const torch::Tensor& sentenceEmbedding, double temperature);

}  // namespace lsms::models
