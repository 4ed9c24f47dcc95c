#pragma once
// A study's segments to and from DICOM-SEG: what each editable segment
// becomes in an exported SEG, and a SEG imported onto the open study as new
// editable segments. Kept apart from the window so it is testable without one.
#include "lsms/core/edit/segment.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/workflow/seg_export.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lsms::ui {

class Study;

// What a segment becomes in a SEG and back (workflow/seg_export.h).
using workflow::segmentFromSeg;
using workflow::segmentSpec;

struct SegImportSummary {
    std::vector<std::uint16_t> labels;  // the new segments, in the SEG's segment order
    std::size_t voxelsInSeg = 0;        // voxels the SEG sets on the study's grid, all segments
    // Voxels that stayed with a segment already in the study, or went to a
    // later SEG segment where SEG segments overlap (one label per voxel).
    std::size_t voxelsNotPlaced = 0;
    std::vector<std::string> warnings;  // from reading the SEG
};

// Places the SEG's frames on the open study by Frame of Reference and plane
// position and adds each SEG segment as a new segment, as one undo step.
// Throws lsms::InputError (and changes nothing) when no study is open or the
// SEG does not fit the study's series.
SegImportSummary importSegIntoStudy(Study& study, const std::filesystem::path& path);

}  // namespace lsms::ui
