#include "lsms/workflow/lesion_report.h"

#include "lsms/core/error.h"
#include "lsms/workflow/deidentified_export.h"
#include "lsms/io/measurement_report.h"

namespace lsms::workflow {

SegExportSummary writeLesionReport(const SeriesInfo& series, const edit::SegmentList& list,
                                   const std::vector<LesionRow>& rows, const LesionReportFiles& files,
                                   const DeidentifyOptions* deidentify) {
    if (rows.empty()) throw InputError("there are no lesions to report");
    std::vector<std::uint16_t> labels;
    for (const auto& r : rows) {
        if (!list.find(r.label)) throw InputError("lesion '" + r.name + "' is not a segment of the study");
        labels.push_back(r.label);
    }
    SegExportSummary summary;
    auto write = [&](const std::filesystem::path& seg, const std::filesystem::path& sr) {
        summary = exportSegments(series, list, labels, seg);
        if (summary.labels != labels) throw InputError("the SEG does not hold every lesion of the report");
        writeMeasurementReport(series, seg, reportEntries(rows), sr);
    };
    if (deidentify)
        writeDeidentified([&](const std::filesystem::path& dir) { write(dir / "seg.dcm", dir / "sr.dcm"); },
                          {{"seg.dcm", files.seg}, {"sr.dcm", files.sr}}, *deidentify);
    else
        write(files.seg, files.sr);
    if (!files.csv.empty()) writeLesionCsv(rows, files.csv);
    return summary;
}

LesionReportFiles lesionReportFiles(const std::filesystem::path& base) {
    std::filesystem::path stem = base;
    if (stem.has_extension()) stem.replace_extension();
    const std::string s = stem.string();
    return {s + "-seg.dcm", s + "-sr.dcm", s + ".csv"};
}

}  // namespace lsms::workflow
