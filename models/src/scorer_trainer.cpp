#include "lsms/models/nn/scorer_trainer.h"
#include "torch_boundary.h"

#include "lsms/core/error.h"
#include "lsms/models/nn/lsms_net.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace lsms::models {

static ScorerCase collectComponentsUnguarded(LsmsModel& model, const PhantomCase& c, const std::string& prompt,
                             const SegmentOptions& segment) {
    SegmentOptions so = segment;
    so.keepProbability = true;
    so.refineEdges = false;  // the scorer is given the network's components, unrefined
    const auto r = segmentVolume(model, c.phantom.ct, prompt, so);
    const auto labelled =
        labelComponents(r.probability, so.consolidation.threshold, so.consolidation.growThreshold);
    ScorerCase out;
    out.lesions = c.phantom.lesions;
    out.fixedExpressions = c.fixedExpressions;
    out.seed = c.phantom.seed;
    out.features = describeComponents(c.phantom.ct, labelled);
    std::vector<std::map<int, std::size_t>> cover(labelled.components.size());
    const auto& labels = c.phantom.labels;
    const long nx = long(labels.geometry.size[0]), ny = long(labels.geometry.size[1]);
    std::size_t v = 0;
    for (long k = labelled.lo[2]; k <= labelled.hi[2]; ++k)
        for (long j = labelled.lo[1]; j <= labelled.hi[1]; ++j)
            for (long i = labelled.lo[0]; i <= labelled.hi[0]; ++i, ++v)
                if (const int l = labelled.labels[v]; l > 0)
                    ++cover[std::size_t(l - 1)][labels.data[std::size_t(i + nx * (j + ny * k))]];
    for (std::size_t n = 0; n < cover.size(); ++n) {
        int best = 0;
        std::size_t bestCount = 0;
        for (const auto& [id, count] : cover[n])
            if (id != 0 && count > bestCount) best = id, bestCount = count;
        out.lesionOf.push_back(4 * bestCount >= labelled.components[n].voxels ? best : 0);
    }
    return out;
}

ReferringExpression scorerExpression(const ScorerCase& c, std::mt19937_64& rng) {
    if (!c.fixedExpressions.empty())
        return c.fixedExpressions[std::uniform_int_distribution<std::size_t>(0, c.fixedExpressions.size() - 1)(rng)];
    return generateExpression(c.lesions, rng);
}

std::vector<float> scorerTargets(const ScorerCase& c, const ReferringExpression& e) {
    const auto& referred = e.sliceTargets();
    std::vector<float> t;
    for (int id : c.lesionOf) t.push_back(id > 0 && std::find(referred.begin(), referred.end(), id) != referred.end());
    return t;
}

namespace {

struct ScorerBatch {
    torch::Tensor features;  // [B, C, F]
    torch::Tensor targets;   // [B, C]
    torch::Tensor valid;     // [B, C] 1 where a component exists
    TokenBatch tokens;
};

ScorerBatch makeScorerBatch(const std::vector<const ScorerCase*>& cases, const std::vector<ReferringExpression>& exprs,
                            const WordPieceTokenizer& tokenizer, int maxLength) {
    const auto B = std::int64_t(cases.size());
    std::int64_t C = 1;
    for (const auto* c : cases) C = std::max<std::int64_t>(C, std::int64_t(c->features.size()));
    ScorerBatch b;
    b.features = torch::zeros({B, C, kComponentFeatures});
    b.targets = torch::zeros({B, C});
    b.valid = torch::zeros({B, C});
    std::vector<std::string> texts;
    for (std::int64_t r = 0; r < B; ++r) {
        const auto& c = *cases[std::size_t(r)];
        const auto t = scorerTargets(c, exprs[std::size_t(r)]);
        auto f = b.features.accessor<float, 3>();
        auto tt = b.targets.accessor<float, 2>();
        auto vv = b.valid.accessor<float, 2>();
        for (std::size_t n = 0; n < c.features.size(); ++n) {
            for (int k = 0; k < kComponentFeatures; ++k) f[r][std::int64_t(n)][k] = c.features[n][std::size_t(k)];
            tt[r][std::int64_t(n)] = t[n];
            vv[r][std::int64_t(n)] = 1;
        }
        texts.push_back(exprs[std::size_t(r)].text);
    }
    b.tokens = tokenizeBatch(tokenizer, texts, maxLength);
    return b;
}

// Fixed validation expressions: the same for every validation of a run.
std::vector<std::pair<const ScorerCase*, ReferringExpression>> validationSet(const std::vector<ScorerCase>& cases,
                                                                            int perCase, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::pair<const ScorerCase*, ReferringExpression>> out;
    for (const auto& c : cases)
        for (int i = 0; i < perCase; ++i) out.emplace_back(&c, scorerExpression(c, rng));
    return out;
}

void setNormalisation(ReferringScorer& scorer, const std::vector<ScorerCase>& cases) {
    std::vector<double> sum(kComponentFeatures, 0), sum2(kComponentFeatures, 0);
    double n = 0;
    for (const auto& c : cases)
        for (const auto& f : c.features) {
            for (int k = 0; k < kComponentFeatures; ++k) sum[std::size_t(k)] += f[std::size_t(k)], sum2[std::size_t(k)] += double(f[std::size_t(k)]) * f[std::size_t(k)];
            n += 1;
        }
    auto mean = torch::zeros({kComponentFeatures}), scale = torch::ones({kComponentFeatures});
    if (n > 1)
        for (int k = 0; k < kComponentFeatures; ++k) {
            const double m = sum[std::size_t(k)] / n;
            mean[k] = m;
            scale[k] = std::max(1e-3, std::sqrt(std::max(0.0, sum2[std::size_t(k)] / n - m * m)));
        }
    scorer->setNormalisation(mean.to(scorer->parameters()[0].device()), scale.to(scorer->parameters()[0].device()));
}

}  // namespace

