#include "lsms/ui/study_seg.h"

#include "lsms/core/error.h"
#include "lsms/ui/study.h"

namespace lsms::ui {

namespace {
// What the viewer's AI segments are made with; the SEG must name an algorithm
// for anything not drawn by hand.
constexpr const char* kAlgorithmName = "LSMS (phantom-trained)";
constexpr const char* kAlgorithmVersion = "0.1";
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
        spec.algorithmVersion = kAlgorithmVersion;
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

SegImportSummary importSegIntoStudy(Study& study, const std::filesystem::path& path) {
    if (!study.hasVolume()) throw InputError("no study is open");
    const SegImport imported = importDicomSegOnto(path, study.series());
    std::vector<edit::Segment> segments;
    for (const auto& info : imported.info.segments) segments.push_back(segmentFromSeg(info));
    SegImportSummary summary;
    summary.warnings = imported.info.warnings;
    summary.labels = study.importSegments(segments, imported.masks, "import " + QString::fromStdString(path.filename().string()));
    std::size_t placed = 0;
    for (auto label : summary.labels) placed += study.editor().list().voxelCount(label);
    for (auto n : imported.voxelCounts) summary.voxelsInSeg += n;
    summary.voxelsNotPlaced = summary.voxelsInSeg - placed;
    return summary;
}

}  // namespace lsms::ui
