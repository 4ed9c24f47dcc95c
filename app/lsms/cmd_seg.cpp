// lsms seg-info SEG [--json]: what a DICOM-SEG holds.
// lsms export-seg DICOM_DIR LABELS.nii.gz --out SEG.dcm [--keep-empty] [--algorithm NAME] [--description TEXT]
// lsms seg-to-nifti SEG --out LABELS.nii.gz: the SEG's segments as one label volume on its own grid.
// lsms export-nifti DICOM_DIR SEG --out LABELS.nii.gz: the same on the grid of the series the SEG belongs to.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/nifti_io.h"
#include "lsms/workflow/labels_on_series.h"
#include "lsms/workflow/series_choice.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

namespace fs = std::filesystem;

namespace lsms::cli {

namespace {

std::string codeText(const SegCode& c) {
    if (c.value.empty()) return "-";
    return c.meaning + " (" + c.scheme + " " + c.value + ")";
}

nlohmann::json codeJson(const SegCode& c) { return {{"value", c.value}, {"scheme", c.scheme}, {"meaning", c.meaning}}; }

void refuseExisting(const fs::path& out) {
    std::error_code ec;
    if (fs::exists(out, ec)) throw IoError(out.string() + " exists: choose a new name (nothing is overwritten)");
}

// A distinct colour per segment.
std::array<std::uint8_t, 3> palette(std::size_t i) {
    static const std::array<std::uint8_t, 3> colours[] = {{230, 60, 60},  {60, 160, 230}, {240, 200, 40}, {90, 200, 90},
                                                          {200, 90, 220}, {250, 140, 40}, {40, 210, 200}, {160, 110, 70}};
    return colours[i % (sizeof colours / sizeof colours[0])];
}

}  // namespace

int cmdSegInfo(const Argv& argv) {
    Args args(argv, {}, {"json"});
    args.expectPositionals(1, 1, "lsms seg-info SEG [--json]");
    const std::string path = args.positionals()[0];
    const SegInfo info = readDicomSeg(path);
    std::vector<std::size_t> framesPerSegment(info.segments.size(), 0);
    for (const auto& f : info.frames)
        for (std::size_t s = 0; s < info.segments.size(); ++s)
            if (info.segments[s].number == f.segmentNumber) ++framesPerSegment[s];

    if (args.flag("json")) {
        nlohmann::json j;
        j["path"] = path;
        j["patient_name"] = info.patientName;
        j["patient_id"] = info.patientId;
        j["study_instance_uid"] = info.studyInstanceUid;
        j["series_instance_uid"] = info.seriesInstanceUid;
        j["sop_instance_uid"] = info.sopInstanceUid;
        j["description"] = info.seriesDescription;
        j["segmentation_type"] = info.segmentationType;
        if (info.segmentationType == "FRACTIONAL") j["max_fractional_value"] = info.maxFractionalValue;
        j["rows"] = info.rows;
        j["columns"] = info.columns;
        j["frames"] = info.frames.size();
        j["referenced_series_uid"] = info.referencedSeriesUid;
        j["frame_of_reference_uid"] = info.frameOfReferenceUid;
        j["pixel_spacing_mm"] = {info.rowSpacingMm, info.columnSpacingMm};
        j["segments"] = nlohmann::json::array();
        for (std::size_t s = 0; s < info.segments.size(); ++s) {
            const auto& seg = info.segments[s];
            nlohmann::json js = {{"number", seg.number},
                                 {"label", seg.label},
                                 {"description", seg.description},
                                 {"algorithm_type", seg.algorithmType},
                                 {"algorithm_name", seg.algorithmName},
                                 {"algorithm_version", seg.algorithmVersion},
                                 {"category", codeJson(seg.category)},
                                 {"type", codeJson(seg.type)},
                                 {"anatomic_region", codeJson(seg.anatomicRegion)},
                                 {"frames", framesPerSegment[s]},
                                 {"voxels", info.voxelsPerSegment[s]}};
            if (seg.hasCielab) {
                const auto rgb = dicomLabToRgb(seg.cielab);
                js["cielab"] = {seg.cielab[0], seg.cielab[1], seg.cielab[2]};
                js["rgb"] = {rgb[0], rgb[1], rgb[2]};
            }
            j["segments"].push_back(js);
        }
        j["warnings"] = info.warnings;
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << path << ": DICOM-SEG, " << info.segmentationType;
    if (info.segmentationType == "FRACTIONAL") std::cout << " (max " << info.maxFractionalValue << ")";
    std::cout << ", " << info.segments.size() << " segment(s), " << info.frames.size() << " frame(s) of " << info.columns << " x "
              << info.rows << "\n";
    std::cout << "  patient             " << info.patientName << " (" << info.patientId << ")\n";
    std::cout << "  study UID           " << info.studyInstanceUid << "\n";
    std::cout << "  series UID          " << info.seriesInstanceUid << " \"" << info.seriesDescription << "\"\n";
    std::cout << "  referenced series   " << (info.referencedSeriesUid.empty() ? "-" : info.referencedSeriesUid) << "\n";
    std::cout << "  frame of reference  " << (info.frameOfReferenceUid.empty() ? "-" : info.frameOfReferenceUid) << "\n";
    for (const auto& w : info.warnings) std::cout << "  warning: " << w << "\n";
    for (std::size_t s = 0; s < info.segments.size(); ++s) {
        const auto& seg = info.segments[s];
        std::cout << "\nsegment " << seg.number << ": \"" << seg.label << "\"\n";
        if (!seg.description.empty()) std::cout << "  description         " << seg.description << "\n";
        std::cout << "  algorithm           " << seg.algorithmType;
        if (!seg.algorithmName.empty()) std::cout << " " << seg.algorithmName;
        if (!seg.algorithmVersion.empty()) std::cout << " " << seg.algorithmVersion;
        std::cout << "\n";
        std::cout << "  category            " << codeText(seg.category) << "\n";
        std::cout << "  type                " << codeText(seg.type) << "\n";
        std::cout << "  anatomic region     " << codeText(seg.anatomicRegion) << "\n";
        std::cout << "  frames              " << framesPerSegment[s] << "\n";
        std::cout << "  voxels              " << info.voxelsPerSegment[s] << "\n";
    }
    return 0;
}

int cmdExportSeg(const Argv& argv) {
    Args args(argv, {"out", "algorithm", "description"}, {"keep-empty"});
    args.expectPositionals(2, 2,
                           "lsms export-seg DICOM_DIR LABELS.nii.gz --out SEG.dcm [--keep-empty] [--algorithm NAME] "
                           "[--description TEXT]");
    if (!args.has("out")) throw InputError("missing --out SEG.dcm");
    const fs::path out = args.value("out");
    refuseExisting(out);
    const auto placed = workflow::readLabelsOnSeries(args.positionals()[0], args.positionals()[1]);
    const LabelVolume& labels = placed.labels;
    const SeriesInfo* source = &placed.series();
    std::set<std::uint16_t> values(labels.data.begin(), labels.data.end());
    values.erase(0);
    if (values.empty()) throw InputError("the label volume is empty: nothing to export");
    std::vector<SegmentSpec> specs;
    for (std::uint16_t v : values) {
        SegmentSpec s;
        s.labelValue = v;
        s.label = "Lesion " + std::to_string(v);
        s.description = args.value("description");
        if (args.has("algorithm")) {
            s.algorithmType = SegmentSpec::AlgorithmType::Automatic;
            s.algorithmName = args.value("algorithm");
        } else {
            s.algorithmType = SegmentSpec::AlgorithmType::Manual;
        }
        s.rgb = palette(specs.size());
        specs.push_back(s);
    }
    SegExportOptions opt;
    opt.keepEmptyFrames = args.flag("keep-empty");
    writeDicomSeg(*source, labels, specs, out, opt);
    const SegInfo info = readDicomSeg(out);
    std::cout << "wrote " << out.string() << ": " << info.segments.size() << " segment(s), " << info.frames.size()
              << " frame(s), referencing series " << source->metadata.seriesInstanceUid << "\n";
    for (std::size_t s = 0; s < info.segments.size(); ++s)
        std::cout << "  segment " << info.segments[s].number << " \"" << info.segments[s].label << "\": " << info.voxelsPerSegment[s]
                  << " voxels\n";
    return 0;
}

int cmdSegToNifti(const Argv& argv) {
    Args args(argv, {"out"}, {});
    args.expectPositionals(1, 1, "lsms seg-to-nifti SEG --out LABELS.nii.gz");
    if (!args.has("out")) throw InputError("missing --out LABELS.nii.gz");
    const fs::path out = args.value("out");
    refuseExisting(out);
    const SegImport imported = importDicomSegOwnGrid(args.positionals()[0]);
    const LabelVolume labels = segmentsToLabels(imported);
    std::size_t overlap = 0;
    for (std::size_t v = 0; v < labels.data.size(); ++v) {
        int n = 0;
        for (const auto& m : imported.masks) n += m.data[v];
        overlap += n > 1;
    }
    writeNifti(labels, out);
    const auto& g = labels.geometry;
    std::cout << "wrote " << out.string() << ": " << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << ", voxel value = segment number\n";
    for (const auto& w : imported.info.warnings) std::cout << "  warning: " << w << "\n";
    for (std::size_t s = 0; s < imported.masks.size(); ++s)
        std::cout << "  segment " << imported.info.segments[s].number << " \"" << imported.info.segments[s].label
                  << "\": " << imported.voxelCounts[s] << " voxels\n";
    if (overlap > 0)
        std::cout << "  warning: " << overlap << " voxel(s) belong to more than one segment; they hold the highest segment number\n";
    return 0;
}

int cmdExportNifti(const Argv& argv) {
    Args args(argv, {"out"}, {});
    args.expectPositionals(2, 2, "lsms export-nifti DICOM_DIR SEG.dcm --out LABELS.nii.gz");
    if (!args.has("out")) throw InputError("missing --out LABELS.nii.gz");
    const fs::path out = args.value("out");
    refuseExisting(out);
    const fs::path segPath = args.positionals()[1];
    const SegInfo info = readDicomSeg(segPath);
    const ScanResult scan = scanDicom(args.positionals()[0]);
    // The series the SEG names first; otherwise any series it can be placed on
    // (a SEG from another tool may not reference its series).
    workflow::SeriesChoice choice;
    choice.preferredSeriesUid = info.referencedSeriesUid;
    const std::vector<const SeriesInfo*> candidates = workflow::loadableSeries(scan, choice);
    std::string why;
    for (const SeriesInfo* s : candidates) {
        SegImport imported;
        try {
            imported = importDicomSegOnto(segPath, *s);
        } catch (const InputError& e) {
            why += std::string(why.empty() ? "" : "; ") + s->metadata.seriesInstanceUid + ": " + e.what();
            continue;
        }
        writeNifti(segmentsToLabels(imported), out);
        const auto& g = s->geometry;
        std::cout << "wrote " << out.string() << ": " << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << " on series "
                  << s->metadata.seriesInstanceUid << ", voxel value = segment number\n";
        for (std::size_t i = 0; i < imported.masks.size(); ++i)
            std::cout << "  segment " << imported.info.segments[i].number << " \"" << imported.info.segments[i].label
                      << "\": " << imported.voxelCounts[i] << " voxels\n";
        return 0;
    }
    throw InputError("no series in " + args.positionals()[0] + " fits " + segPath.string() + (why.empty() ? "" : " (" + why + ")"));
}

}  // namespace lsms::cli
