// lsms eval: LSMS and its text-blind baseline on held-out phantom seeds,
// per slice (mIoU, oIoU, Dice, Precision@k) and per case in 3D (Dice of the
// referred lesions, referring accuracy). Table by default, --json for tools.
// With --data DIR, on annotated real cases (docs/real-data.md) instead.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/models/held_out_sets.h"
#include "lsms/models/json_writer.h"
#include "lsms/models/nn/evaluation.h"
#include "lsms/models/paths.h"

#ifdef LSMS_WITH_IO
#include "lsms/workflow/real_data.h"
#endif

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace lsms::cli {

namespace {

using namespace lsms::models;
namespace fs = std::filesystem;

void printTable(const std::vector<EvalReport>& reports, const std::string& source) {
    std::printf("%s\n\n", source.c_str());
    std::printf("%-10s %10s | %6s %6s %6s %6s %6s %6s | %7s %8s %8s %7s\n", "model", "params", "mIoU", "oIoU", "Dice",
                "P@0.5", "P@0.7", "P@0.9", "3D Dice*", "ref.acc", "ref.acc*", "prompts");
    // n/a: no prompt refers to a lesion (real data whose expressions are all "none").
    auto cell = [](const EvalReport& r, double v) {
        char buf[16];
        if (r.promptsWithLesions == 0) return std::string("n/a");
        std::snprintf(buf, sizeof buf, "%.3f", v);
        return std::string(buf);
    };
    for (const auto& r : reports)
        std::printf("%-10s %10lld | %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f | %8s %8.3f %8s %7d\n", r.name.c_str(),
                    (long long)r.parameters, r.slice.mIoU, r.slice.oIoU, r.slice.dice, r.slice.precisionAt50,
                    r.slice.precisionAt70, r.slice.precisionAt90, cell(r, r.caseDice).c_str(), r.referringAccuracy,
                    cell(r, r.referringAccuracyWithLesions).c_str(), r.prompts);
    if (!reports.empty())
        std::printf("* over the %d prompts that refer to at least one lesion (an empty answer to a \"none\" prompt\n"
                    "  would count Dice 1, and \"none\" prompts alone give a network that answers nothing its ref.acc)\n",
                    reports.front().promptsWithLesions);
    std::printf("\nstrict referring (right only when every referred lesion is found on its own, IoU >= 0.5 with the\n"
                "answer's pieces touching it, and no other lesion is half covered), per-lesion Dice (mean over\n"
                "referred lesions, each with the pieces touching it), and \"none\" prompts apart:\n");
    for (const auto& r : reports)
        std::printf("  %-10s strict ref.acc* %s (%d/%d), per-lesion Dice %s over %d lesions, \"none\" empty %d/%d\n",
                    r.name.c_str(), cell(r, r.strictAccuracyWithLesions).c_str(), r.strictCorrectWithLesions,
                    r.promptsWithLesions, cell(r, r.lesionDice).c_str(), r.referredLesions, r.noneEmpty, r.nonePrompts);
    std::printf("\nreferring accuracy by prompt kind:\n");
    for (const auto& r : reports) {
        std::printf("  %-10s", r.name.c_str());
        for (const auto& [cat, s] : r.byCategory)
            std::printf("  %s %d/%d", cat.c_str(), s.correct, s.prompts);
        std::printf("\n");
    }
    std::printf("(per slice: slices showing any lesion; an empty answer where nothing is referred counts IoU 1)\n");
    std::printf("\nlesions the network finds at all, by longest axial diameter (prompt \"%s\", every component kept,\n"
                "no referring scorer; found: IoU >= 0.5 with the components touching it; touched: any overlap):\n",
                kDetectionPrompt);
    for (const auto& r : reports) {
        const auto& d = r.detection;
        std::printf("  %-10s found %d/%d (touched %d)", r.name.c_str(), d.found, d.lesions, d.touched);
        for (const auto& b : d.byDiameter) std::printf(", %s %d/%d", b.range.c_str(), b.found, b.lesions);
        std::printf("; components %d, %d touching no lesion; prompts whose referred lesions are all found %d/%d"
                    " (\"none\" prompts count)\n",
                    d.components, d.falseComponents, r.promptsWithTargetsFound, r.prompts);
        std::printf("  %-10s false pieces per volume %.2f; FROC (pieces kept by the network's mean probability):",
                    r.name.c_str(), d.cases ? double(d.falseComponents) / d.cases : 0.0);
        for (const auto& p : d.froc) std::printf(" %.3g at %.1f FP/vol", p.sensitivity, p.falsePerVolume);
        std::printf("\n");
    }
}

// One entry per sealed run, appended (never rewritten): when, which files,
// the command, the headline numbers and the whole report as JSON.
void appendSealedLog(const fs::path& file, const Argv& argv, const fs::path& model, const fs::path& baseline,
                     const std::vector<EvalReport>& reports) {
    std::ofstream out(file, std::ios::app);
    if (!out) throw IoError("cannot append to the evaluation log " + file.string());
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    out << "\n## " << when << ": sealed set, " << model.filename().string() << "\n\n";
    out << "- model: `" << model.string() << "`" << (baseline.empty() ? "" : ", baseline: `" + baseline.string() + "`")
        << "\n- command: `lsms eval";
    for (const auto& a : argv) out << " " << a;
    out << "`\n";
    for (const auto& r : reports) {
        out << "- " << r.name << ": strict referring accuracy " << json::number(r.strictAccuracyWithLesions) << " ("
            << r.strictCorrectWithLesions << "/" << r.promptsWithLesions << "), lenient " << json::number(r.referringAccuracyWithLesions)
            << ", per-lesion Dice " << json::number(r.lesionDice) << ", \"none\" empty " << r.noneEmpty << "/" << r.nonePrompts
            << "; lesions found";
        for (const auto& b : r.detection.byDiameter) out << " " << b.range << " " << b.found << "/" << b.lesions;
        out << "; false pieces " << r.detection.falseComponents << " over " << r.detection.cases << " volumes\n";
    }
    out << "\n```json\n";
    for (const auto& r : reports) out << toJson(r) << "\n";
    out << "```\n";
    if (!out) throw IoError("could not write the evaluation log " + file.string());
}

}  // namespace

int cmdEval(const Argv& argv) {
    Args args(argv, {"model", "baseline", "first-seed", "cases", "prompts", "prompt-seed", "device", "batch", "vocab", "data",
                     "grow-threshold", "threshold", "referring-threshold", "set", "log", "phantom-version"},
              {"json", "no-baseline", "details", "no-refine", "paraphrases"});
    const std::string usage =
        "lsms eval [--model FILE] [--baseline FILE | --no-baseline] [--first-seed N] [--cases N] [--prompts N]\n"
        "          [--prompt-seed N] [--device cpu|cuda|auto] [--batch N] [--threshold P] [--grow-threshold X]\n"
        "          [--referring-threshold S] [--no-refine] [--paraphrases] [--json] [--details]\n"
        "          [--set dev|sealed] [--log FILE] [--phantom-version 1|2]\n"
        "          [--data DIR]   (annotated real cases with their written expressions, docs/real-data.md)\n"
        "  --set dev: the development phantoms (for choices); --set sealed: the sealed test phantoms, only to\n"
        "  report a chosen model, and only with --log FILE (each run is appended there, to be committed);\n"
        "  both are generation-2 phantoms (docs/phantoms.md); other seeds default to --phantom-version 1";
    args.expectPositionals(0, 0, usage);
    const fs::path modelFile = args.value("model", defaultModelPath().string());
    // The baseline trained alongside (lsms train --with-baseline) sits next to the model.
    fs::path baselineFile = args.value("baseline", (modelFile.parent_path() / "baseline.pt").string());
    const bool withBaseline = !args.flag("no-baseline");
    if (withBaseline && !args.has("baseline") && !fs::exists(baselineFile))
        throw InputError("no text-blind baseline at " + baselineFile.string() +
                         " (train it with `lsms train --with-baseline`, pass --baseline FILE, or --no-baseline)");
    const auto vocab = args.value("vocab", defaultVocabPath().string());
    const std::string device = args.value("device", "auto");

    EvalOptions o;
    const std::string set = args.value("set", "");
    if (!set.empty() && set != "dev" && set != "sealed") throw InputError("--set must be dev or sealed");
    if (!set.empty() && (args.has("first-seed") || args.has("data")))
        throw InputError("--set chooses the phantoms itself: no --first-seed or --data with it");
    if (set == "sealed" && (args.has("cases") || !args.has("log")))
        throw InputError("--set sealed runs all " + std::to_string(kSealedSet.count) +
                         " sealed phantoms and must be logged: give --log FILE (docs/evaluation-log.md), no --cases");
    if (args.has("log") && set != "sealed") throw InputError("--log records sealed runs: it needs --set sealed");
    const auto first = set == "sealed" ? kSealedSet.first
                       : set == "dev"  ? kDevelopmentSet.first
                                       : std::uint64_t(args.integer("first-seed", 900000));
    const int cases = set == "sealed" ? kSealedSet.count : int(args.integer("cases", set == "dev" ? kDevelopmentSet.count : 8));
    if (cases < 1) throw InputError("--cases must be at least 1");
    if (set != "sealed" && kSealedSet.overlaps(first, std::uint64_t(cases)))
        throw InputError("these seeds reach the sealed test set: run it with --set sealed --log FILE, only to report a chosen model");
    for (int i = 0; i < cases; ++i) o.seeds.push_back(first + std::uint64_t(i));
    o.phantomVersion = int(args.integer("phantom-version", set.empty() ? 1 : 2));
    if (o.phantomVersion != 1 && o.phantomVersion != 2) throw InputError("--phantom-version must be 1 or 2");
    if (!set.empty() && o.phantomVersion != 2) throw InputError("the held-out sets are generation-2 phantoms");
    o.promptsPerCase = int(args.integer("prompts", 6));
    o.promptSeed = std::uint64_t(args.integer("prompt-seed", 1));
    o.paraphrases = args.flag("paraphrases");
    o.segment.batch = int(args.integer("batch", 16));
    if (args.has("threshold")) o.segment.consolidation.threshold = args.fraction("threshold", 0.5, true);
    if (args.has("grow-threshold")) {
        const double grow = args.number("grow-threshold", 1.0);
        if (!(grow > 0 && grow <= o.segment.consolidation.threshold))
            throw InputError("--grow-threshold must be above 0 and at most the threshold (" +
                             std::to_string(o.segment.consolidation.threshold) + ")");
        o.segment.consolidation.growThreshold = grow;
    }
    if (args.has("referring-threshold"))
        o.segment.consolidation.referringThreshold = args.fraction("referring-threshold", 0.5, false);
    o.segment.refineEdges = !args.flag("no-refine");
    const bool json = args.flag("json");

    // Real cases stay on their own grids: inference resamples, and the 3D
    // metrics are judged against the label map as annotated.
    std::vector<PhantomCase> realCases;
    std::vector<std::string> caseNames;
    if (args.has("data")) {
#ifdef LSMS_WITH_IO
        realCases = workflow::readRealData(args.value("data"), 0, 0, &caseNames);
#else
        throw InputError("--data needs NIfTI/DICOM reading, which this models-only build lacks");
#endif
    }
    auto progressFn = [&](int done, int total) {
        if (!json) std::cerr << "\r  " << done << "/" << total << " prompts" << std::flush;
    };

    // --details: one line per prompt on stderr (the table or JSON stays on stdout).
    std::string current;
    if (args.flag("details"))
        o.onPrompt = [&](const PromptOutcome& p) {
            std::ostringstream os;
            os << "\n" << current << " case " << (realCases.empty() ? std::to_string(o.seeds[p.caseIndex]) : caseNames[p.caseIndex])
               << " [" << p.category << "] \"" << p.text << "\" targets {";
            for (std::size_t i = 0; i < p.targets.size(); ++i) os << (i ? "," : "") << p.targets[i];
            os << "} selection " << toString(p.selection) << ", components " << p.kept.size() << "/"
               << p.components.size() << " {";
            // Each piece: voxels, the referring scorer's score (where there is
            // one), * if kept.
            for (std::size_t i = 0; i < p.components.size(); ++i) {
                const auto& c = p.components[i];
                os << (i ? " " : "") << c.voxels;
                if (c.referringScore >= 0) os << ":" << std::fixed << std::setprecision(2) << c.referringScore;
                if (std::find(p.kept.begin(), p.kept.end(), c.label) != p.kept.end()) os << "*";
            }
            os << "}, answer " << p.answerVoxels << " voxels, touches {";
            for (std::size_t i = 0; i < p.lesionIoU.size(); ++i)
                os << (i ? ", " : "") << p.lesionIoU[i].first << ": IoU " << std::fixed << std::setprecision(2)
                   << p.lesionIoU[i].second;
            auto ids = [](const std::vector<int>& v) {
                std::string out;
                for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
                return out;
            };
            os << "} -> " << (p.correct ? "right" : "wrong") << ", strict " << (p.strictCorrect ? "right" : "wrong");
            if (!p.missed.empty()) os << " (missed {" << ids(p.missed) << "})";
            if (!p.taken.empty()) os << " (also took {" << ids(p.taken) << "})";
            os
               << (p.targets.empty() ? "" : p.targetsFound ? " (referred lesions detected)" : " (a referred lesion not detected)");
            std::cerr << os.str();
        };
    std::vector<EvalReport> reports;
    auto run = [&](const fs::path& file, const std::string& name) {
        current = name;
        auto model = loadModel(file, device, vocab);
        if (!json) std::cerr << name << ": " << file.string() << " on " << model.device.str() << "\n";
        reports.push_back(realCases.empty() ? evaluateModel(model, name, o, progressFn)
                                            : evaluateCases(model, name, realCases, o.segment, progressFn, o.onPrompt));
        if (!json) std::cerr << "\n";
    };
    run(modelFile, "lsms");
    if (withBaseline) run(baselineFile, "baseline");

    // Non-default answer settings go into the table's title, so a saved
    // output says how it was made.
    std::string settings;
    auto note = [&](const std::string& s) { settings += (settings.empty() ? "; " : ", ") + s; };
    auto num = [](double v) {
        std::ostringstream os;
        os << v;
        return os.str();
    };
    const auto& c = o.segment.consolidation;
    if (c.threshold != ConsolidationOptions{}.threshold) note("probability threshold " + num(c.threshold));
    if (c.growThreshold < c.threshold) note("grown to " + num(c.growThreshold));
    if (c.referringThreshold != ConsolidationOptions{}.referringThreshold)
        note("referring score threshold " + num(c.referringThreshold));
    if (!o.segment.refineEdges) note("the network's own lesion edges (--no-refine)");
    if (o.paraphrases) note("prompts from the held-out paraphrase grammar");
    if (realCases.empty()) note("phantoms v" + std::to_string(o.phantomVersion));

    if (set == "sealed") appendSealedLog(args.value("log"), argv, modelFile, withBaseline ? baselineFile : fs::path(), reports);
    if (json) {
        json::Object out;
        if (realCases.empty())
            out.raw("seeds", json::array(o.seeds, [](std::uint64_t s) { return std::to_string(s); }))
                .add("prompts_per_case", o.promptsPerCase);
        else
            out.add("data", args.value("data"))
                .raw("cases", json::array(caseNames, [](const std::string& n) { return json::quote(n); }));
        out.add("threshold", c.threshold).add("edges_on_ct", o.segment.refineEdges).add("paraphrases", o.paraphrases);
        if (realCases.empty()) out.add("phantom_version", o.phantomVersion);
        if (c.growThreshold < c.threshold) out.add("grow_threshold", c.growThreshold);
        out.add("referring_threshold", c.referringThreshold);
        std::cout << out.raw("models", json::array(reports, [](const EvalReport& r) { return toJson(r); })).str()
                  << "\n";
    } else if (realCases.empty()) {
        printTable(reports, "held-out phantom seeds " + std::to_string(o.seeds.front()) + ".." +
                                std::to_string(o.seeds.back()) + " (" + std::to_string(o.seeds.size()) + " cases" +
                                settings + ")");
    } else {
        printTable(reports, "annotated cases in " + args.value("data") + " (" + std::to_string(realCases.size()) +
                                " cases, their written expressions" + settings + ")");
    }
    return 0;
}

}  // namespace lsms::cli
