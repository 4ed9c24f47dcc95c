#include "lsms/core/edit/edit.h"

#include "lsms/core/edit/delta.h"

#include <algorithm>
#include <cstring>

namespace lsms::edit {

namespace {
// 8 KiB blocks: small enough that a brush dab snapshots little, large enough
// that the block table of a 512x512x300 volume is only 19 200 pointers.
constexpr std::size_t kBlockVoxels = 4096;

std::size_t segmentsBytes(const std::vector<Segment>& v) {
    std::size_t b = v.capacity() * sizeof(Segment);
    for (const Segment& s : v) b += s.name.capacity() + s.prompt.capacity();
    return b;
}
}  // namespace

std::size_t Step::bytes() const {
    std::size_t b = sizeof(Step) + description.capacity() + delta.capacity();
    if (segmentsBefore) b += segmentsBytes(*segmentsBefore);
    if (segmentsAfter) b += segmentsBytes(*segmentsAfter);
    return b;
}

Edit::Edit(SegmentList& list, std::string description)
    : list_(list),
      description_(std::move(description)),
      blocks_((list.labels_.data.size() + kBlockVoxels - 1) / kBlockVoxels),
      touchedLabels_(65536, 0) {}

Edit::~Edit() {
    if (open_) rollback();
}

void Edit::requireOpen() const {
    if (!open_) throw EditError("edit '" + description_ + "' is already finished");
}

bool Edit::set(std::size_t index, std::uint16_t value) {
    std::uint16_t& v = list_.labels_.data[index];
    if (v == value || list_.locked_[v] || list_.locked_[value]) return false;
    const std::size_t b = index / kBlockVoxels;
    if (!blocks_[b]) {
        const std::size_t begin = b * kBlockVoxels;
        const std::size_t n = std::min(kBlockVoxels, list_.labels_.data.size() - begin);
        blocks_[b] = std::make_unique<std::uint16_t[]>(n);
        std::memcpy(blocks_[b].get(), list_.labels_.data.data() + begin, n * sizeof(std::uint16_t));
        touchedBlocks_.push_back(b);
    }
    touchedLabels_[v] = 1;
    touchedLabels_[value] = 1;
    v = value;
    return true;
}

void Edit::ensureMetadataSnapshot() {
    if (!segmentsBefore_) segmentsBefore_ = list_.segments_;
}

const Segment& Edit::segment(std::uint16_t label) const {
    const Segment* s = list_.find(label);
    if (!s) throw EditError("no segment with label " + std::to_string(label));
    return *s;
}

std::uint16_t Edit::addSegment(Segment segment) {
    requireOpen();
    if (segment.label == 0) segment.label = list_.nextFreeLabel();
    if (list_.find(segment.label)) throw EditError("label " + std::to_string(segment.label) + " is in use");
    if (segment.colour == Rgb{}) segment.colour = defaultColour(list_.segments_);
    ensureMetadataSnapshot();
    std::vector<Segment> segments = list_.segments_;
    segments.push_back(segment);
    list_.setSegments(std::move(segments));
    addedLabels_.push_back(segment.label);
    return segment.label;
}

void Edit::updateSegment(const Segment& segment) {
    requireOpen();
    const Segment& current = this->segment(segment.label);
    if (current == segment) return;
    ensureMetadataSnapshot();
    std::vector<Segment> segments = list_.segments_;
    for (Segment& s : segments)
        if (s.label == segment.label) s = segment;
    list_.setSegments(std::move(segments));
}

void Edit::removeSegment(std::uint16_t label) {
    requireOpen();
    if (segment(label).locked) throw EditError("segment '" + segment(label).name + "' is locked");
    auto& data = list_.labels_.data;
    for (std::size_t i = 0; i < data.size(); ++i)
        if (data[i] == label) set(i, 0);
    ensureMetadataSnapshot();
    std::vector<Segment> segments = list_.segments_;
    std::erase_if(segments, [&](const Segment& s) { return s.label == label; });
    list_.setSegments(std::move(segments));
}

Step Edit::commit() {
    requireOpen();
    // An AI segment that a person changed is no longer purely automatic.
    std::vector<Segment> edited;
    for (const Segment& s : list_.segments_) {
        if (s.algorithm != Algorithm::Automatic || !touchedLabels_[s.label]) continue;
        if (std::find(addedLabels_.begin(), addedLabels_.end(), s.label) != addedLabels_.end()) continue;
        edited.push_back(s);
        edited.back().algorithm = Algorithm::Semiautomatic;
    }
    for (const Segment& s : edited) updateSegment(s);
    Step step;
    step.description = description_;
    std::sort(touchedBlocks_.begin(), touchedBlocks_.end());
    DeltaWriter writer(step.delta);
    const auto& data = list_.labels_.data;
    for (std::size_t b : touchedBlocks_) {
        const std::size_t begin = b * kBlockVoxels;
        const std::size_t n = std::min(kBlockVoxels, data.size() - begin);
        const std::uint16_t* old = blocks_[b].get();
        for (std::size_t i = 0; i < n; ++i)
            if (old[i] != data[begin + i]) writer.add(begin + i, old[i], data[begin + i]);
        blocks_[b].reset();
    }
    step.changedVoxels = writer.finish();
    step.delta.shrink_to_fit();
    if (segmentsBefore_ && *segmentsBefore_ != list_.segments_) {
        step.segmentsBefore = std::move(segmentsBefore_);
        step.segmentsAfter = list_.segments_;
    }
    open_ = false;
    decltype(blocks_)().swap(blocks_);
    decltype(touchedBlocks_)().swap(touchedBlocks_);
    decltype(touchedLabels_)().swap(touchedLabels_);
    return step;
}

void Edit::rollback() {
    requireOpen();
    auto& data = list_.labels_.data;
    for (std::size_t b : touchedBlocks_) {
        const std::size_t begin = b * kBlockVoxels;
        const std::size_t n = std::min(kBlockVoxels, data.size() - begin);
        std::memcpy(data.data() + begin, blocks_[b].get(), n * sizeof(std::uint16_t));
    }
    if (segmentsBefore_) list_.setSegments(std::move(*segmentsBefore_));
    open_ = false;
    decltype(blocks_)().swap(blocks_);
    decltype(touchedBlocks_)().swap(touchedBlocks_);
}

}  // namespace lsms::edit
