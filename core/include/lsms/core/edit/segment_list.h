#pragma once
// The segments of one study: a label volume (one label per voxel, 0 =
// background) and the metadata of each label. It is changed only through an
// Edit (edit.h) or by undo/redo (undo.h), so every change is recorded.
#include "lsms/core/edit/segment.h"
#include "lsms/core/volume.h"

#include <cstdint>
#include <vector>

namespace lsms::edit {

class SegmentList {
public:
    SegmentList() = default;
    explicit SegmentList(const Geometry& geometry);
    // Adopts existing voxels and metadata (session open, import). Throws
    // lsms::InputError if a voxel carries a label without metadata or labels repeat.
    SegmentList(LabelVolume labels, std::vector<Segment> segments);

    const LabelVolume& labels() const { return labels_; }
    const Geometry& geometry() const { return labels_.geometry; }
    const std::vector<Segment>& segments() const { return segments_; }
    const Segment* find(std::uint16_t label) const;
    bool isLocked(std::uint16_t label) const { return locked_[label] != 0; }
    // Smallest label without metadata; throws lsms::InputError when all are used.
    std::uint16_t nextFreeLabel() const;
    std::size_t voxelCount(std::uint16_t label) const;

private:
    friend class Edit;
    friend class History;
    void setSegments(std::vector<Segment> segments);

    LabelVolume labels_;
    std::vector<Segment> segments_;
    // Per-label lock flag, so the per-voxel lock check is one load.
    std::vector<std::uint8_t> locked_ = std::vector<std::uint8_t>(65536, 0);
};

}  // namespace lsms::edit
