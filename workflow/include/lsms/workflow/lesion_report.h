#pragma once
// The measurement report of a study's lesions, for both front ends: the
// DICOM-SEG of the lesions, the DICOM SR (TID 1500) that measures each one
// and references its SEG segment, and the same table as CSV. The SEG's
// segments are the rows in row order, so the SR's references are right by
// construction.
#include "lsms/core/edit/segment_list.h"
#include "lsms/io/deidentify.h"
#include "lsms/io/dicom_series.h"
#include "lsms/workflow/lesion_table.h"
#include "lsms/workflow/seg_export.h"

#include <filesystem>
#include <vector>

namespace lsms::workflow {

struct LesionReportFiles {
    std::filesystem::path seg, sr, csv;  // csv empty: no CSV
};

// Writes the three files (SEG first: the SR reads it back). Throws InputError
// for no rows, else what the writers throw; a file written before the failing
// one stays, complete.
// With `deidentify`, the SEG and SR are de-identified copies (deidentified_export.h)
// under its key; the CSV holds no patient data and is written as it is.
SegExportSummary writeLesionReport(const SeriesInfo& series, const edit::SegmentList& list,
                                   const std::vector<LesionRow>& rows, const LesionReportFiles& files,
                                   const DeidentifyOptions* deidentify = nullptr);

// "<base>-seg.dcm", "<base>-sr.dcm" and "<base>.csv" beside each other,
// for a base path chosen once (extension dropped).
LesionReportFiles lesionReportFiles(const std::filesystem::path& base);

}  // namespace lsms::workflow
