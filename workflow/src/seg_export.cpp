#include "lsms/workflow/seg_export.h"

#include "lsms/workflow/deidentified_export.h"

#include "lsms/core/version.h"
#include "lsms/workflow/export_review.h"

namespace lsms::workflow {

namespace {
// The SEG must name an algorithm for anything not drawn by hand; the name
// says what the weights were trained on.
constexpr const char* kAlgorithmName = "LSMS (phantom-trained)";
}  // namespace

SegmentSpec segmentSpec(const edit::Segment& s) {
    SegmentSpec spec;
    spec.labelValue = s.label;
    spec.label = s.name;
    spec.description = s.prompt;
    switch (s.algorithm) {
    case edit::Algorithm::Automatic: spec.algorithmType = SegmentSpec::AlgorithmType::Automatic; break;
    case edit::Algorithm::Semiautomatic: spec.algorithmType = SegmentSpec::AlgorithmType::Semiautomatic; break;
    case edit::Algorithm::Manual: spec.algorithmType = SegmentSpec::AlgorithmType::Manual; break;
    }
    if (s.algorithm != edit::Algorithm::Manual) {
        spec.algorithmName = kAlgorithmName;
        spec.algorithmVersion = kVersion;
    }
    spec.rgb = {s.colour.r, s.colour.g, s.colour.b};
    return spec;
}

edit::Segment segmentFromSeg(const SegSegmentInfo& info) {
    edit::Segment s;
    s.name = info.label.empty() ? "Segment " + std::to_string(info.number) : info.label;
    s.prompt = info.description;
    s.algorithm = info.algorithmType == "AUTOMATIC"       ? edit::Algorithm::Automatic
                  : info.algorithmType == "SEMIAUTOMATIC" ? edit::Algorithm::Semiautomatic
                                                          : edit::Algorithm::Manual;
    if (info.hasCielab) {
        const auto rgb = dicomLabToRgb(info.cielab);
        s.colour = {rgb[0], rgb[1], rgb[2]};
    }
    return s;
}

SegExportSummary exportSegments(const SeriesInfo& series, const edit::SegmentList& list,
                                const std::vector<std::uint16_t>& labels, const std::filesystem::path& out,
                                SegExportOptions options, const DeidentifyOptions* deidentify) {
    SegExportSummary summary;
    std::vector<SegmentSpec> specs;
    for (std::uint16_t label : labels) {
        const edit::Segment* s = list.find(label);
        if (!s) continue;
        SegmentSpec spec = segmentSpec(*s);
        if (isUnreviewedAiSegment(*s)) {
            spec.description = unreviewedSegmentDescription(spec.description);
            ++summary.unreviewed;
        }
        specs.push_back(spec);
        summary.labels.push_back(label);
    }
    options.seriesDescription = segSeriesDescription(summary.unreviewed, specs.size(), options.seriesDescription);
    if (deidentify)
        writeDeidentified([&](const std::filesystem::path& dir) { writeDicomSeg(series, list.labels(), specs, dir / "seg.dcm", options); },
                          {{"seg.dcm", out}}, *deidentify);
    else
        writeDicomSeg(series, list.labels(), specs, out, options);
    return summary;
}

}  // namespace lsms::workflow
