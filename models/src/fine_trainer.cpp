#include "lsms/models/nn/fine_trainer.h"
#include "torch_boundary.h"

#include "lsms/core/error.h"
#include "splitmix.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/losses.h"
#include "lsms/models/nn/text_encoder.h"
#include "lsms/models/resampled_window.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace lsms::models {

namespace fs = std::filesystem;

namespace {

double learningRate(const FineTrainOptions& o, int step) {
    const int warmup = std::max(1, o.warmupSteps);
    if (step <= warmup) return o.learningRate * double(step) / warmup;
    const double progress = std::min(1.0, double(step - warmup) / std::max(1, o.steps - warmup));
    return o.learningRate * (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * progress)));
}

struct State {
    int step = 0, bestStep = 0;
    double bestScore = -1;
};

State readState(const fs::path& file) {
    std::ifstream in(file);
    State s;
    std::string key;
    while (in >> key) {
        if (key == "step") in >> s.step;
        else if (key == "best_step") in >> s.bestStep;
        else if (key == "best_score") in >> s.bestScore;
        else throw ModelError("training state " + file.string() + ": unknown entry '" + key + "'");
    }
    if (s.step < 1) throw ModelError("training state " + file.string() + " names no step");
    return s;
}

void writeAtomically(const fs::path& file, const std::string& text) {
    const fs::path tmp = file.string() + ".partial";
    {
        std::ofstream out(tmp);
        out << text;
        if (!out) throw IoError("cannot write " + tmp.string());
    }
    fs::rename(tmp, file);
}

fs::path netFile(const fs::path& dir, int step) { return dir / ("step-" + std::to_string(step) + ".pt"); }
fs::path optimiserFile(const fs::path& dir, int step) { return dir / ("step-" + std::to_string(step) + "-optimiser.pt"); }

// The phantoms of the pool at a step, rendered when they change.
class PhantomPool {
public:
    PhantomPool(const FineTrainOptions& o) : o_(o) {}
    const LesionCropSampler& at(int step) {
        const int group = (step - 1) / std::max(1, o_.stepsPerGroup);
        if (sampler_ && group == group_) return *sampler_;
        const int first = std::max(0, group - o_.groupsInPool + 1);
        std::map<int, std::vector<PhantomCase>> kept;
        for (int g = first; g <= group; ++g) {
            if (auto it = groups_.find(g); it != groups_.end()) kept[g] = std::move(it->second);
            else
                for (int n = 0; n < o_.phantomsPerGroup; ++n) {
                    auto po = fineTrainingGrid(o_.firstSeed + std::uint64_t(g) * std::uint64_t(o_.phantomsPerGroup) + std::uint64_t(n), o_);
                    kept[g].push_back(renderCase(po));
                }
        }
        groups_ = std::move(kept);
        std::vector<PhantomCase> all;
        for (const auto& [g, cases] : groups_) all.insert(all.end(), cases.begin(), cases.end());
        sampler_.emplace(std::move(all), o_.crops);
        group_ = group;
        return *sampler_;
    }

private:
    const FineTrainOptions& o_;
    std::map<int, std::vector<PhantomCase>> groups_;
    std::optional<LesionCropSampler> sampler_;
    int group_ = -1;
};

struct CropBatch {
    torch::Tensor images, targets, weights;
    TokenBatch tokens;
};

CropBatch makeCropBatch(const LesionCropSampler& sampler, const FineTrainOptions& o, int step,
                        const WordPieceTokenizer& tokenizer, int maxLength) {
    std::mt19937_64 rng(splitmix(o.seed ^ splitmix(std::uint64_t(step))));
    const int S = o.crops.size, B = o.batch;
    const auto n = std::int64_t(S) * S;
    CropBatch b;
    b.images = torch::empty({B, 3, S, S});
    b.targets = torch::empty({B, 1, S, S});
    b.weights = torch::empty({B, 1, S, S});
    std::vector<std::string> texts;
    for (int r = 0; r < B; ++r) {
        const auto c = sampler.sample(rng);
        std::memcpy(b.images[r].data_ptr<float>(), c.image.data(), sizeof(float) * std::size_t(3 * n));
        std::memcpy(b.targets[r].data_ptr<float>(), c.target.data(), sizeof(float) * std::size_t(n));
        std::memcpy(b.weights[r].data_ptr<float>(), c.weight.data(), sizeof(float) * std::size_t(n));
        texts.push_back(c.text);
    }
    b.tokens = tokenizeBatch(tokenizer, texts, maxLength);
    return b;
}

