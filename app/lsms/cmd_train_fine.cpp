// lsms train-fine --out DIR: trains the fine pass (LSMS on ~1 mm lesion
// crops, decoder to 1/2) on generation-2 phantoms; resumes by itself when DIR
// holds a stopped run. Appends a JSON-lines log to DIR/train-log.jsonl.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/models/held_out_sets.h"
#include "lsms/models/json_writer.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/fine_trainer.h"
#include "lsms/models/paths.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace lsms::cli {

int cmdTrainFine(const Argv& argv) {
    Args args(argv, {"out", "steps", "batch", "seed", "lr", "first-seed", "val-first-seed", "val-phantoms", "validate-every",
                     "checkpoint-every", "max-minutes", "device", "vocab", "phantoms-per-group", "steps-per-group", "crop"},
              {"text-blind", "liver"});
    args.expectPositionals(0, 0,
                           "lsms train-fine --out DIR [--steps N] [--batch N] [--seed N] [--lr X] [--first-seed N]\n"
                           "                [--val-first-seed N] [--val-phantoms N] [--validate-every N] [--checkpoint-every N]\n"
                           "                [--phantoms-per-group N] [--steps-per-group N] [--crop PX] [--max-minutes M]\n"
                           "                [--text-blind] [--liver] [--device cpu|cuda|auto]\n"
                           "  --liver: the coarse pass instead (whole 4 mm slices, the liver as target, no words)\n"
                           "  resumes where DIR's run stopped (DIR/state.txt), with the same options");
    if (!args.has("out")) throw InputError("missing --out DIR");
    const std::filesystem::path dir = args.value("out");
    models::FineTrainOptions o;
    o.steps = int(args.integer("steps", o.steps));
    o.batch = int(args.integer("batch", o.batch));
    o.seed = std::uint64_t(args.integer("seed", 1));
    o.learningRate = args.number("lr", o.learningRate);
    o.firstSeed = std::uint64_t(args.integer("first-seed", 1200000));
    o.phantomsPerGroup = int(args.integer("phantoms-per-group", o.phantomsPerGroup));
    o.stepsPerGroup = int(args.integer("steps-per-group", o.stepsPerGroup));
    o.validateEvery = int(args.integer("validate-every", o.validateEvery));
    o.checkpointEvery = int(args.integer("checkpoint-every", o.checkpointEvery));
    o.crops.liverTarget = args.flag("liver");
    o.crops.size = int(args.integer("crop", o.crops.liverTarget ? 96 : o.crops.size));
    const int valPhantoms = int(args.integer("val-phantoms", 6));
    const auto valFirst = std::uint64_t(args.integer("val-first-seed", 1700000));
    if (o.steps < 1 || o.batch < 1 || valPhantoms < 0) throw InputError("--steps and --batch must be positive, --val-phantoms >= 0");
    // Enough groups for the whole run, then checked against the held-out sets.
    const auto groups = std::uint64_t(o.steps / std::max(1, o.stepsPerGroup) + 1);
    models::refuseHeldOutSeeds(o.firstSeed, groups * std::uint64_t(std::max(1, o.phantomsPerGroup)), "training phantoms (--first-seed)");
    models::refuseHeldOutSeeds(valFirst, std::uint64_t(valPhantoms), "validation phantoms (--val-first-seed)");
    if (valFirst < o.firstSeed + groups * std::uint64_t(o.phantomsPerGroup) && valFirst + std::uint64_t(valPhantoms) > o.firstSeed)
        throw InputError("validation phantoms overlap the training phantoms");
    for (int i = 0; i < valPhantoms; ++i) o.validationSeeds.push_back(valFirst + std::uint64_t(i));
    o.device = models::selectDevice(args.value("device", "auto"));
    const double maxMinutes = args.number("max-minutes", 0);
    const auto tok = models::WordPieceTokenizer::fromFile(args.value("vocab", models::defaultVocabPath().string()));
    if (o.crops.liverTarget && args.flag("text-blind")) throw InputError("--liver trains a network without words already");
    const auto network = o.crops.liverTarget ? models::coarseNetworkOptions() : models::fineNetworkOptions(tok, !args.flag("text-blind"));
    std::filesystem::create_directories(dir);
    if (std::filesystem::exists(dir / "state.txt")) std::cout << "resuming the run in " << dir.string() << "\n";
    std::ofstream log(dir / "train-log.jsonl", std::ios::app);
    if (!log) throw IoError("cannot write " + (dir / "train-log.jsonl").string());
    {
        models::json::Object h;
        h.add("command", "lsms train-fine");
        std::string line;
        for (const auto& a : argv) line += (line.empty() ? "" : " ") + a;
        h.add("args", line);
        log << h.str() << "\n" << std::flush;
    }
    const auto start = std::chrono::steady_clock::now();
    models::trainFine(dir, network, tok, o, [&](const models::FineLogEntry& e) {
        models::json::Object j;
        j.add("step", e.step).add("loss", e.loss).add("dice_loss", e.dice).add("bce_loss", e.bce).add("lr", e.learningRate);
        j.add("seconds", e.seconds).add("checkpoint", e.checkpointed);
        std::cout << "  step " << e.step << "/" << o.steps << "  loss " << e.loss << " (dice " << e.dice << ", bce " << e.bce
                  << ")  " << int(e.seconds) << " s";
        if (e.validation) {
            const auto& v = *e.validation;
            if (o.crops.liverTarget) std::cout << "  val: liver Dice " << v.liverDice << (e.best ? " (best)" : "");
            j.add("val_score", v.score).add("val_cut", v.cut).add("val_false_per_volume", v.falsePerVolume);
            j.raw("val_detection", models::toJson(v.detection));
            if (!o.crops.liverTarget) std::cout << "  val: recall by size at <= " << o.maxFalsePerVolume << " FP/vol:";
            for (std::size_t b = 0; !o.crops.liverTarget && b < v.recallByBin.size(); ++b)
                std::cout << " " << v.recallByBin[b] << " (" << v.lesionsByBin[b] << ")";
            if (!o.crops.liverTarget) std::cout << " score " << v.score << (e.best ? " (best)" : "");
            j.add("best", e.best);
        }
        std::cout << "\n" << std::flush;
        log << j.str() << "\n" << std::flush;
        const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
        return !(maxMinutes > 0 && minutes >= maxMinutes);
    });
    std::cout << "stopped; the run continues with the same command\n";
    return 0;
}

}  // namespace lsms::cli
