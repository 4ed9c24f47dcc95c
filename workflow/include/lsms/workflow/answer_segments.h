#pragma once
// An answer outside the viewer (the command line): the segments the answer
// policy makes of it on a study with no segments yet — one per lesion — with
// their measurements, ready for a DICOM-SEG and a measurement report.
#include "lsms/core/edit/measurements.h"
#include "lsms/core/edit/segment_list.h"
#include "lsms/core/volume.h"
#include "lsms/workflow/answer_policy.h"

#include <string>
#include <vector>

namespace lsms::workflow {

struct AnswerSegments {
    edit::SegmentList list;
    AnswerOutcome outcome;  // outcome.labels: the lesions, largest first
    std::vector<edit::SegmentMeasurements> measurements;  // parallel to outcome.labels, with the CT's HU
};

// Throws InputError for an answer that is not on the CT's grid.
AnswerSegments answerSegments(const CtVolume& ct, const MaskVolume& answer, const std::string& prompt);

}  // namespace lsms::workflow
