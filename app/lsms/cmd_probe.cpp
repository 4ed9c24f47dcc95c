// lsms probe: the classical blob detector (blob_probe.h) on held-out
// phantoms, inside each phantom's true liver, scored by the evaluation's
// detection pass: how visible the lesions are before any network.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/models/blob_probe.h"
#include "lsms/models/held_out_sets.h"
#include "lsms/models/phantom_slices.h"

#include <cstdio>
#include <iostream>

namespace lsms::cli {

int cmdProbe(const Argv& argv) {
    Args args(argv, {"set", "first-seed", "cases", "phantom-version", "detect", "floor"}, {"details", "dark-only"});
    args.expectPositionals(0, 0,
                           "lsms probe [--set dev | --first-seed N] [--cases N] [--phantom-version 1|2] [--detect Z]\n"
                           "           [--floor Z] [--dark-only] [--details]\n"
                           "  a multi-scale Laplacian-of-Gaussian blob detector inside each phantom's true liver (an oracle\n"
                           "  liver: no network), scored like `lsms eval`'s detection pass; Z: robust noise units");
    const std::string set = args.value("set", "");
    if (!set.empty() && set != "dev")
        throw InputError("--set must be dev: the sealed set is only for reporting a chosen model (lsms eval)");
    if (!set.empty() && args.has("first-seed")) throw InputError("--set chooses the phantoms itself: no --first-seed with it");
    const auto first = set == "dev" ? models::kDevelopmentSet.first : std::uint64_t(args.integer("first-seed", 900000));
    const int cases = int(args.integer("cases", set == "dev" ? models::kDevelopmentSet.count : 8));
    if (cases < 1) throw InputError("--cases must be at least 1");
    if (models::kSealedSet.overlaps(first, std::uint64_t(cases)))
        throw InputError("these seeds reach the sealed test set, which is only for reporting a chosen model");
    const int version = int(args.integer("phantom-version", set.empty() ? 1 : 2));
    if (version != 1 && version != 2) throw InputError("--phantom-version must be 1 or 2");
    if (!set.empty() && version != 2) throw InputError("the held-out sets are generation-2 phantoms");
    models::BlobProbeOptions o;
    o.detect = args.number("detect", o.detect);
    o.floor = args.number("floor", o.floor);
    o.bright = !args.flag("dark-only");
    if (!(o.floor >= 0 && o.detect > 0 && o.detect < o.saturation))
        throw InputError("need --floor >= 0 and 0 < --detect < " + std::to_string(o.saturation));

    models::DetectionAccumulator acc;
    for (int c = 0; c < cases; ++c) {
        const auto seed = first + std::uint64_t(c);
        const auto pc = models::renderCase(models::evaluationGrid(seed, version));
        const auto& ph = pc.phantom;
        const auto d = models::probeLesions(ph.ct, ph.liver, ph.labels, o);
        acc.add(d);
        std::cerr << "\r  " << (c + 1) << "/" << cases << " phantoms" << std::flush;
        if (!args.flag("details")) continue;
        std::cerr << "\n";
        for (const auto& f : d.lesions) {
            const auto& l = ph.lesions[std::size_t(f.id - 1)];
            std::fprintf(stderr, "  seed %llu lesion %d %-15s %5.1f mm %7.1f HU: %s (IoU %.2f, score %.2f)\n",
                         (unsigned long long)seed, f.id, phantom::toString(l.kind).c_str(), f.diameterMm, l.meanHu,
                         f.found() ? "found" : f.touched() ? "touched" : "missed", f.iou, f.score);
        }
        std::fprintf(stderr, "  seed %llu: %d pieces, %d touching no lesion\n", (unsigned long long)seed, d.components,
                     d.falseComponents);
    }
    std::cerr << "\n";
    const auto& r = acc.result();
    std::printf("blob probe (scale-normalised LoG, %zu scales %.1f-%.1f mm, detect %.1f, floor %.1f, %s) inside the true\n"
                "liver of %d phantoms (generation %d, seeds %llu-%llu; synthetic CT):\n",
                o.sigmasMm.size(), o.sigmasMm.front(), o.sigmasMm.back(), o.detect, o.floor,
                o.bright ? "dark and bright" : "dark only", cases, version, (unsigned long long)first,
                (unsigned long long)(first + std::uint64_t(cases) - 1));
    std::printf("  found %d/%d (touched %d)", r.found, r.lesions, r.touched);
    for (const auto& b : r.byDiameter) std::printf(", %s %d/%d (touched %d)", b.range.c_str(), b.found, b.lesions, b.touched);
    std::printf("\n  pieces %d, %d touching no lesion: %.2f false pieces per volume; FROC:", r.components, r.falseComponents,
                r.cases ? double(r.falseComponents) / r.cases : 0.0);
    for (const auto& p : r.froc) std::printf(" %.3g at %.1f FP/vol", p.sensitivity, p.falsePerVolume);
    std::printf("\n");
    return 0;
}

}  // namespace lsms::cli