static ScorerValidation validateScorerUnguarded(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<ScorerCase>& cases,
                                int expressionsPerCase, std::uint64_t seed, const torch::Device& device) {
    auto scorer = net->scorer();
    TORCH_CHECK(scorer, "the network has no referring scorer");
    const bool wasTraining = scorer->is_training();
    net->eval();
    torch::NoGradGuard noGrad;
    const auto set = validationSet(cases, expressionsPerCase, seed);
    ScorerValidation v;
    std::int64_t components = 0, componentsRight = 0, setsRight = 0;
    for (std::size_t i = 0; i < set.size(); i += 64) {
        const auto end = std::min(set.size(), i + 64);
        std::vector<const ScorerCase*> cs;
        std::vector<ReferringExpression> es;
        for (std::size_t k = i; k < end; ++k) cs.push_back(set[k].first), es.push_back(set[k].second);
        auto b = makeScorerBatch(cs, es, tokenizer, net->options().text.maxLength);
        const auto text = net->encodeText(b.tokens.ids.to(device), b.tokens.attention.to(device));
        auto pass = (scorer->forward(text, b.features.to(device)) > 0).to(torch::kCPU, torch::kFloat);
        auto right = (pass == b.targets).to(torch::kFloat) * b.valid;
        components += b.valid.sum().item<std::int64_t>();
        componentsRight += right.sum().item<std::int64_t>();
        setsRight += (right.sum(1) == b.valid.sum(1)).sum().item<std::int64_t>();
    }
    v.expressions = int(set.size());
    v.componentAccuracy = components > 0 ? double(componentsRight) / double(components) : 0;
    v.setAccuracy = set.empty() ? 0 : double(setsRight) / double(set.size());
    scorer->train(wasTraining);
    return v;
}

