#include "lsms/core/edit/segment_list.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <string>

namespace lsms::edit {

SegmentList::SegmentList(const Geometry& geometry) : labels_(geometry, std::uint16_t(0)) {}

SegmentList::SegmentList(LabelVolume labels, std::vector<Segment> segments) : labels_(std::move(labels)) {
    if (labels_.data.size() != labels_.geometry.voxelCount())
        throw InputError("label volume size does not match its geometry");
    std::vector<std::uint8_t> known(65536, 0);
    for (const Segment& s : segments) {
        if (s.label == 0) throw InputError("segment '" + s.name + "' has label 0");
        if (known[s.label]) throw InputError("label " + std::to_string(s.label) + " is used by two segments");
        known[s.label] = 1;
    }
    for (std::uint16_t v : labels_.data)
        if (v && !known[v]) throw InputError("voxels carry label " + std::to_string(v) + " without a segment");
    setSegments(std::move(segments));
}

const Segment* SegmentList::find(std::uint16_t label) const {
    for (const Segment& s : segments_)
        if (s.label == label) return &s;
    return nullptr;
}

std::uint16_t SegmentList::nextFreeLabel() const {
    std::vector<std::uint8_t> used(65536, 0);
    for (const Segment& s : segments_) used[s.label] = 1;
    for (std::size_t l = 1; l < used.size(); ++l)
        if (!used[l]) return std::uint16_t(l);
    throw InputError("all 65535 segment labels are in use");
}

std::size_t SegmentList::voxelCount(std::uint16_t label) const {
    return std::size_t(std::count(labels_.data.begin(), labels_.data.end(), label));
}

void SegmentList::setSegments(std::vector<Segment> segments) {
    for (const Segment& s : segments_) locked_[s.label] = 0;
    segments_ = std::move(segments);
    for (const Segment& s : segments_) locked_[s.label] = s.locked ? 1 : 0;
}

}  // namespace lsms::edit
