// lsms train --out DIR: trains LSMS (and optionally its text-blind baseline)
// on phantoms rendered in memory, or on annotated real data (--data, see
// docs/real-data.md); writes the checkpoint, its configuration and a
// JSON-lines training log.
#include "args.h"
#include "commands.h"
#include "phantom_seeds.h"

#include "lsms/core/error.h"
#include "lsms/models/json_writer.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/scorer_trainer.h"
#include "lsms/models/nn/trainer.h"
#include "lsms/models/paths.h"

#ifdef LSMS_WITH_IO
#include "lsms/workflow/input_domain.h"
#include "lsms/workflow/real_data.h"
#endif

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace lsms::cli {

namespace {

using namespace lsms::models;
namespace fs = std::filesystem;

std::string logLine(const TrainLogEntry& e) {
    json::Object o;
    o.add("step", e.step).add("of", e.plannedSteps).add("loss", e.loss).add("dice_loss", e.dice).add("bce_loss", e.bce);
    o.add("contrastive_loss", e.contrastive).add("selection_loss", e.selection).add("distractor_loss", e.distractor);
    o.add("lr", e.learningRate).add("seconds", e.seconds);
    if (e.validation) o.raw("validation", toJson(*e.validation));
    return o.str();
}

std::vector<std::uint64_t> seedRange(std::uint64_t first, int count) {
    std::vector<std::uint64_t> s;
    for (int i = 0; i < count; ++i) s.push_back(first + std::uint64_t(i));
    return s;
}

// --init: a checkpoint to continue (a second stage with its own schedule),
// which must be the same kind of network as this run trains.
LsmsNet continuedNetwork(const fs::path& init, const LsmsOptions& options) {
    LsmsNet net = loadCheckpoint(init, torch::kCPU);
    const auto& o = net->options();
    if (o.useLanguage != options.useLanguage || o.imageSize != options.imageSize)
        throw InputError("--init " + init.string() + " is a " + (o.useLanguage ? "language" : "text-blind") + " " +
                         std::to_string(o.imageSize) + " px network; this run trains a " +
                         (options.useLanguage ? "language" : "text-blind") + " " + std::to_string(options.imageSize) +
                         " px one");
    if (o.sentenceFilm != options.sentenceFilm)
        throw InputError("--init " + init.string() + (o.sentenceFilm ? " has" : " has no") +
                         " sentence FiLM; give --sentence-film exactly when the checkpoint has it");
    // Its referring scorer was fitted to this network's components; after
    // more network training it would be stale, so it is left out.
    if (net->scorer()) {
        std::cout << "--init " << init.string() << " has a referring scorer; it is left out of this run's network "
                  << "(train a new one afterwards with lsms train --stage scorer --init <new lsms.pt>)\n";
        net = removeScorer(net);
    }
    return net;
}

// The same weights under options that record another training domain (the
// network's options are fixed when it is built).
LsmsNet withDomain(const LsmsNet& net, const TrainingDomain& domain) {
    auto options = net->options();
    options.domain = domain;
    LsmsNet out(options);
    torch::NoGradGuard noGrad;
    auto from = net->named_parameters(), fromBuffers = net->named_buffers();
    for (auto& p : out->named_parameters()) p.value().copy_(from[p.key()]);
    for (auto& b : out->named_buffers()) b.value().copy_(fromBuffers[b.key()]);
    return out;
}

// Whole lines only: LSMS and the baseline may train side by side.
void say(const std::string& line) {
    static std::mutex m;
    std::lock_guard lock(m);
    std::cout << line << std::flush;
}

struct Run {
    std::string name;
    LsmsNet net;
};

// Built on the calling thread, one after the other, so each network's
// initial weights follow from the seed alone.
Run prepare(const std::string& name, const LsmsOptions& options, const TrainOptions& t,
            const std::optional<LsmsNet>& init) {
    torch::manual_seed(t.seed);
    Run r{name, init ? *init : LsmsNet(options)};
    std::ostringstream os;
    os << name << ": " << r.net->parameterCount() << " parameters, " << double(r.net->flopsPerSlice()) / 1e9
       << " GFLOPs per " << options.imageSize << "x" << options.imageSize << " slice\n";
    say(os.str());
    return r;
}

void trainOne(Run& run, const WordPieceTokenizer& tok, const PhantomSliceSampler& data,
              const std::vector<SliceSample>& validation, const TrainOptions& t, const fs::path& dir,
              const std::string& header) {
    const auto& name = run.name;
    std::ofstream log(dir / (name + ".train-log.jsonl"));
    if (!log) throw IoError("cannot write " + (dir / (name + ".train-log.jsonl")).string());
    log << header << "\n";
    auto result = train(run.net, tok, data, validation, t, [&](const TrainLogEntry& e) {
        log << logLine(e) << "\n" << std::flush;
        std::ostringstream os;
        os << "  " << name << " step " << e.step << "/" << e.plannedSteps << "  loss " << e.loss << " (dice " << e.dice
           << ", bce " << e.bce << ", nce " << e.contrastive << ", sel " << e.selection
           << ", distr " << e.distractor << ")";
        if (e.validation) os << "  val mIoU " << e.validation->mIoU << " oIoU " << e.validation->oIoU;
        os << "  " << int(e.seconds) << " s\n";
        say(os.str());
        return true;
    });
    json::Object end;
    end.add("saved_step", result.bestStep).add("steps_trained", result.steps);
    end.raw("validation", toJson(result.validation));
    if (result.startValidation) end.raw("start_validation", toJson(*result.startValidation));
    log << end.str() << "\n";
    saveCheckpoint(run.net, dir / (name + ".pt"));
    std::ofstream(dir / (name + ".config.txt")) << run.net->options().toText();
    std::ostringstream os;
    os << name << ": wrote " << (dir / (name + ".pt")).string() << " (weights of step " << result.bestStep << " of "
       << result.steps << (result.bestStep == 0 ? ": no step beat the starting weights" : "") << ", validation mIoU "
       << result.validation.mIoU << ", oIoU " << result.validation.oIoU << ")\n";
    say(os.str());
}

// On a GPU the two small networks share the device well: each thread keeps
// it busy while the other launches work. On the CPU they would only compete
// for the same cores, so there they train one after the other.
void trainAll(std::vector<Run>& runs, const WordPieceTokenizer& tok, const PhantomSliceSampler& data,
              const std::vector<SliceSample>& validation, const TrainOptions& t, const fs::path& dir,
              const std::string& header) {
    if (!t.device.is_cuda() || runs.size() < 2) {
        for (auto& r : runs) trainOne(r, tok, data, validation, t, dir, header);
        return;
    }
    std::vector<std::exception_ptr> errors(runs.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < runs.size(); ++i)
        threads.emplace_back([&, i] {
            try {
                trainOne(runs[i], tok, data, validation, t, dir, header);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    for (auto& th : threads) th.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace

int cmdTrain(const Argv& argvIn) {
    // --stage network (the default) trains the network; --stage scorer its
    // referring scorer on top of a trained one (cmd_train_scorer.cpp).
    Argv argv;
    std::string stage;
    for (std::size_t i = 0; i < argvIn.size(); ++i) {
        std::string value;
        if (argvIn[i].rfind("--stage=", 0) == 0) {
            value = argvIn[i].substr(8);
        } else if (argvIn[i] == "--stage") {
            if (i + 1 >= argvIn.size()) throw InputError("--stage needs a value (network or scorer)");
            value = argvIn[++i];
        } else {
            argv.push_back(argvIn[i]);
            continue;
        }
        if (!stage.empty()) throw InputError("--stage given twice");
        stage = value;
    }
    if (stage.empty()) stage = "network";
    if (stage == "scorer") return cmdTrainScorer(argv);
    if (stage != "network") throw InputError("unknown --stage '" + stage + "' (use network or scorer)");
    Args args(argv,
              {"out", "steps", "batch", "lr", "seed", "phantoms", "first-seed", "val-phantoms", "val-samples",
               "validate-every", "device", "vocab", "size", "data", "val-data", "init", "max-minutes", "data-workers",
               "val-first-seed", "distractor-weight"},
              {"tiny", "baseline", "with-baseline", "sentence-film", "contrast-pairs"});
    const std::string usage =
        "lsms train [--stage network] --out DIR [--steps N] [--batch N] [--lr X] [--seed N] [--phantoms N] [--first-seed N]\n"
        "           [--val-phantoms N] [--val-first-seed N] [--val-samples N] [--validate-every N]\n"
        "           [--device cpu|cuda|auto] [--max-minutes X] [--data-workers N]\n"
        "           [--distractor-weight X] [--contrast-pairs]\n"
        "           [--tiny] [--size PX] [--baseline | --with-baseline] [--sentence-film] [--vocab FILE]\n"
        "           [--init CHECKPOINT]\n"
        "           [--data DIR [--val-data DIR]]   (annotated real data, docs/real-data.md)\n"
        "lsms train --stage scorer [...]            (the referring scorer of a trained network; without --out it lists its options)";
    args.expectPositionals(0, 0, usage);
    if (!args.has("out")) throw InputError("missing --out DIR\nusage: " + usage);
    const fs::path dir = args.value("out");
    const fs::path init = args.value("init", "");
    if (!init.empty() && args.flag("with-baseline"))
        throw InputError("--init continues one network: train LSMS and the baseline in separate runs");

    TrainOptions t;
    t.steps = int(args.integer("steps", 2000));
    t.batch = int(args.integer("batch", 8));
    t.learningRate = args.number("lr", 2e-3);
    t.seed = std::uint64_t(args.integer("seed", 1));
    t.validateEvery = int(args.integer("validate-every", 250));
    t.device = selectDevice(args.value("device", "auto"));
    // --max-minutes bounds the whole command, phantom rendering included.
    const auto commandStart = std::chrono::steady_clock::now();
    const double maxSeconds = 60.0 * args.number("max-minutes", 0);
    // Batches are made ahead on other cores where the network runs on a GPU;
    // on the CPU those cores belong to the network.
    t.dataWorkers = int(args.integer("data-workers", t.device.is_cuda() ? 6 : 0));
    if (maxSeconds < 0 || t.dataWorkers < 0) throw InputError("--max-minutes and --data-workers cannot be negative");
    const int phantoms = int(args.integer("phantoms", 24));
    // Validation phantoms default to a range apart from --first-seed; fixed
    // with --val-first-seed, runs that continue one another validate on the
    // same phantoms and their numbers compare.
    const PhantomSeeds seeds = phantomSeeds(args, 1000);
    const auto firstSeed = seeds.first, valFirstSeed = seeds.valFirst;
    const int valPhantoms = int(args.integer("val-phantoms", 4));
    const int valSamples = int(args.integer("val-samples", 128));
    if (phantoms < 1 || valPhantoms < 0 || valSamples < 0) throw InputError("phantom counts must be positive");
    if (args.has("val-first-seed") && args.has("data"))
        throw InputError("--val-first-seed chooses validation phantoms; with --data, validation is --val-data");
    if (!args.has("data")) refuseOverlap(seeds, phantoms, valPhantoms);
    t.contrastPairs = args.flag("contrast-pairs");
    t.validateStart = !init.empty();
    t.loss.distractorWeight = args.number("distractor-weight", t.loss.distractorWeight);
    if (!std::isfinite(t.loss.distractorWeight) || t.loss.distractorWeight < 0)
        throw InputError("--distractor-weight cannot be negative (or not a number)");

    const auto tok = WordPieceTokenizer::fromFile(args.value("vocab", defaultVocabPath().string()));
    LsmsOptions options = args.flag("tiny") ? tinyOptions() : defaultOptions();
    if (args.has("size")) {
        options.imageSize = int(args.integer("size", 256));
        options.inputSpacingMm = 0;  // the training field over the new size (propagate)
    }
    options.sentenceFilm = args.flag("sentence-film");
    options.text.vocabIds = lexiconVocabIds(tok);
    options.propagate();
    // Checked before minutes of phantom rendering, and before --out is made.
    std::optional<LsmsNet> initNet;
    if (!init.empty()) initNet = continuedNetwork(init, args.flag("baseline") ? textBlind(options) : options);
    fs::create_directories(dir);

    std::cout << "device: " << (t.device.is_cuda() ? "CUDA" : "CPU") << "\n";
    const SliceWindow window{options.windowLowHu, options.windowHighHu};
    const bool real = args.has("data");
    if (args.has("val-data") && !real) throw InputError("--val-data needs --data");
    std::vector<PhantomCase> cases;
    std::vector<SliceSample> validation;
    if (real) {
#ifdef LSMS_WITH_IO
        std::cout << "reading annotated cases from " << args.value("data") << " at " << options.imageSize << "x"
                  << options.imageSize << "\n";
        cases = workflow::readRealData(args.value("data"), options.imageSize, options.contextSpacingMm);
        options.domain = workflow::measuredDomain(cases, options);
        // Real validation data is the caller's held-out folder; phantoms would
        // measure something else.
        if (args.has("val-data") && valSamples > 0) {
            auto valCases = workflow::readRealData(args.value("val-data"), options.imageSize, options.contextSpacingMm);
            validation = drawSamples(PhantomSliceSampler(std::move(valCases), options.imageSize, window), valSamples,
                                     t.seed + 7);
        }
#else
        throw InputError("--data needs NIfTI/DICOM reading, which this models-only build lacks");
#endif
    } else {
        std::cout << "rendering " << phantoms << " training phantoms (seeds " << firstSeed << "..) at "
                  << options.imageSize << "x" << options.imageSize << "\n";
        cases = renderCases(seedRange(firstSeed, phantoms), options.imageSize);
        options.domain = phantomTrainingDomain(options.inputSpacingMm);
        // Validation phantoms come from a seed range training never uses.
        if (valPhantoms > 0 && valSamples > 0) {
            auto valCases = renderCases(seedRange(valFirstSeed, valPhantoms), options.imageSize);
            validation = drawSamples(PhantomSliceSampler(std::move(valCases), options.imageSize, window), valSamples,
                                     t.seed + 7);
        }
    }
    if (maxSeconds > 0) {
        const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - commandStart).count();
        if (maxSeconds - spent < 10)
            throw InputError("--max-minutes leaves no time to train once the data is ready (" +
                             std::to_string(int(spent)) + " s spent reading or rendering it)");
        t.timeBudgetSeconds = maxSeconds - spent;
    }
    // The model file records what this run and any it continues trained on.
    if (initNet) *initNet = withDomain(*initNet, combine((*initNet)->options().domain, options.domain));
    const std::size_t caseCount = cases.size();
    PhantomSliceSampler data(std::move(cases), options.imageSize, window);

    json::Object h;
    h.add("seed", static_cast<unsigned long long>(t.seed)).add("steps", t.steps).add("batch", t.batch);
    h.add("lr", t.learningRate).add("contrast_pairs", t.contrastPairs).add("distractor_weight", t.loss.distractorWeight);
    if (real) {
        h.add("train_data", args.value("data")).add("train_cases", int(caseCount));
        if (args.has("val-data")) h.add("validation_data", args.value("val-data"));
    } else {
        h.add("train_phantom_seeds",
              std::to_string(firstSeed) + ".." + std::to_string(firstSeed + std::uint64_t(phantoms) - 1));
        h.add("validation_phantom_seeds", std::to_string(valFirstSeed) + ".." +
                                              std::to_string(valFirstSeed + std::uint64_t(valPhantoms) - 1));
    }
    h.add("validation_samples", int(validation.size())).add("device", t.device.is_cuda() ? "cuda" : "cpu");
    if (maxSeconds > 0) h.add("max_minutes", maxSeconds / 60);
    if (!init.empty()) h.add("init", init.string());
    std::string command = "lsms train";
    for (const auto& a : argv) command += " " + a;
    h.add("command", command);
    const std::string header = h.str();
    std::vector<Run> runs;
    if (!args.flag("baseline")) runs.push_back(prepare("lsms", options, t, initNet));
    if (args.flag("baseline") || args.flag("with-baseline"))
        runs.push_back(prepare("baseline", textBlind(options), t, initNet));
    trainAll(runs, tok, data, validation, t, dir, header);
    return 0;
}

}  // namespace lsms::cli
