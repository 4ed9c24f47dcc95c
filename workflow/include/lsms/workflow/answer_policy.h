#pragma once
// What a segmentation answer does to the study's segments: a new segment, or
// the selected one refined near itself; which voxels it may take from older
// segments; the message the user reads. Both front ends and the tests use
// this one policy, so an answer means the same wherever it is applied.
//
// One label per voxel means an answer and an older segment cannot share a
// voxel. An answer is never shrunk silently:
//  - an older answer (a segment with a prompt) yields the voxels the new
//    answer marks, and the message names it and how many it gave;
//  - a segment drawn or imported by hand keeps its voxels unless
//    "AI may overwrite other segments" is on, and a locked segment always
//    does; the message then says how many voxels of the answer it kept.
// The message's voxel count is the written segments' own count.
//
// A reader works lesion by lesion (RECIST measures target lesions one by
// one), so an added answer becomes one segment per lesion: its 26-connected
// pieces, largest first, named "<prompt> - lesion 1", "... 2" (ASCII: a
// SEG Segment Label is written in the default character set) when there are
// several, all with the prompt that produced them. Pieces under 0.02 mL (the
// network's smallest lesion) are crumbs of an edge and join the nearest lesion.
#include "lsms/core/edit/edit.h"
#include "lsms/core/edit/region.h"
#include "lsms/core/volume.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lsms::workflow {

// What a prompt restricted to a segment's neighbourhood does with its result.
enum class RefineMode { Replace, AddSegment };

struct AnswerRequest {
    std::string prompt;
    std::uint16_t refineLabel = 0;  // non-zero: refine this segment ("Refine selected segment")
    RefineMode refineMode = RefineMode::Replace;
    double refineMarginMm = 10;
};

// Voxels of the answer and the older segment they concern.
struct SegmentVoxels {
    std::uint16_t label = 0;
    std::string name;
    std::size_t voxels = 0;
    bool locked = false;
    std::size_t left = 0;  // the segment's own voxels after the answer (yielding: 0 means now empty)
};

struct AnswerOutcome {
    enum class Kind { Empty, Added, Refined };
    Kind kind = Kind::Empty;
    std::uint16_t label = 0;   // the segment written, the largest lesion's (0 when Empty)
    std::vector<std::uint16_t> labels;  // every segment written, one per lesion, largest first
    std::size_t voxels = 0;    // their voxel count after the answer
    std::vector<SegmentVoxels> yielded;  // older segments that gave voxels to the answer
    std::vector<SegmentVoxels> kept;     // segments that kept voxels the answer marked
    std::string message;                 // one paragraph for the prompt panel or the terminal
};

class AnswerPolicy {
public:
    // "AI may overwrite other segments": hand-made segments yield too.
    bool overwriteOthers() const { return overwriteOthers_; }
    void setOverwriteOthers(bool on) { overwriteOthers_ = on; }

    // Whether an answer may take voxels from `owner` (never when locked).
    bool mayTake(const edit::Segment& owner) const;

    // Writes `answer` (non-zero voxels, on the label grid) through `edit` as
    // one gesture; the caller commits. An empty answer changes nothing and
    // says it is no evidence of absence. Throws InputError for an answer off
    // the grid or with nothing near the refined segment, edit::EditError for
    // an unknown refined segment or a locked one to replace.
    AnswerOutcome apply(edit::Edit& edit, const MaskVolume& answer, const AnswerRequest& request) const;

    // The bounding box of `label` grown by marginMm on every side, clipped to
    // the grid; empty when the segment is unknown or has no voxels. A refined
    // prompt looks only there.
    static edit::Box neighbourhood(const edit::SegmentList& list, std::uint16_t label, double marginMm);

    // How many lesions `answer` becomes when added to a study without
    // segments: its 26-connected pieces, crumbs folded in (what an offer of
    // more lesions tells the reader before they are added); 0 when empty.
    static std::size_t lesionCount(const MaskVolume& answer);

    // What an empty answer tells the user (the model misses most small lesions).
    static std::string emptyAnswerMessage(const std::string& prompt);

private:
    bool overwriteOthers_ = false;
};

}  // namespace lsms::workflow
