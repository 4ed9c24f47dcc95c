#include "lsms/models/nn/trainer.h"
#include "torch_boundary.h"

#include "lsms/models/nn/batch_stream.h"

#include "lsms/core/error.h"

#include <chrono>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace lsms::models {

std::vector<SliceSample> drawSamples(const PhantomSliceSampler& sampler, int count, std::uint64_t seed, bool pairs) {
    std::mt19937_64 rng(seed);
    std::vector<SliceSample> out;
    for (int i = 0; i < count; ++i)
        out.push_back(pairs && i % 2 == 1 ? sampler.contrast(out.back(), rng) : sampler.sample(rng));
    return out;
}

SampleBatch makeBatch(const std::vector<SliceSample>& samples, std::size_t begin, std::size_t end, int size,
                      const WordPieceTokenizer& tokenizer, int maxLength) {
    const auto b = std::int64_t(end - begin);
    const auto n = std::int64_t(size) * size;
    SampleBatch batch;
    batch.images = torch::empty({b, 3, size, size});
    batch.targets = torch::empty({b, 1, size, size});
    batch.distractors = torch::zeros({b, 1, size, size});
    batch.selection = torch::empty({b}, torch::kLong);
    std::vector<std::string> texts;
    for (std::size_t i = begin; i < end; ++i) {
        const auto& s = samples[i];
        TORCH_CHECK(std::int64_t(s.image.size()) == 3 * n && std::int64_t(s.target.size()) == n,
                    "sample size does not match the network input");
        const auto row = std::int64_t(i - begin);
        std::memcpy(batch.images[row].data_ptr<float>(), s.image.data(), sizeof(float) * std::size_t(3 * n));
        std::memcpy(batch.targets[row].data_ptr<float>(), s.target.data(), sizeof(float) * std::size_t(n));
        if (!s.distractor.empty()) {
            TORCH_CHECK(std::int64_t(s.distractor.size()) == n, "distractor size does not match the network input");
            std::memcpy(batch.distractors[row].data_ptr<float>(), s.distractor.data(), sizeof(float) * std::size_t(n));
        }
        batch.selection[row] = std::int64_t(s.expression.selection);
        texts.push_back(s.expression.text);
    }
    batch.tokens = tokenizeBatch(tokenizer, texts, maxLength);
    return batch;
}

static SliceMetrics evaluateSlicesUnguarded(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<SliceSample>& samples,
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

// Learning rate at `step`: linear warm-up, then cosine decay to 5% over the
// steps after warm-up (so deciding `steps` during warm-up changes nothing
// that has already happened).
double learningRateAt(const TrainOptions& o, int step, int steps) {
    const int warmup = std::max(1, o.warmupSteps);
    if (step <= warmup) return o.learningRate * double(step) / warmup;
    const double progress = double(step - warmup) / std::max(1, steps - warmup);
    return o.learningRate * (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * std::min(1.0, progress))));
}

// Gradient clipping by global norm without reading the norm back to the
// host, so a GPU step never waits for the CPU.
void clipGradNorm(const std::vector<torch::Tensor>& params, double maxNorm) {
    std::vector<torch::Tensor> norms;
    for (const auto& p : params)
        if (p.grad().defined()) norms.push_back(p.grad().detach().norm(2));
    if (norms.empty()) return;
    const auto total = torch::stack(norms).norm(2);
    const auto scale = torch::clamp_max(maxNorm / (total + 1e-6), 1.0);
    for (const auto& p : params)
        if (p.grad().defined()) p.grad().detach().mul_(scale);
}

}  // namespace

double validationScore(const SliceMetrics& m) {
    // oIoU: an empty answer scores 0 on it, while mIoU counts every slice
    // without a target as a perfect 1, so a network that has collapsed to
    // answering nothing would look best by mIoU.
    return m.oIoU;
}

