#pragma once
// A study's editable segments to and from DICOM-SEG segments, for both front
// ends: what each segment becomes in an exported SEG (and back on import),
// and the export itself with unreviewed machine output marked.
#include "lsms/core/edit/segment.h"
#include "lsms/core/edit/segment_list.h"
#include "lsms/io/deidentify.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace lsms::workflow {

// Name -> Segment Label, prompt -> Segment Description, algorithm type (a
// non-manual segment names LSMS as its algorithm, as the SEG IOD requires), colour.
SegmentSpec segmentSpec(const edit::Segment& segment);
// The reverse: label -> name, description -> prompt, algorithm type, CIELab ->
// colour (all zero when the SEG has none, so the study picks a free colour).
edit::Segment segmentFromSeg(const SegSegmentInfo& info);

struct SegExportSummary {
    std::vector<std::uint16_t> labels;  // exported, in SEG segment order (numbers 1..)
    std::size_t unreviewed = 0;         // of them, marked NOT REVIEWED (export_review.h)
};

// The segments `labels` of `list` (unknown labels skipped) as one DICOM-SEG
// of `series`, SEG segment n being labels[n - 1]. Unreviewed machine output is
// marked in the Series and Segment Descriptions. Throws what writeDicomSeg throws.
// With `deidentify`, `out` is a de-identified copy (deidentified_export.h).
SegExportSummary exportSegments(const SeriesInfo& series, const edit::SegmentList& list,
                                const std::vector<std::uint16_t>& labels, const std::filesystem::path& out,
                                SegExportOptions options = {}, const DeidentifyOptions* deidentify = nullptr);

}  // namespace lsms::workflow
