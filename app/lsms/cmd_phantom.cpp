// lsms phantom --seed N --out DIR: a synthetic liver CT study with ground truth.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/io/phantom_study.h"

#include <filesystem>
#include <iostream>

namespace lsms::cli {

int cmdPhantom(const Argv& argv) {
    Args args(argv, {"seed", "out", "size", "slices", "spacing", "thickness", "lesions", "phantom-version", "phase", "noise"}, {});
    args.expectPositionals(0, 0,
                           "lsms phantom --seed N --out DIR [--size N] [--slices N] [--spacing MM] [--thickness MM] [--lesions N]"
                           " [--phantom-version 1|2] [--phase non-contrast|late-arterial|portal-venous|delayed] [--noise HU]");
    if (!args.has("out")) throw InputError("missing --out DIR");
    if (!args.has("seed")) throw InputError("missing --seed N");
    phantom::PhantomOptions o;
    const long long seed = args.integer("seed", 1);
    if (seed < 0) throw InputError("--seed must be >= 0");
    o.seed = std::uint64_t(seed);
    o.columns = o.rows = int(args.integer("size", 0));
    o.slices = int(args.integer("slices", 0));
    o.pixelSpacingMm = args.number("spacing", 0);
    o.sliceThicknessMm = args.number("thickness", 0);
    o.lesionCount = int(args.integer("lesions", -1));
    // Version 1: the noise SD per voxel; version 2: the SD on the seed's own
    // grid, scaled physically to this one. 0: no noise.
    o.noiseSigmaHu = args.number("noise", -1);
    if (args.has("noise") && o.noiseSigmaHu < 0) throw InputError("--noise must be >= 0 HU");
    o.version = int(args.integer("phantom-version", 1));
    if (o.version != 1 && o.version != 2) throw InputError("--phantom-version must be 1 or 2");
    if (args.has("phase")) {
        if (o.version != 2) throw InputError("--phase needs --phantom-version 2 (generation 1 has one portal-venous appearance)");
        o.phase = phantom::contrastPhaseFromString(args.value("phase"));
    }
    if (o.columns < 0 || o.slices < 0 || o.pixelSpacingMm < 0 || o.sliceThicknessMm < 0)
        throw InputError("grid options must be positive");
    // Refuse before spending seconds on generation; writePhantomStudy checks again.
    std::error_code ec;
    if (std::filesystem::exists(args.value("out"), ec) && !std::filesystem::is_empty(args.value("out"), ec))
        throw IoError(args.value("out") + " is not empty: choose a new folder (nothing is overwritten)");
    const auto ph = phantom::generatePhantom(o);
    writePhantomStudy(ph, args.value("out"));
    const auto& g = ph.ct.geometry;
    std::cout << "wrote phantom seed " << o.seed << " to " << args.value("out") << ": " << g.size[0] << "x" << g.size[1] << "x"
              << g.size[2] << " voxels, " << g.spacing[0] << " mm pixels, " << g.spacing[2] << " mm slices, " << ph.lesions.size()
              << " lesion(s)";
    if (const auto* p = phantom::findParameter(ph.parameters, "phase")) std::cout << ", " << p->text << " phase";
    if (const auto* p = phantom::findParameter(ph.parameters, "liver.state")) std::cout << ", " << p->text << " liver";
    std::cout << "\n";
    for (const auto& l : ph.lesions)
        std::cout << "  lesion " << l.id << ": " << phantom::toString(l.kind) << ", " << phantom::toString(l.lobe) << " lobe, segment "
                  << phantom::couinaudRoman(l.couinaud) << ", " << l.longestAxialDiameterMm << " mm, " << l.volumeMl << " mL\n";
    return 0;
}

}  // namespace lsms::cli
