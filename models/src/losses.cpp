#include "lsms/models/nn/losses.h"

namespace lsms::models {

namespace F = torch::nn::functional;

torch::Tensor softDiceLoss(const torch::Tensor& logits, const torch::Tensor& target) {
    auto p = torch::sigmoid(logits).flatten(1);
    auto t = target.flatten(1);
    // Smoothing 1: an empty target asks for sum(p) -> 0 rather than being undefined.
    auto dice = (2 * (p * t).sum(1) + 1) / (p.sum(1) + t.sum(1) + 1);
    return 1 - dice.mean();
}

torch::Tensor batchDiceLoss(const torch::Tensor& logits, const torch::Tensor& target, const torch::Tensor& weight) {
    TORCH_CHECK(logits.sizes() == target.sizes() && target.sizes() == weight.sizes(), "dice: shapes differ");
    const auto known = (weight > 0).to(logits.dtype());
    const auto p = torch::sigmoid(logits) * known, t = target * known;
    const auto targetSum = t.sum();
    const auto dice = (2 * (p * t).sum() + 1) / (p.sum() + targetSum + 1);
    // No host sync: an empty batch multiplies the term by zero.
    return (1 - dice) * (targetSum > 0).to(logits.dtype());
}

FineLossTerms fineLoss(const torch::Tensor& logits, const torch::Tensor& target, const torch::Tensor& weight,
                       double diceWeight) {
    TORCH_CHECK(logits.sizes() == target.sizes() && target.sizes() == weight.sizes(), "fine loss: shapes differ");
    FineLossTerms t;
    t.dice = batchDiceLoss(logits, target, weight);
    t.bce = (F::binary_cross_entropy_with_logits(logits, target, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone)) *
             weight)
                .sum() /
            weight.sum().clamp_min(1);
    t.total = diceWeight * t.dice + t.bce;
    return t;
}

torch::Tensor infoNceLoss(const torch::Tensor& pixelEmbedding, const torch::Tensor& target,
                          const torch::Tensor& sentenceEmbedding, double temperature) {
    auto m = F::adaptive_avg_pool2d(target, F::AdaptiveAvgPool2dFuncOptions({pixelEmbedding.size(2), pixelEmbedding.size(3)}));
    auto area = m.sum({1, 2, 3});
    auto valid = (area > 1e-6).nonzero().squeeze(1);
    if (valid.numel() < 2) return pixelEmbedding.sum() * 0;  // keeps the graph (and DDP-style hooks) consistent
    auto lesion = (pixelEmbedding * m).sum({2, 3}) / area.clamp_min(1e-6).unsqueeze(1);
    auto v = F::normalize(lesion.index_select(0, valid), F::NormalizeFuncOptions().dim(1));
    auto s = F::normalize(sentenceEmbedding.index_select(0, valid), F::NormalizeFuncOptions().dim(1));
    auto logits = torch::matmul(v, s.t()) / temperature;
    auto labels = torch::arange(valid.numel(), logits.options().dtype(torch::kLong));
    return 0.5 * (F::cross_entropy(logits, labels) + F::cross_entropy(logits.t(), labels));
}

torch::Tensor distractorLoss(const torch::Tensor& logits, const torch::Tensor& distractor) {
    TORCH_CHECK(logits.sizes() == distractor.sizes(), "distractors must match the logits' shape");
    // softplus(x) = -log(1 - sigmoid(x)); a division by at least 1 keeps it
    // on the device (no host check for "any distractors").
    return (F::softplus(logits) * distractor).sum() / distractor.sum().clamp_min(1);
}

LossTerms lsmsLoss(const LsmsOutput& out, const torch::Tensor& target, const LossOptions& options,
                   const torch::Tensor& selection, const torch::Tensor& distractor) {
    TORCH_CHECK(out.logits.sizes() == target.sizes(), "target must match the logits' shape");
    LossTerms t;
    t.dice = softDiceLoss(out.logits, target);
    t.bce = F::binary_cross_entropy_with_logits(out.logits, target);
    t.contrastive = out.sentenceEmbedding.defined()
                        ? infoNceLoss(out.pixelEmbedding, target, out.sentenceEmbedding, options.temperature)
                        : torch::zeros({}, out.logits.options());
    t.selection = torch::zeros({}, out.logits.options());
    if (out.selectionLogits.defined() && selection.defined() && (selection >= 0).any().item<bool>())
        t.selection = F::cross_entropy(out.selectionLogits, selection.to(out.selectionLogits.device()),
                                       F::CrossEntropyFuncOptions().ignore_index(-1));
    t.distractor = distractor.defined() ? distractorLoss(out.logits, distractor.to(out.logits.device()))
                                        : torch::zeros({}, out.logits.options());
    t.total = t.dice + t.bce + options.contrastiveWeight * t.contrastive + options.selectionWeight * t.selection +
              options.distractorWeight * t.distractor;
    return t;
}

}  // namespace lsms::models
