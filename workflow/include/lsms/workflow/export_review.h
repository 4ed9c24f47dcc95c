#pragma once
// What an export says about segments no person has looked at yet. A mask
// made by the network (or imported as automatic) and still "not reviewed"
// must not leave the viewer unnoticed: the user confirms, and the DICOM-SEG
// says it in its Series Description and in each such Segment Description,
// where a PACS viewer shows it.
#include "lsms/core/edit/segment.h"
#include "lsms/io/dicom_seg.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lsms::workflow {

// Whether a segment counts as unreviewed machine output: review status
// "not reviewed" and made by an algorithm (automatic or edited by a person
// afterwards). A segment drawn by hand is its author's own reading.
bool isUnreviewedAiSegment(const edit::Segment& segment);

// The segments among `labels` (in that order) that are unreviewed machine output.
std::vector<const edit::Segment*> unreviewedAiSegments(const std::vector<edit::Segment>& segments,
                                                       const std::vector<std::uint16_t>& labels);

// The export's Series Description: `base` alone when nothing is unreviewed,
// else with "NOT REVIEWED: n of m segments" (at most 64 characters, DICOM LO).
std::string segSeriesDescription(std::size_t unreviewed, std::size_t exported,
                                 const std::string& base = SegExportOptions{}.seriesDescription);

// The Segment Description of an unreviewed segment: "NOT REVIEWED" before
// what it held (the prompt), cut to 64 characters.
std::string unreviewedSegmentDescription(const std::string& description);

}  // namespace lsms::workflow