static TrainResult trainUnguarded(LsmsNet& net, const WordPieceTokenizer& tokenizer, const PhantomSliceSampler& data,
                  const std::vector<SliceSample>& validation, const TrainOptions& o,
                  const std::function<bool(const TrainLogEntry&)>& onLog) {
    if (o.steps < 1 || o.batch < 1) throw InputError("training needs at least one step of one sample");
    if (o.timeBudgetSeconds < 0) throw InputError("the training time budget cannot be negative");
    // The network learns the spacing it is trained at and records it; data on
    // any other grid would teach it a scale inference does not feed it.
    const double spacing = net->options().inputSpacingMm;
    for (const auto& c : data.cases()) {
        const auto& s = c.phantom.ct.geometry.spacing;
        if (std::abs(s[0] - spacing) > 1e-3 * spacing || std::abs(s[1] - spacing) > 1e-3 * spacing)
            throw InputError("training data has " + std::to_string(s[0]) + " x " + std::to_string(s[1]) +
                             " mm pixels, but the network reads " + std::to_string(spacing) + " mm pixels");
    }
    torch::manual_seed(o.seed);
    net->to(o.device);
    net->train();
    // Fixed input sizes: cuDNN may pick the fastest convolution algorithms.
    if (o.device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
    const auto params = net->parameters();
    torch::optim::AdamW optimiser(params, torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
    BatchStreamOptions so;
    so.batch = o.batch;
    so.seed = o.seed;
    so.workers = o.dataWorkers;
    so.pinned = o.device.is_cuda();
    so.pairs = o.contrastPairs;
    BatchStream batches(data, tokenizer, net->options().imageSize, net->options().text.maxLength, so);
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

    TrainResult result;
    WeightSnapshot best;
    double bestScore = -1;
    int steps = o.steps;
    // Loss sums stay on the device until a log entry needs them.
    torch::Tensor lossSum;
    int accCount = 0;
    double validationSeconds = 0, halfWarmupSeconds = 0;
    bool stop = false, haveBest = false;
    if (o.validateStart && o.keepBest && !validation.empty()) {
        result.startValidation = evaluateSlices(net, tokenizer, validation, o.device, o.threshold);
        validationSeconds += elapsed();
        bestScore = validationScore(*result.startValidation);
        best.snapshot(*net);
        haveBest = true;
        result.validation = *result.startValidation;
    }
    for (int step = 1; step <= steps && !stop; ++step) {
        const double lr = learningRateAt(o, step, steps);
        for (auto& group : optimiser.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

        auto b = batches.next();
        const bool async = o.device.is_cuda();
        auto out = net->forward(b.images.to(o.device, async), b.tokens.ids.to(o.device),
                                b.tokens.attention.to(o.device));
        auto loss = lsmsLoss(out, b.targets.to(o.device, async), o.loss, b.selection,
                             b.distractors.to(o.device, async));
        optimiser.zero_grad();
        loss.total.backward();
        clipGradNorm(params, 5.0);
        optimiser.step();

        auto parts =
            torch::stack({loss.total, loss.dice, loss.bce, loss.contrastive, loss.selection, loss.distractor}).detach();
        lossSum = lossSum.defined() ? lossSum + parts : parts;
        ++accCount;
        if (step == std::max(1, o.warmupSteps) / 2) halfWarmupSeconds = elapsed() - validationSeconds;
        if (o.timeBudgetSeconds > 0 && step == std::max(1, o.warmupSteps) && step < steps) {
            // Rate over the second half of warm-up (the first steps pay for
            // start-up: GPU context, cuDNN's algorithm search), validation
            // excluded; a margin for the validations to come and for saving.
            const int half = step / 2;
            const double perStep = half > 0 && step > half ? (elapsed() - validationSeconds - halfWarmupSeconds) / (step - half)
                                                           : (elapsed() - validationSeconds) / step;
            const double left = 0.93 * o.timeBudgetSeconds - elapsed();
            // A validation costs about a forward pass per sample (a third of a
            // training step's work); one comes every validateEvery steps and
            // one at the end.
            const double perValidation = validation.empty() ? 0.0 : perStep * double(validation.size()) / o.batch / 3;
            const double perStepAll = perStep + (o.validateEvery > 0 ? perValidation / o.validateEvery : 0.0);
            const double more = (left - perValidation) / perStepAll;
            steps = std::clamp(step + int(std::max(0.0, more)), step, steps);
        }
        const bool validate = (o.validateEvery > 0 && step % o.validateEvery == 0) || step == steps;
        if (step % std::max(1, o.logEvery) == 0 || validate || step == 1) {
            const auto sums = lossSum.to(torch::kCPU, torch::kDouble);
            const double* m = sums.data_ptr<double>();
            TrainLogEntry e;
            e.step = step;
            e.plannedSteps = steps;
            e.loss = m[0] / accCount;
            e.dice = m[1] / accCount;
            e.bce = m[2] / accCount;
            e.contrastive = m[3] / accCount;
            e.selection = m[4] / accCount;
            e.distractor = m[5] / accCount;
            e.learningRate = lr;
            if (validate && !validation.empty()) {
                const double t0 = elapsed();
                e.validation = evaluateSlices(net, tokenizer, validation, o.device, o.threshold);
                validationSeconds += elapsed() - t0;
                const double score = validationScore(*e.validation);
                if (o.keepBest && score > bestScore) {
                    bestScore = score;
                    haveBest = true;
                    best.snapshot(*net);
                    result.bestStep = step;
                    result.validation = *e.validation;
                }
            }
            e.seconds = elapsed();
            result.log.push_back(e);
            if (onLog && !onLog(e)) stop = true;
            lossSum = torch::Tensor();
            accCount = 0;
        }
    }
    const int lastStep = result.log.empty() ? 0 : result.log.back().step;
    result.steps = lastStep;
    // Stopped early (onLog) after unvalidated steps: the final weights are
    // judged too, so they are not dropped for an older best unseen.
    if (o.keepBest && haveBest && lastStep > 0 && !result.log.back().validation && !validation.empty()) {
        const auto m = evaluateSlices(net, tokenizer, validation, o.device, o.threshold);
        if (validationScore(m) > bestScore) {
            bestScore = validationScore(m);
            best.snapshot(*net);
            result.bestStep = lastStep;
            result.validation = m;
        }
    }
    if (o.keepBest && haveBest) {
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

TrainResult train(LsmsNet& net, const WordPieceTokenizer& tokenizer, const PhantomSliceSampler& data,
                  const std::vector<SliceSample>& validation, const TrainOptions& o,
                  const std::function<bool(const TrainLogEntry&)>& onLog) {
    return torchBoundary("training", [&] { return trainUnguarded(net, tokenizer, data, validation, o, onLog); });
}

SliceMetrics evaluateSlices(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<SliceSample>& samples,
                            const torch::Device& device, double threshold, int batch) {
    return torchBoundary("validation", [&] { return evaluateSlicesUnguarded(net, tokenizer, samples, device, threshold, batch); });
}

}  // namespace lsms::models
