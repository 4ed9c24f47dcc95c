#pragma once
// One gesture's change to a SegmentList (a brush stroke, a tool run, an AI
// result, a metadata change). Tools write voxels through Edit::set, which
//  - never changes a voxel of a locked segment and never paints a locked label,
//    so lock safety does not depend on each tool remembering it;
//  - keeps the old contents of each touched block, so commit() can encode
//    exactly the changed voxels as an undo delta without a copy of the volume.
// An Edit that is destroyed without commit() rolls its changes back.
#include "lsms/core/edit/segment_list.h"
#include "lsms/core/error.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lsms::edit {

// An edit that cannot be done as asked (locked segment, unknown label).
class EditError : public lsms::Error {
public:
    using lsms::Error::Error;
};

// A committed change: run-length delta of (old, new) labels over the changed
// voxels (see delta.h) plus the segment metadata before and after, if it changed.
struct Step {
    std::string description;
    std::vector<std::uint8_t> delta;
    std::size_t changedVoxels = 0;
    std::optional<std::vector<Segment>> segmentsBefore;
    std::optional<std::vector<Segment>> segmentsAfter;

    bool empty() const { return changedVoxels == 0 && !segmentsBefore; }
    // Heap bytes this step holds (what the undo memory cap counts).
    std::size_t bytes() const;
};

class Edit {
public:
    Edit(SegmentList& list, std::string description);
    ~Edit();
    Edit(const Edit&) = delete;
    Edit& operator=(const Edit&) = delete;

    const SegmentList& list() const { return list_; }
    const LabelVolume& labels() const { return list_.labels_; }
    const Geometry& geometry() const { return list_.labels_.geometry; }

    // Writes `value` at linear voxel index `index` unless the voxel's segment or
    // `value` is locked. Returns whether the voxel changed.
    bool set(std::size_t index, std::uint16_t value);

    // Adds metadata; label 0 takes the next free label, an all-zero colour a
    // default colour. Returns the label. Throws EditError if the label is in use.
    std::uint16_t addSegment(Segment segment);
    // Replaces the metadata of segment.label (rename, colour, lock, review...).
    void updateSegment(const Segment& segment);
    // Clears the segment's voxels and removes its metadata. Throws EditError if locked.
    void removeSegment(std::uint16_t label);
    const Segment& segment(std::uint16_t label) const;  // throws EditError if unknown

    // Encodes the change and ends the edit. Automatic segments whose voxels
    // changed (and that this edit did not create) become Semiautomatic.
    Step commit();
    // Restores the state before the edit and ends it.
    void rollback();

private:
    void ensureMetadataSnapshot();
    void requireOpen() const;

    SegmentList& list_;
    std::string description_;
    bool open_ = true;
    // Old contents of each touched block of kBlockVoxels voxels, by block index.
    std::vector<std::unique_ptr<std::uint16_t[]>> blocks_;
    std::vector<std::size_t> touchedBlocks_;
    std::vector<std::uint8_t> touchedLabels_;  // 65536 flags
    std::vector<std::uint16_t> addedLabels_;
    std::optional<std::vector<Segment>> segmentsBefore_;
};

}  // namespace lsms::edit