void trainFineUnguarded(const fs::path& dir, const LsmsOptions& network, const WordPieceTokenizer& tokenizer,
                        FineTrainOptions o, const std::function<bool(const FineLogEntry&)>& onLog) {
    if (o.steps < 1 || o.batch < 1) throw InputError("fine training needs at least one step of one crop");
    if (o.phantomsPerGroup < 1 || o.groupsInPool < 1 || o.stepsPerGroup < 1 || o.checkpointEvery < 1)
        throw InputError("fine training: phantom pool and checkpoint intervals must be positive");
    fs::create_directories(dir);
    const fs::path stateFile = dir / "state.txt";
    State state;
    LsmsNet net{nullptr};
    if (fs::exists(stateFile)) {
        state = readState(stateFile);
        net = loadCheckpoint(netFile(dir, state.step), torch::kCPU);
    } else {
        torch::manual_seed(o.seed);
        net = LsmsNet(network);
    }
    const auto& no = net->options();
    o.crops.spacingMm = no.inputSpacingMm;
    o.crops.contextMm = no.contextSpacingMm;
    o.crops.window = SliceWindow{no.windowLowHu, no.windowHighHu};
    if (o.crops.size % 32 != 0) throw InputError("crop size must be a multiple of 32");
    net->to(o.device);
    net->train();
    const auto params = net->parameters();
    torch::optim::AdamW optimiser(params, torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
    if (state.step > 0) torch::load(optimiser, optimiserFile(dir, state.step).string());

    std::vector<PhantomCase> validation;
    for (auto seed : o.validationSeeds) validation.push_back(renderCase(fineTrainingGrid(seed, o)));
    PhantomPool pool(o);
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    double sums[3] = {0, 0, 0};
    int counted = 0;
    bool stop = false;
    for (int step = state.step + 1; step <= o.steps; ++step) {
        const auto& sampler = pool.at(step);
        const auto b = makeCropBatch(sampler, o, step, tokenizer, no.text.maxLength);
        // Dropout's stream follows the step, so a resumed run draws the same.
        torch::manual_seed(splitmix(o.seed + std::uint64_t(step)));
        const double lr = learningRate(o, step);
        for (auto& g : optimiser.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
        auto out = net->forward(b.images.to(o.device), b.tokens.ids.to(o.device), b.tokens.attention.to(o.device));
        auto loss = fineLoss(out.logits, b.targets.to(o.device), b.weights.to(o.device));
        optimiser.zero_grad();
        loss.total.backward();
        torch::nn::utils::clip_grad_norm_(params, 5.0);
        optimiser.step();
        sums[0] += loss.total.item<double>();
        sums[1] += loss.dice.item<double>();
        sums[2] += loss.bce.item<double>();
        ++counted;

        FineLogEntry e;
        e.step = step;
        const bool validate = o.validateEvery > 0 && !validation.empty() && (step % o.validateEvery == 0 || step == o.steps);
        if (validate) {
            e.validation = validateFine(net, tokenizer, validation, o);
            net->train();
            if (e.validation->score > state.bestScore) {
                state.bestScore = e.validation->score;
                state.bestStep = step;
                saveCheckpoint(net, dir / "best.pt");
                e.best = true;
            }
        }
        if (step % o.checkpointEvery == 0 || step == o.steps || validate || stop) {
            saveCheckpoint(net, netFile(dir, step));
            const fs::path opt = optimiserFile(dir, step);
            torch::save(optimiser, opt.string() + ".partial");
            fs::rename(opt.string() + ".partial", opt);
            const int previous = state.step;
            state.step = step;
            std::ostringstream os;
            os.precision(17);
            os << "step " << state.step << "\nbest_step " << state.bestStep << "\nbest_score " << state.bestScore << "\n";
            writeAtomically(stateFile, os.str());
            // The state names the new files now; the old ones can go.
            if (previous > 0 && previous != step) {
                std::error_code ec;
                fs::remove(netFile(dir, previous), ec);
                fs::remove(optimiserFile(dir, previous), ec);
            }
            e.checkpointed = true;
        }
        if (step % std::max(1, o.logEvery) == 0 || validate || e.checkpointed || step == state.step + 1) {
            e.loss = sums[0] / counted;
            e.dice = sums[1] / counted;
            e.bce = sums[2] / counted;
            e.learningRate = lr;
            e.seconds = seconds();
            sums[0] = sums[1] = sums[2] = 0;
            counted = 0;
            if (onLog && !onLog(e)) stop = true;
        }
        if (stop && e.checkpointed) break;
    }
}

}  // namespace

phantom::PhantomOptions fineTrainingGrid(std::uint64_t seed, const FineTrainOptions& options) {
    phantom::PhantomOptions p;
    p.seed = seed;
    p.version = options.phantomVersion;
    // The coarse pass reads 4 mm point samples of a fine CT (as inference
    // takes them from a clinical grid), so its phantoms are rendered fine too.
    p.pixelSpacingMm = options.crops.liverTarget ? 1.0 : options.crops.spacingMm;
    p.columns = p.rows = int(std::lround(360.0 / p.pixelSpacingMm));
    std::mt19937_64 rng(seed * 0xA24BAED4963EE407ull + 5);
    static const double kThickness[] = {2.0, 2.5, 3.0, 4.0, 5.0};
    p.sliceThicknessMm = kThickness[std::uniform_int_distribution<int>(0, 4)(rng)];
    p.slices = int(std::lround(260.0 / p.sliceThicknessMm));
    p.threads = 0;
    return p;
}

ProbabilityVolume finePass(LsmsNet& net, const WordPieceTokenizer& tokenizer, const CtVolume& ct, const long lo[3],
                           const long hi[3], const std::string& sentence, const torch::Device& device, int batch,
                           const std::function<bool(std::size_t, std::size_t)>& progress) {
    if (batch < 1) throw InputError("batch size must be at least 1");
    return torchBoundary("the fine pass", [&] {
        const auto& g = ct.geometry;
        const auto& no = net->options();
        const double pixel = no.inputSpacingMm;
        const double extent = std::max((hi[0] - lo[0] + 1) * g.spacing[0], (hi[1] - lo[1] + 1) * g.spacing[1]);
        const int S = std::max(64, int(std::ceil((extent / pixel + 16) / 32.0)) * 32);
        const double ci = 0.5 * double(lo[0] + hi[0]), cj = 0.5 * double(lo[1] + hi[1]);
        const SliceWindow window{no.windowLowHu, no.windowHighHu};
        const auto tokens = tokenizeBatch(tokenizer, {sentence}, no.text.maxLength);
        torch::NoGradGuard noGrad;
        const bool wasTraining = net->is_training();
        net->eval();
        const auto text = net->encodeText(tokens.ids.to(device), tokens.attention.to(device));
        ProbabilityVolume prob(g, 0);
        const auto n = std::int64_t(S) * S;
        for (long k0 = lo[2]; k0 <= hi[2]; k0 += batch) {
            const long k1 = std::min(hi[2], k0 + batch - 1);
            auto images = torch::empty({k1 - k0 + 1, 3, S, S});
            for (long k = k0; k <= k1; ++k)
                sampleWindow(ct, WindowPlacement{ci, cj, double(k), S, pixel, no.contextSpacingMm}, window,
                             images[k - k0].data_ptr<float>());
            auto p = torch::sigmoid(net->forward(images.to(device), text).logits).to(torch::kCPU).contiguous();
            for (long k = k0; k <= k1; ++k) {
                const float* map = p.data_ptr<float>() + (k - k0) * n;
                const WindowPlacement w{ci, cj, double(k), S, pixel, no.contextSpacingMm};
                mapWindowBack(map, w, lo, hi, prob);
            }
            if (progress && !progress(std::size_t(k1 - lo[2] + 1), std::size_t(hi[2] - lo[2] + 1))) {
                net->train(wasTraining);
                throw Cancelled();
            }
        }
        net->train(wasTraining);
        return prob;
    });
}

FineValidation validateFine(LsmsNet& net, const WordPieceTokenizer& tokenizer, const std::vector<PhantomCase>& cases,
                            const FineTrainOptions& o) {
    FineValidation v;
    if (o.crops.liverTarget) {
        // Dice of the liver over all validation volumes together.
        double both = 0, sum = 0;
        for (const auto& c : cases) {
            const auto& g = c.phantom.ct.geometry;
            const long lo[3] = {0, 0, 0}, hi[3] = {long(g.size[0]) - 1, long(g.size[1]) - 1, long(g.size[2]) - 1};
            const auto prob = finePass(net, tokenizer, c.phantom.ct, lo, hi, "liver", o.device);
            for (std::size_t n = 0; n < prob.data.size(); ++n) {
                const bool p = prob.data[n] >= 128, t = c.phantom.liver.data[n] != 0;
                both += p && t;
                sum += double(p) + double(t);
            }
        }
        v.liverDice = sum > 0 ? 2 * both / sum : 0;
        v.score = v.liverDice;
        return v;
    }
    DetectionAccumulator acc;
    std::vector<CaseDetection> detections;
    for (const auto& c : cases) {
        const auto& ph = c.phantom;
        const auto& g = ph.ct.geometry;
        long lo[3] = {long(g.size[0]), long(g.size[1]), long(g.size[2])}, hi[3] = {-1, -1, -1};
        for (std::size_t k = 0; k < g.size[2]; ++k)
            for (std::size_t j = 0; j < g.size[1]; ++j)
                for (std::size_t i = 0; i < g.size[0]; ++i)
                    if (ph.liver.at(i, j, k)) {
                        const long p[3] = {long(i), long(j), long(k)};
                        for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], p[a]), hi[a] = std::max(hi[a], p[a]);
                    }
        if (hi[0] < 0) continue;
        const auto prob = finePass(net, tokenizer, ph.ct, lo, hi, "all lesions", o.device);
        detections.push_back(findLesions(labelComponents(prob, 0.5), ph.labels, 0.02));
        acc.add(detections.back());
    }
    v.detection = acc.result();
    std::vector<double> falseScores;
    for (const auto& d : detections) falseScores.insert(falseScores.end(), d.falseScores.begin(), d.falseScores.end());
    std::sort(falseScores.rbegin(), falseScores.rend());
    const auto allowed = std::size_t(std::floor(o.maxFalsePerVolume * double(detections.size())));
    v.cut = allowed < falseScores.size() ? falseScores[allowed] : 0.0;
    std::size_t kept = 0;
    for (double s : falseScores) kept += s > v.cut;
    v.falsePerVolume = detections.empty() ? 0 : double(kept) / double(detections.size());
    const std::size_t bins = o.crops.binEdgesMm.size() + 1;
    std::vector<int> found(bins, 0);
    v.lesionsByBin.assign(bins, 0);
    for (const auto& d : detections)
        for (const auto& l : d.lesions) {
            std::size_t b = 0;
            while (b < o.crops.binEdgesMm.size() && l.diameterMm >= o.crops.binEdgesMm[b]) ++b;
            ++v.lesionsByBin[b];
            found[b] += l.found() && l.score > v.cut;
        }
    int filled = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        v.recallByBin.push_back(v.lesionsByBin[b] ? double(found[b]) / v.lesionsByBin[b] : 0.0);
        if (v.lesionsByBin[b]) v.score += v.recallByBin.back(), ++filled;
    }
    if (filled) v.score /= filled;
    return v;
}

