// lsms segment PATH --prompt TEXT [--out-nifti FILE] [--out SEG.dcm]: the
// lesion(s) a prompt refers to, on a DICOM series, written as a NIfTI mask on
// the CT's grid and/or a DICOM-SEG with one segment per lesion.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/io/deidentify.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/modality_check.h"
#include "lsms/io/nifti_io.h"
#include "lsms/models/json_writer.h"
#include "lsms/models/liver_finder.h"
#include "lsms/workflow/liver_context.h"
#include "lsms/workflow/liver_counts.h"
#include "lsms/models/segmenter.h"
#include "lsms/workflow/answer_confidence.h"
#include "lsms/workflow/answer_segments.h"
#include "lsms/workflow/lesion_report.h"
#include "lsms/workflow/seg_export.h"
#include "lsms/workflow/input_domain.h"
#include "lsms/workflow/loading.h"

#include <iostream>
#include <map>
#include <memory>
#include <optional>

namespace lsms::cli {

int cmdSegment(const Argv& argv) {
    Args args(argv, {"prompt", "out-nifti", "out", "out-sr", "out-csv", "device", "model", "liver-model", "vocab", "batch", "series", "threshold", "deidentify-key"}, {"json", "no-scorer", "no-refine", "allow-modality", "no-liver", "deidentify"});
    const std::string usage =
        "lsms segment PATH --prompt TEXT [--out-nifti mask.nii.gz] [--out seg.dcm [--out-sr sr.dcm] [--out-csv table.csv]]\n"
        "             [--device cpu|cuda|auto] [--model FILE]\n"
        "             [--series N] [--batch N] [--threshold P] [--no-scorer] [--no-refine] [--allow-modality] [--json]\n"
        "  --out-nifti: the answer as one mask; --out: a DICOM-SEG of the series, one segment per lesion\n"
        "               (at least one of them)\n"
        "  --out-sr: a DICOM SR measurement report (TID 1500) of the lesions, referencing the SEG's segments;\n"
        "  --out-csv: the same measurements as CSV (both need --out)\n"
        "  --liver-model FILE: the liver pass (default: the shipped one); --no-liver skips it. The liver gives\n"
        "    each lesion's location and the tumour burden\n"
        "  --no-scorer: keep every lesion the network marks, whatever the sentence's kind, lobe or segment\n"
        "               words (the referring scorer was trained on phantoms only)\n"
        "  --no-refine: the network's own lesion edges, not placed on the CT's intensities\n"
        "  --allow-modality: segment a series that is not CT (refused without it: the network knows only CT)\n"
        "  --deidentify [--deidentify-key K]: the SEG and SR as de-identified copies for sharing (PS3.15 Basic\n"
        "    Profile; `lsms deidentify --key K` then de-identifies the CT consistently); without a key a random\n"
        "    one is made and printed";
    args.expectPositionals(1, 1, usage);
    if (!args.has("prompt")) throw InputError("missing --prompt TEXT\nusage: " + usage);
    if (!args.has("out-nifti") && !args.has("out"))
        throw InputError("missing --out-nifti FILE or --out SEG.dcm\nusage: " + usage);
    if ((args.has("out-sr") || args.has("out-csv")) && !args.has("out"))
        throw InputError("--out-sr and --out-csv report the lesions of a SEG: give --out SEG.dcm too");
    if ((args.flag("deidentify") || args.has("deidentify-key")) && !args.has("out"))
        throw InputError("--deidentify applies to the DICOM objects: give --out SEG.dcm too");
    std::optional<DeidentifyOptions> deidentify;
    if (args.flag("deidentify") || args.has("deidentify-key")) {
        deidentify.emplace();
        deidentify->key = args.has("deidentify-key") ? args.value("deidentify-key") : randomDeidentifyKey();
        if (deidentify->key.empty()) throw InputError("--deidentify-key cannot be empty");
    }
    const bool json = args.flag("json");
    const double threshold = args.fraction("threshold", 0.5, true);

    // Load the model first: a bad model file should fail before a long DICOM read.
    models::Segmenter segmenter(args.value("model", models::defaultModelPath().string()), args.value("device", "auto"),
                                args.value("vocab", models::defaultVocabPath().string()));
    if (!json) std::cerr << "model on " << segmenter.deviceName() << "\n";
    // The liver pass (lesion locations, tumour burden): a named file must
    // load; the shipped one may be missing, which is then said, not fatal.
    std::unique_ptr<models::LiverFinder> liverFinder;
    std::string liverProblem;
    if (!args.flag("no-liver")) {
        try {
            liverFinder = std::make_unique<models::LiverFinder>(args.value("liver-model", models::defaultLiverModelPath().string()),
                                                                args.value("device", "auto"));
        } catch (const ModelError& e) {
            if (args.has("liver-model")) throw;
            liverProblem = std::string("no liver pass: ") + e.what();
        }
    }
    segmenter.checkPrompt(args.value("prompt"));  // an empty prompt fails before the DICOM read

    workflow::SeriesChoice choice;
    if (args.has("series")) {
        const long long pick = args.integer("series", 0);
        if (pick < 0) throw InputError("--series cannot be negative");
        choice.index = std::size_t(pick);
    }
    // Chosen and checked before any pixel is decoded.
    const auto scan = scanDicom(args.positionals()[0]);
    const SeriesInfo& series = scan.series.at(workflow::chooseSeries(scan, choice, args.positionals()[0]));
    std::vector<std::string> warnings = scan.warnings;
    warnings.insert(warnings.end(), series.warnings.begin(), series.warnings.end());
    if (const std::string why = segmentationModalityRefusal(series.metadata); !why.empty()) {
        if (!args.flag("allow-modality")) throw InputError(why + " (--allow-modality segments it anyway)");
        warnings.push_back(why + " (segmented anyway: --allow-modality)");
    }
    if (!json)
        for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
    const CtVolume ct = loadSeries(series);
    const std::string notice = workflow::modelNotice(segmenter.options().domain);
    const std::vector<std::string> domainFlags = workflow::checkInputDomain(ct, segmenter.options());

    models::SegmenterOptions o;
    o.batch = int(args.integer("batch", 8));
    o.threshold = threshold;
    o.useScorer = !args.flag("no-scorer");
    o.refineEdges = !args.flag("no-refine");
    if (!json)
        o.progress = [](std::size_t done, std::size_t total) {
            std::cerr << "\r  " << done << "/" << total << " slices" << std::flush;
            return true;
        };
    const auto answer = segmenter.segment(ct, args.value("prompt"), o);
    if (!json) std::cerr << "\n";
    if (args.has("out-nifti")) writeNifti(answer.mask, args.value("out-nifti"));
    // One segment per lesion, as the viewer adds them (workflow/answer_policy.h).
    const workflow::AnswerSegments lesions = workflow::answerSegments(ct, answer.mask, args.value("prompt"));
    workflow::LiverContext liver;
    std::map<std::uint16_t, workflow::LiverLocation> where;
    workflow::TumourBurden burden;
    // The pass reads CT in HU; a series segmented with --allow-modality gets no liver.
    if (liverFinder && !segmentationModalityRefusal(series.metadata).empty()) {
        liverFinder.reset();
        liverProblem = "no liver pass: the series is not CT";
    }
    if (liverFinder) {
        // The lesions are the answer; a failed liver pass only loses their context.
        try {
            auto a = liverFinder->find(ct, {});
            liver.mask = std::move(a.mask);
            liver.volumeMl = a.volumeMl;
            liver.lowerBound = a.reachesSeriesEnd;
            liver.notes = std::move(a.notes);
            const workflow::LiverCounts counts(lesions.list.labels(), liver.mask);
            where = counts.locations();
            burden = counts.burden(lesions.list.labels().geometry);
        } catch (const Error& e) {
            if (dynamic_cast<const Cancelled*>(&e)) throw;
            liverFinder.reset();
            liverProblem = std::string("the liver pass failed: ") + e.what();
        }
    }
    const auto locationOf = [&where](std::uint16_t label) -> std::string {
        const auto at = where.find(label);
        return at == where.end() ? std::string() : workflow::toString(at->second);
    };
    bool segWritten = false;
    if (args.has("out") && !lesions.outcome.labels.empty()) {
        std::vector<workflow::LesionRow> rows;
        for (std::size_t n = 0; n < lesions.outcome.labels.size(); ++n) {
            rows.push_back(workflow::lesionRow(*lesions.list.find(lesions.outcome.labels[n]), lesions.measurements[n]));
            rows.back().location = locationOf(lesions.outcome.labels[n]);
        }
        if (args.has("out-sr"))
            workflow::writeLesionReport(series, lesions.list, rows, {args.value("out"), args.value("out-sr"), args.value("out-csv")},
                                        deidentify ? &*deidentify : nullptr);
        else {
            workflow::exportSegments(series, lesions.list, lesions.outcome.labels, args.value("out"), {},
                                     deidentify ? &*deidentify : nullptr);
            if (args.has("out-csv")) workflow::writeLesionCsv(rows, args.value("out-csv"));
        }
        segWritten = true;
        // The key links the copies to the originals: shown once, never stored.
        if (deidentify && !args.has("deidentify-key"))
            std::cerr << "de-identified under key " << deidentify->key
                      << " (give it to `lsms deidentify --key` to de-identify the CT consistently)\n";
    }
    warnings.insert(warnings.end(), answer.warnings.begin(), answer.warnings.end());

    const std::string confidence = workflow::confidenceSentence(answer.meanProbability, answer.lowestReferringScore, !domainFlags.empty());
    const auto quoted = [](const std::vector<std::string>& v) {
        return models::json::array(v, [](const std::string& w) { return models::json::quote(w); });
    };
    std::size_t voxels = 0;
    for (auto v : answer.mask.data) voxels += v;
    std::string outputs;
    for (const char* key : {"out-nifti", "out", "out-sr", "out-csv"})
        if (args.has(key) && (segWritten || std::string(key) == "out-nifti"))
            outputs += (outputs.empty() ? "" : ", ") + args.value(key);
    if (outputs.empty()) outputs = "no file";
    std::vector<std::string> lesionJson;
    for (std::size_t n = 0; n < lesions.outcome.labels.size(); ++n) {
        const auto& m = lesions.measurements[n];
        lesionJson.push_back(models::json::Object()
                                 .add("name", lesions.list.find(lesions.outcome.labels[n])->name)
                                 .add("segment_number", static_cast<unsigned long long>(n + 1))
                                 .add("voxels", static_cast<unsigned long long>(m.voxels))
                                 .add("volume_ml", m.volumeMl)
                                 .add("long_axis_mm", m.longestAxialDiameterMm)
                                 .add("short_axis_mm", m.perpendicularDiameterMm)
                                 .add("axial_slice", static_cast<unsigned long long>(m.diameterSlice))
                                 .add("hu_mean", m.huMean)
                                 .add("hu_sd", m.huSd)
                                 .add("location", locationOf(lesions.outcome.labels[n]))
                                 .str());
    }
    if (json) {
        std::cout << models::json::Object()
                         .add("prompt", args.value("prompt"))
                         .add("device", segmenter.deviceName())
                         .add("output", args.value("out-nifti"))
                         .add("seg", segWritten ? args.value("out") : std::string())
                         .add("sr", segWritten ? args.value("out-sr") : std::string())
                         .add("csv", segWritten ? args.value("out-csv") : std::string())
                         .raw("lesions", models::json::array(lesionJson, [](const std::string& j) { return j; }))
                         .add("liver_ml", liverFinder ? (burden.liverMl > 0 ? burden.liverMl : liver.volumeMl) : -1.0)
                         .add("liver_lower_bound", liver.lowerBound)
                         .add("tumour_burden_percent", liverFinder && liver.found() ? burden.percent() : -1.0)
                         .add("liver_note", liverFinder ? (liver.notes.empty() ? std::string() : liver.notes.front()) : liverProblem)
                         .add("voxels", static_cast<unsigned long long>(voxels))
                         .add("volume_ml", answer.keptVolumeMl)
                         .add("components_found", static_cast<unsigned long long>(answer.componentsFound))
                         .add("components_kept", static_cast<unsigned long long>(answer.componentsKept))
                         .add("expects_several", answer.expectsSeveral)
                         .add("selection", answer.selection)
                         .add("seconds", answer.seconds)
                         .add("mean_probability", answer.meanProbability)
                         .add("lowest_referring_score", answer.lowestReferringScore)
                         .add("confidence", confidence)
                         .add("model_notice", notice)
                         .raw("domain_flags", quoted(domainFlags))
                         .raw("warnings", quoted(warnings))
                         .str()
                  << "\n";
    } else {
        std::cout << "\"" << args.value("prompt") << "\": " << answer.componentsKept << " lesion(s), "
                  << answer.keptVolumeMl << " mL (" << voxels << " voxels) on " << segmenter.deviceName() << " in "
                  << answer.seconds << " s -> " << outputs << "\n";
        for (const auto& w : answer.warnings) std::cout << "warning: " << w << "\n";
        for (std::size_t n = 0; n < lesions.outcome.labels.size(); ++n) {
            const auto& m = lesions.measurements[n];
            std::cout << "  " << n + 1 << ". " << lesions.list.find(lesions.outcome.labels[n])->name << ": " << m.volumeMl
                      << " mL, " << m.longestAxialDiameterMm << " x " << m.perpendicularDiameterMm << " mm (axial slice "
                      << m.diameterSlice + 1 << "), " << m.huMean << " +- " << m.huSd << " HU";
            const std::string at = locationOf(lesions.outcome.labels[n]);
            std::cout << (at.empty() ? std::string() : ", " + at) << "\n";
        }
        if (liverFinder) {
            std::cout << "liver: " << workflow::liverSummary(liver, burden)
                      << (liver.found() ? " (liver pass trained on synthetic phantoms: check its outline)" : "") << "\n";
            for (const auto& n : liver.notes) std::cout << "liver: " << n << "\n";
        } else if (!liverProblem.empty())
            std::cout << "liver: " << liverProblem << "\n";
        if (!confidence.empty()) std::cout << confidence << "\n";
        if (!notice.empty()) std::cout << "notice: " << notice << "\n";
        for (const auto& f : domainFlags) std::cout << "unlike the training data: " << f << "\n";
        if (answer.componentsKept == 0)
            std::cout << "nothing found for the prompt (" << (args.has("out-nifti") ? "empty mask written" : "no SEG written")
                      << "); this does not mean there is no such lesion:\n"
                         "the model misses most lesions under 10 mm (docs/evaluation.md)\n";
    }
    return 0;
}

}  // namespace lsms::cli
