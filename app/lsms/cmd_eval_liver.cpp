// lsms eval-liver --model FILE: the coarse pass's liver Dice on held-out
// phantoms, each on its own evaluation grid (never the training grid).
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/models/held_out_sets.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/fine_trainer.h"
#include "lsms/models/paths.h"

#include <cstdio>
#include <iostream>

namespace lsms::cli {

int cmdEvalLiver(const Argv& argv) {
    Args args(argv, {"model", "set", "first-seed", "cases", "device", "vocab"}, {});
    args.expectPositionals(0, 0,
                           "lsms eval-liver --model FILE [--set dev | --first-seed N] [--cases N] [--device cpu|cuda|auto]\n"
                           "  liver Dice of a coarse pass (lsms train-fine --liver) on generation-2 phantoms, each on the\n"
                           "  evaluation grid drawn from its seed (300-500 mm fields, 2-5 mm slices)");
    if (!args.has("model")) throw InputError("missing --model FILE");
    const std::string set = args.value("set", "");
    if (!set.empty() && set != "dev") throw InputError("--set must be dev: the sealed set reports a chosen model through lsms eval");
    if (!set.empty() && args.has("first-seed")) throw InputError("--set chooses the phantoms itself: no --first-seed with it");
    const auto first = set == "dev" ? models::kDevelopmentSet.first : std::uint64_t(args.integer("first-seed", 900000));
    const int cases = int(args.integer("cases", set == "dev" ? models::kDevelopmentSet.count : 8));
    if (cases < 1) throw InputError("--cases must be at least 1");
    if (models::kSealedSet.overlaps(first, std::uint64_t(cases)))
        throw InputError("these seeds reach the sealed test set, which is only for reporting a chosen model");
    const auto device = models::selectDevice(args.value("device", "auto"));
    auto net = models::loadCheckpoint(args.value("model"), device);
    if (net->options().useLanguage) throw InputError(args.value("model") + " reads words: it is not a coarse (liver) pass");
    const auto tok = models::WordPieceTokenizer::fromFile(args.value("vocab", models::defaultVocabPath().string()));
    models::FineTrainOptions o;
    o.crops.liverTarget = true;
    o.device = device;
    double sum = 0, worst = 1;
    for (int c = 0; c < cases; ++c) {
        const auto seed = first + std::uint64_t(c);
        const auto pc = models::renderCase(models::evaluationGrid(seed, 2));
        const double dice = models::validateFine(net, tok, {pc}, o).liverDice;
        const auto& g = pc.phantom.ct.geometry;
        std::printf("  seed %llu: %zux%zux%zu, %.3f mm pixels, %.1f mm slices: liver Dice %.4f\n", (unsigned long long)seed,
                    g.size[0], g.size[1], g.size[2], g.spacing[0], g.spacing[2], dice);
        sum += dice;
        worst = std::min(worst, dice);
    }
    std::printf("liver Dice over %d phantoms (generation 2, seeds %llu-%llu; synthetic CT): mean %.4f, lowest %.4f\n", cases,
                (unsigned long long)first, (unsigned long long)(first + std::uint64_t(cases) - 1), sum / cases, worst);
    return 0;
}

}  // namespace lsms::cli
