#include "lsms/models/nn/trainer.h"

#include "lsms/core/error.h"

#include <chrono>
#include <cmath>

namespace lsms::models {

std::vector<SliceSample> drawSamples(const PhantomSliceSampler& sampler, int count, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<SliceSample> out;
    for (int i = 0; i < count; ++i) out.push_back(sampler.sample(rng));
    return out;
}

SampleBatch makeBatch(const std::vector<SliceSample>& samples, std::size_t begin, std::size_t end, int size,
                      const WordPieceTokenizer& tokenizer, int maxLength) {
    const auto b = std::int64_t(end - begin);
    const auto n = std::int64_t(size) * size;
    SampleBatch batch;
    batch.images = torch::empty({b, 3, size, size});
    batch.targets = torch::empty({b, 1, size, size});
    batch.selection = torch::empty({b}, torch::kLong);
    std::vector<std::string> texts;
    for (std::size_t i = begin; i < end; ++i) {
        const auto& s = samples[i];
        TORCH_CHECK(std::int64_t(s.image.size()) == 3 * n && std::int64_t(s.target.size()) == n,
                    "sample size does not match the network input");
        const auto row = std::int64_t(i - begin);
        std::memcpy(batch.images[row].data_ptr<float>(), s.image.data(), sizeof(float) * std::size_t(3 * n));
        std::memcpy(batch.targets[row].data_ptr<float>(), s.target.data(), sizeof(float) * std::size_t(n));
        batch.selection[row] = std::int64_t(s.expression.selection);
        texts.push_back(s.expression.text);
    }
    batch.tokens = tokenizeBatch(tokenizer, texts, maxLength);
    return batch;
}

SliceMetrics evaluateSlices(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<SliceSample>& samples,
                            const torch::Device& device, double threshold, int batch) {
    const bool wasTraining = net->is_training();
    net->eval();
    torch::NoGradGuard noGrad;
    SliceMetricAccumulator acc;
    const int size = net->options().imageSize;
    for (std::size_t i = 0; i < samples.size(); i += std::size_t(batch)) {
        const auto end = std::min(samples.size(), i + std::size_t(batch));
        auto b = makeBatch(samples, i, end, size, tokenizer, net->options().text.maxLength);
        auto out = net->forward(b.images.to(device), b.tokens.ids.to(device), b.tokens.attention.to(device));
        auto pred = (torch::sigmoid(out.logits) >= threshold).to(torch::kCPU, torch::kUInt8).contiguous();
        auto target = b.targets.to(torch::kUInt8).contiguous();
        const auto n = std::size_t(size) * std::size_t(size);
        for (std::size_t r = 0; r < end - i; ++r)
            acc.add(overlap(pred.data_ptr<std::uint8_t>() + r * n, target.data_ptr<std::uint8_t>() + r * n, n));
    }
    net->train(wasTraining);
    return acc.result();
}

namespace {

// A copy of every parameter and buffer, to return to later.
class WeightSnapshot {
public:
    void snapshot(torch::nn::Module& m) {
        torch::NoGradGuard noGrad;
        saved_.clear();
        for (const auto& p : m.named_parameters()) saved_.emplace_back(p.key(), p.value().detach().clone());
        for (const auto& b : m.named_buffers()) saved_.emplace_back(b.key(), b.value().detach().clone());
    }
    void restore(torch::nn::Module& m) const {
        torch::NoGradGuard noGrad;
        auto params = m.named_parameters();
        auto buffers = m.named_buffers();
        for (const auto& [name, value] : saved_) {
            if (auto* p = params.find(name)) p->copy_(value);
            else if (auto* b = buffers.find(name)) b->copy_(value);
        }
    }

private:
    std::vector<std::pair<std::string, torch::Tensor>> saved_;
};

}  // namespace

TrainResult train(LsmsNet& net, const WordPieceTokenizer& tokenizer, const PhantomSliceSampler& data,
                  const std::vector<SliceSample>& validation, const TrainOptions& o,
                  const std::function<bool(const TrainLogEntry&)>& onLog) {
    if (o.steps < 1 || o.batch < 1) throw InputError("training needs at least one step of one sample");
    torch::manual_seed(o.seed);
    std::mt19937_64 rng(o.seed);
    net->to(o.device);
    net->train();
    torch::optim::AdamW optimiser(net->parameters(),
                                  torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

    TrainResult result;
    WeightSnapshot best;
    double bestScore = -1;
    TrainLogEntry acc;
    int accCount = 0;
    bool stop = false;
    for (int step = 1; step <= o.steps && !stop; ++step) {
        const double warm = std::min(1.0, double(step) / std::max(1, o.warmupSteps));
        const double progress = double(step) / o.steps;
        const double lr = o.learningRate * warm * (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * progress)));
        for (auto& group : optimiser.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

        std::vector<SliceSample> samples;
        for (int i = 0; i < o.batch; ++i) samples.push_back(data.sample(rng));
        auto b = makeBatch(samples, 0, samples.size(), net->options().imageSize, tokenizer, net->options().text.maxLength);
        auto out = net->forward(b.images.to(o.device), b.tokens.ids.to(o.device), b.tokens.attention.to(o.device));
        auto loss = lsmsLoss(out, b.targets.to(o.device), o.loss, b.selection);
        optimiser.zero_grad();
        loss.total.backward();
        torch::nn::utils::clip_grad_norm_(net->parameters(), 5.0);
        optimiser.step();

        acc.loss += loss.total.item<double>();
        acc.dice += loss.dice.item<double>();
        acc.bce += loss.bce.item<double>();
        acc.contrastive += loss.contrastive.item<double>();
        acc.selection += loss.selection.item<double>();
        ++accCount;
        const bool validate = (o.validateEvery > 0 && step % o.validateEvery == 0) || step == o.steps;
        if (step % std::max(1, o.logEvery) == 0 || validate || step == 1) {
            TrainLogEntry e;
            e.step = step;
            e.loss = acc.loss / accCount;
            e.dice = acc.dice / accCount;
            e.bce = acc.bce / accCount;
            e.contrastive = acc.contrastive / accCount;
            e.selection = acc.selection / accCount;
            e.learningRate = lr;
            if (validate && !validation.empty()) {
                e.validation = evaluateSlices(net, tokenizer, validation, o.device, o.threshold);
                const double score = e.validation->mIoU + e.validation->oIoU;
                if (o.keepBest && score > bestScore) {
                    bestScore = score;
                    best.snapshot(*net);
                    result.bestStep = step;
                    result.validation = *e.validation;
                }
            }
            e.seconds = elapsed();
            result.log.push_back(e);
            if (onLog && !onLog(e)) stop = true;
            acc = {};
            accCount = 0;
        }
    }
    const int lastStep = result.log.empty() ? 0 : result.log.back().step;
    if (o.keepBest && result.bestStep > 0) {
        if (result.bestStep != lastStep) best.restore(*net);
    } else {
        result.bestStep = lastStep;
        if (!validation.empty())
            result.validation = result.log.back().validation
                                    ? *result.log.back().validation
                                    : evaluateSlices(net, tokenizer, validation, o.device, o.threshold);
    }
    net->eval();
    return result;
}

}  // namespace lsms::models
