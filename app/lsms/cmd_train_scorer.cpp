// lsms train --stage scorer --init MODEL --out DIR: trains the referring
// scorer of a trained LSMS network on the components the network finds in
// phantoms (or annotated real data), the rest of the network frozen; writes
// the whole network with its scorer, its configuration and a JSON-lines log.
#include "args.h"
#include "commands.h"
#include "phantom_seeds.h"

#include "lsms/core/error.h"
#include "lsms/models/json_writer.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/scorer_trainer.h"
#include "lsms/models/paths.h"

#ifdef LSMS_WITH_IO
#include "lsms/workflow/real_data.h"
#endif

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace lsms::cli {

namespace {

using namespace lsms::models;
namespace fs = std::filesystem;

std::string logLine(const ScorerLogEntry& e) {
    json::Object o;
    o.add("step", e.step).add("loss", e.loss).add("lr", e.learningRate).add("seconds", e.seconds);
    if (e.validation) {
        json::Object v;
        v.add("set_accuracy", e.validation->setAccuracy)
            .add("component_accuracy", e.validation->componentAccuracy)
            .add("expressions", e.validation->expressions)
            .add("train_set_accuracy", e.trainSetAccuracy);
        o.raw("validation", v.str());
    }
    return o.str();
}

// The network's components on each case, answering one generated (or
// written) expression per case, as at inference.
std::vector<ScorerCase> collect(LsmsModel& model, const std::vector<PhantomCase>& cases, std::uint64_t seed) {
    std::vector<ScorerCase> out;
    for (const auto& c : cases) {
        ScorerCase truth;
        truth.lesions = c.phantom.lesions;
        truth.fixedExpressions = c.fixedExpressions;
        std::mt19937_64 rng(seed * 1000003ull + c.phantom.seed);
        out.push_back(collectComponents(model, c, scorerExpression(truth, rng).text));
    }
    return out;
}

std::vector<ScorerCase> collectPhantoms(LsmsModel& model, std::uint64_t first, int count, std::uint64_t seed,
                                        const std::string& what) {
    std::vector<ScorerCase> out;
    const int chunk = 8;  // rendered a few at a time: 300 phantoms would need gigabytes at once
    for (int i = 0; i < count; i += chunk) {
        std::vector<std::uint64_t> seeds;
        for (int k = i; k < std::min(count, i + chunk); ++k) seeds.push_back(first + std::uint64_t(k));
        auto part = collect(model, renderCases(seeds, model.net->options().imageSize), seed);
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
        std::cout << "  " << what << ": " << out.size() << "/" << count << " phantoms\n" << std::flush;
    }
    return out;
}

std::size_t componentCount(const std::vector<ScorerCase>& cases) {
    std::size_t n = 0;
    for (const auto& c : cases) n += c.features.size();
    return n;
}

// For reading what the scorer is given: one row per component, with the
// truth of the lesion it covers (phantoms).
void writeComponentsCsv(const fs::path& file, const std::vector<ScorerCase>& train,
                        const std::vector<ScorerCase>& validation) {
    std::ofstream out(file);
    if (!out) throw IoError("cannot write " + file.string());
    out << "set,seed,lesion,kind,lobe,segment";
    for (const auto& n : componentFeatureNames()) out << "," << n;
    out << "\n";
    for (const auto* set : {&train, &validation})
        for (const auto& c : *set)
            for (std::size_t n = 0; n < c.features.size(); ++n) {
                out << (set == &train ? "train" : "validation") << "," << c.seed << "," << c.lesionOf[n];
                const phantom::LesionTruth* truth = nullptr;
                for (const auto& l : c.lesions)
                    if (l.id == c.lesionOf[n]) truth = &l;
                if (truth)
                    out << "," << phantom::toString(truth->kind) << "," << phantom::toString(truth->lobe) << ","
                        << truth->couinaud;
                else
                    out << ",,,";
                for (float f : c.features[n]) out << "," << f;
                out << "\n";
            }
    if (!out) throw IoError("cannot write " + file.string());
}

}  // namespace

int cmdTrainScorer(const Argv& argv) {
    Args args(argv,
              {"out", "init", "steps", "batch", "lr", "seed", "phantoms", "first-seed", "val-phantoms",
               "val-first-seed", "validate-every", "device", "vocab", "data", "val-data", "components-csv"},
              {});
    const std::string usage =
        "lsms train --stage scorer --out DIR [--init CHECKPOINT] [--steps N] [--batch N] [--lr X] [--seed N]\n"
        "           [--phantoms N] [--first-seed N] [--val-phantoms N] [--val-first-seed N]\n"
        "           [--validate-every N] [--device cpu|cuda|auto] [--vocab FILE] [--components-csv FILE]\n"
        "           [--data DIR [--val-data DIR]]   (annotated real data, docs/real-data.md)";
    args.expectPositionals(0, 0, usage);
    if (!args.has("out")) throw InputError("missing --out DIR\nusage: " + usage);
    const fs::path dir = args.value("out");
    const fs::path init = args.value("init", defaultModelPath().string());
    ScorerTrainOptions t;
    t.steps = int(args.integer("steps", 3000));
    t.batch = int(args.integer("batch", 64));
    t.learningRate = args.number("lr", 2e-3);
    const long long seedArg = args.integer("seed", 1);
    t.validateEvery = int(args.integer("validate-every", 250));
    if (t.steps < 1 || t.batch < 1) throw InputError("--steps and --batch must be at least 1");
    if (!(t.learningRate > 0) || !std::isfinite(t.learningRate)) throw InputError("--lr must be a positive number");
    if (seedArg < 0 || t.validateEvery < 0) throw InputError("--seed and --validate-every cannot be negative");
    t.seed = std::uint64_t(seedArg);
    const int phantoms = int(args.integer("phantoms", 200));
    const PhantomSeeds seeds = phantomSeeds(args, 30000);
    const int valPhantoms = int(args.integer("val-phantoms", 20));
    if (phantoms < 1 || valPhantoms < 0) throw InputError("phantom counts must be positive");
    const auto firstSeed = seeds.first, valFirstSeed = seeds.valFirst;
    const bool real = args.has("data");
    if (args.has("val-data") && !real) throw InputError("--val-data needs --data");
    if (real && (args.has("val-first-seed") || args.has("phantoms") || args.has("first-seed") ||
                 args.has("val-phantoms")))
        throw InputError("with --data, training and validation cases come from --data and --val-data, not phantoms");
    if (!real) refuseOverlap(seeds, phantoms, valPhantoms);

    LsmsModel model = loadModel(init, args.value("device", "auto"), args.value("vocab", defaultVocabPath().string()));
    if (!model.net->options().useLanguage)
        throw InputError("--init " + init.string() + " is the text-blind baseline, which cannot read a sentence");
    t.device = model.device;
    fs::create_directories(dir);
    std::cout << "device: " << (model.device.is_cuda() ? "CUDA" : "CPU") << "\n";

    std::vector<ScorerCase> train, validation;
    const auto size = model.net->options().imageSize;
    if (real) {
#ifdef LSMS_WITH_IO
        const double spacing = model.net->options().contextSpacingMm;
        train = collect(model, workflow::readRealData(args.value("data"), 0, spacing), t.seed);
        if (args.has("val-data")) validation = collect(model, workflow::readRealData(args.value("val-data"), 0, spacing), t.seed);
#else
        throw InputError("--data needs NIfTI/DICOM reading, which this models-only build lacks");
#endif
    } else {
        std::cout << "the network's components on " << phantoms << " training phantoms (seeds " << firstSeed
                  << "..) and " << valPhantoms << " validation phantoms (seeds " << valFirstSeed << "..) at " << size
                  << "x" << size << "\n";
        train = collectPhantoms(model, firstSeed, phantoms, t.seed, "training");
        if (valPhantoms > 0) validation = collectPhantoms(model, valFirstSeed, valPhantoms, t.seed, "validation");
    }
    std::cout << componentCount(train) << " training components, " << componentCount(validation)
              << " validation components\n";

    if (args.has("components-csv")) writeComponentsCsv(args.value("components-csv"), train, validation);

    LsmsNet net = addScorer(model.net);
    json::Object h;
    h.add("stage", "scorer").add("seed", static_cast<unsigned long long>(t.seed)).add("steps", t.steps);
    h.add("batch", t.batch).add("lr", t.learningRate).add("init", init.string());
    if (real) {
        h.add("train_data", args.value("data"));
        if (args.has("val-data")) h.add("validation_data", args.value("val-data"));
    } else {
        h.add("train_phantom_seeds",
              std::to_string(firstSeed) + ".." + std::to_string(firstSeed + std::uint64_t(phantoms) - 1));
        if (valPhantoms > 0)
            h.add("validation_phantom_seeds", std::to_string(valFirstSeed) + ".." +
                                                  std::to_string(valFirstSeed + std::uint64_t(valPhantoms) - 1));
    }
    h.add("train_components", int(componentCount(train))).add("validation_components", int(componentCount(validation)));
    h.add("device", model.device.is_cuda() ? "cuda" : "cpu");
    std::string command = "lsms train --stage scorer";
    for (const auto& a : argv) command += " " + a;
    h.add("command", command);
    std::ofstream log(dir / "lsms.train-log.jsonl");
    if (!log) throw IoError("cannot write " + (dir / "lsms.train-log.jsonl").string());
    log << h.str() << "\n";
    const auto result = trainScorer(net, *model.tokenizer, train, validation, t, [&](const ScorerLogEntry& e) {
        log << logLine(e) << "\n" << std::flush;
        std::cout << "  scorer step " << e.step << "/" << t.steps << "  loss " << e.loss;
        if (e.validation)
            std::cout << "  val set accuracy " << e.validation->setAccuracy << " component accuracy "
                      << e.validation->componentAccuracy << " (training cases: " << e.trainSetAccuracy << ")";
        std::cout << "  " << int(e.seconds) << " s\n" << std::flush;
    });
    json::Object end;
    end.add("saved_step", result.bestStep).add("steps_trained", t.steps);
    if (!validation.empty())
        end.add("validation_set_accuracy", result.validation.setAccuracy)
            .add("validation_component_accuracy", result.validation.componentAccuracy);
    log << end.str() << "\n";
    saveCheckpoint(net, dir / "lsms.pt");
    std::ofstream(dir / "lsms.config.txt") << net->options().toText();
    std::cout << "wrote " << (dir / "lsms.pt").string() << " (scorer weights of step " << result.bestStep;
    if (!validation.empty()) std::cout << ", validation set accuracy " << result.validation.setAccuracy;
    std::cout << ")\n";
    return 0;
}

}  // namespace lsms::cli
