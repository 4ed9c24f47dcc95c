#pragma once
// The lesion table: one row per segment with its measurements, as the review
// panel shows it, exported as CSV for a spreadsheet and as the entries of the
// DICOM SR measurement report.
#include "lsms/core/edit/measurements.h"
#include "lsms/core/edit/segment.h"
#include "lsms/io/measurement_report.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lsms::workflow {

struct LesionRow {
    std::uint16_t label = 0;  // the segment's label value in the study
    std::string name, prompt;  // prompt empty for manual segments
    bool manual = true;        // edit::Algorithm::Manual, or no prompt
    edit::ReviewStatus review = edit::ReviewStatus::NotReviewed;
    edit::SegmentMeasurements measurements;
    bool axesEdited = false;  // RECIST axes dragged by the user
    std::string location;     // toString(LiverLocation): empty when the liver is not known
};

// One row: the segment's metadata with its measurements.
LesionRow lesionRow(const edit::Segment& segment, const edit::SegmentMeasurements& m, bool axesEdited = false);

// The rows as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or
// line break quoted, quotes doubled), UTF-8, '.' as decimal point whatever the
// locale. Header:
//   name,source,review,volume_ml,long_axis_mm,short_axis_mm,axial_slice,hu_mean,hu_sd,axes,location,prompt
// source: "manual" or "model"; review: edit::toString; axial_slice: the slice
// of the axes counted from 1, as the viewer shows it; axes: "edited" (dragged
// by the user), "smoothed" or "pixels" (the outline they were measured on) or
// "none"; empty cells for axes and HU not measured. Writes a temporary file and
// renames it; IoError if it cannot be written.
void writeLesionCsv(const std::vector<LesionRow>& rows, const std::filesystem::path& out);

// The SR entries for rows exported as SEG segments numbered 1.. in row order
// (the SEG must be written from the same rows in the same order). A row without
// a name is named "Segment <label>": a tracking identifier cannot be empty.
std::vector<LesionMeasurement> reportEntries(const std::vector<LesionRow>& rows);

}  // namespace lsms::workflow