static ScorerTrainResult trainScorerUnguarded(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<ScorerCase>& train,
                              const std::vector<ScorerCase>& validation, const ScorerTrainOptions& options,
                              const std::function<void(const ScorerLogEntry&)>& onLog) {
    auto scorer = net->scorer();
    if (!scorer) throw InputError("the network has no referring scorer to train");
    if (options.steps < 1 || options.batch < 1) throw InputError("scorer training needs at least one step and batch");
    std::vector<const ScorerCase*> usable;
    for (const auto& c : train)
        if (!c.features.empty()) usable.push_back(&c);
    if (usable.empty()) throw InputError("the network found no component in any training case: nothing to train on");
    setNormalisation(scorer, train);
    torch::manual_seed(options.seed);
    net->eval();  // the frozen network: no dropout in its text encoder
    scorer->train();
    torch::optim::AdamW opt(scorer->parameters(),
                            torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
    std::mt19937_64 rng(options.seed);
    std::uniform_int_distribution<std::size_t> pick(0, usable.size() - 1);
    const auto start = std::chrono::steady_clock::now();
    ScorerTrainResult result;
    std::vector<std::pair<std::string, torch::Tensor>> best;
    double bestScore = -1;
    auto remember = [&](int step, const ScorerValidation& v) {
        if (v.setAccuracy <= bestScore) return;
        bestScore = v.setAccuracy;
        result.bestStep = step;
        result.validation = v;
        best.clear();
        for (const auto& p : scorer->named_parameters()) best.emplace_back(p.key(), p.value().detach().clone());
    };
    double lossSum = 0;
    int lossCount = 0;
    for (int step = 1; step <= options.steps; ++step) {
        std::vector<const ScorerCase*> cs;
        std::vector<ReferringExpression> es;
        for (int i = 0; i < options.batch; ++i) {
            cs.push_back(usable[pick(rng)]);
            es.push_back(scorerExpression(*cs.back(), rng));
        }
        auto b = makeScorerBatch(cs, es, tokenizer, net->options().text.maxLength);
        TextFeatures text;
        {
            torch::NoGradGuard noGrad;
            text = net->encodeText(b.tokens.ids.to(options.device), b.tokens.attention.to(options.device));
        }
        // Cosine decay to 5 %.
        const double lr = options.learningRate *
                          (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * double(step - 1) / double(options.steps))));
        for (auto& g : opt.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
        auto logits = scorer->forward(text, b.features.to(options.device));
        const auto valid = b.valid.to(options.device);
        auto loss = (torch::binary_cross_entropy_with_logits(logits, b.targets.to(options.device), {}, {},
                                                             at::Reduction::None) *
                     valid)
                        .sum() /
                    valid.sum().clamp_min(1);
        opt.zero_grad();
        loss.backward();
        opt.step();
        lossSum += loss.item<double>();
        ++lossCount;
        const bool validate = !validation.empty() && (step == options.steps ||
                                                      (options.validateEvery > 0 && step % options.validateEvery == 0));
        if ((options.logEvery > 0 && step % options.logEvery == 0) || validate || step == options.steps) {
            ScorerLogEntry e;
            e.step = step;
            e.loss = lossSum / std::max(1, lossCount);
            e.learningRate = lr;
            e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            lossSum = 0, lossCount = 0;
            if (validate) {
                e.validation = validateScorer(net, tokenizer, validation, options.validationExpressions,
                                              options.seed + 7, options.device);
                // The same measure on (up to 24 of) the training cases: over- or under-fitting.
                const std::vector<ScorerCase> some(train.begin(), train.begin() + std::min<std::size_t>(24, train.size()));
                e.trainSetAccuracy = validateScorer(net, tokenizer, some, options.validationExpressions,
                                                    options.seed + 11, options.device).setAccuracy;
                remember(step, *e.validation);
            }
            result.log.push_back(e);
            if (onLog) onLog(e);
        }
    }
    if (validation.empty()) {
        result.bestStep = options.steps;
    } else if (!best.empty()) {
        torch::NoGradGuard noGrad;
        auto params = scorer->named_parameters();
        for (const auto& [name, value] : best) params[name].copy_(value);
    }
    scorer->eval();
    return result;
}

LsmsNet addScorer(const LsmsNet& net) {
    auto options = net->options();
    if (!options.useLanguage) throw InputError("the text-blind baseline cannot have a referring scorer");
    options.scorer.enabled = true;
    LsmsNet out(options);
    torch::NoGradGuard noGrad;
    auto params = out->named_parameters(), buffers = out->named_buffers();
    // Everything but an existing scorer, which was fitted to other components.
    auto isScorer = [](const std::string& key) { return key.rfind("scorer.", 0) == 0; };
    for (const auto& p : net->named_parameters())
        if (!isScorer(p.key())) params[p.key()].copy_(p.value());
    for (const auto& b : net->named_buffers())
        if (!isScorer(b.key())) buffers[b.key()].copy_(b.value());
    out->to(net->parameters()[0].device());
    return out;
}

LsmsNet removeScorer(const LsmsNet& net) {
    auto options = net->options();
    options.scorer.enabled = false;
    LsmsNet out(options);
    torch::NoGradGuard noGrad;
    auto from = net->named_parameters(), fromBuffers = net->named_buffers();
    for (auto& p : out->named_parameters()) p.value().copy_(from[p.key()]);
    for (auto& b : out->named_buffers()) b.value().copy_(fromBuffers[b.key()]);
    out->to(net->parameters()[0].device());
    return out;
}

ScorerCase collectComponents(LsmsModel& model, const PhantomCase& c, const std::string& prompt,
                             const SegmentOptions& segment) {
    return torchBoundary("collecting the network's components", [&] { return collectComponentsUnguarded(model, c, prompt, segment); });
}

ScorerValidation validateScorer(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<ScorerCase>& cases,
                                int expressionsPerCase, std::uint64_t seed, const torch::Device& device) {
    return torchBoundary("validating the referring scorer", [&] { return validateScorerUnguarded(net, tokenizer, cases, expressionsPerCase, seed, device); });
}

ScorerTrainResult trainScorer(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<ScorerCase>& train,
                              const std::vector<ScorerCase>& validation, const ScorerTrainOptions& options,
                              const std::function<void(const ScorerLogEntry&)>& onLog) {
    return torchBoundary("training the referring scorer", [&] { return trainScorerUnguarded(net, tokenizer, train, validation, options, onLog); });
}

}  // namespace lsms::models