void trainFine(const fs::path& dir, const LsmsOptions& network, const WordPieceTokenizer& tokenizer,
               const FineTrainOptions& options, const std::function<bool(const FineLogEntry&)>& onLog) {
    torchBoundary("fine training", [&] {
        trainFineUnguarded(dir, network, tokenizer, options, onLog);
        return 0;
    });
}

LsmsOptions coarseNetworkOptions() {
    LsmsOptions o = defaultOptions();
    o.imageSize = 96;
    o.inputSpacingMm = 4.0;
    o.contextSpacingMm = 6.0;
    o.useLanguage = false;
    o.domain.trainedOn = TrainedOn::Phantoms;
    o.domain.sliceSpacingMm = {2.0, 5.0};
    o.propagate();
    return o;
}

LsmsOptions fineNetworkOptions(const WordPieceTokenizer& tokenizer, bool useLanguage) {
    LsmsOptions o = defaultOptions();
    o.imageSize = 128;
    o.inputSpacingMm = 1.0;
    o.contextSpacingMm = 3.0;
    o.halfResolution = true;
    o.useLanguage = useLanguage;
    std::set<std::int64_t> ids;
    for (auto id : lexiconVocabIds(tokenizer)) ids.insert(id);
    for (const auto& phrase : cropLexicon())
        for (const auto& t : tokenizer.tokenize(phrase)) ids.insert(tokenizer.id(t));
    o.text.vocabIds.assign(ids.begin(), ids.end());
    // Generation-2 phantoms on fineTrainingGrid: 1 mm pixels, 2-5 mm slices.
    // Their liver level and noise vary by phase and are not recorded here
    // yet, so they are not checked.
    o.domain.trainedOn = TrainedOn::Phantoms;
    o.domain.pixelSpacingMm = {0.6, 1.0};
    o.domain.sliceSpacingMm = {2.0, 5.0};
    o.propagate();
    return o;
}

}  // namespace lsms::models
