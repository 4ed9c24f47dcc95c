#include "lsms/ui/study_seg.h"

#include "lsms/core/error.h"
#include "lsms/ui/study.h"
#include "lsms/workflow/seg_export.h"

namespace lsms::ui {

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
