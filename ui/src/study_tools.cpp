// The editing core's tools as Study methods: each is one applyTool() call, so
// every tool run is one undo step and a throwing tool changes nothing.
#include "lsms/ui/study.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/interpolate.h"
#include "lsms/core/edit/islands.h"
#include "lsms/core/edit/measurements.h"
#include "lsms/core/edit/morphology.h"
#include "lsms/core/edit/segment_ops.h"
#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>

namespace lsms::ui {

namespace {
// The core reports an unknown label as such; label 0 almost always means the
// user has not selected a segment, which deserves a plainer message.
void requireSelected(std::uint16_t label) {
    if (label == 0) throw edit::EditError("select a segment first");
}
}  // namespace

void Study::requireIdle() const {
    if (!hasVolume()) throw InputError("no study is open");
    if (stroke_) throw edit::EditError("finish the brush stroke first");
}

void Study::setThresholdRange(HuRange range) {
    if (range.lo > range.hi) std::swap(range.lo, range.hi);
    threshold_ = range;
    Q_EMIT thresholdRangeChanged();
}

HuRange Study::huRangeOf(std::uint16_t label, double sds) const {
    requireSelected(label);
    const edit::SegmentMeasurements& m = measurements(label);
    if (m.voxels == 0 || !m.hasHu) throw InputError("the segment is empty: paint some of the lesion first");
    return {float(m.huMean - sds * m.huSd), float(m.huMean + sds * m.huSd)};
}

std::size_t Study::fillBetweenSlices(std::uint16_t label) {
    requireSelected(label);
    return applyTool("fill between slices", [&](edit::Edit& e) { return edit::fillBetweenSlices(e, label, edit::SliceAxis::Axial); });
}

std::size_t Study::keepLargestIsland(std::uint16_t label) {
    requireSelected(label);
    return applyTool("keep largest island", [&](edit::Edit& e) { return edit::keepLargestIsland(e, label); });
}

std::size_t Study::removeSmallIslands(std::uint16_t label, double minVolumeMm3) {
    requireSelected(label);
    return applyTool("remove small islands", [&](edit::Edit& e) { return edit::removeSmallIslands(e, label, minVolumeMm3); });
}

std::vector<std::uint16_t> Study::splitIslands(std::uint16_t label) {
    requireSelected(label);
    return applyTool("split islands", [&](edit::Edit& e) { return edit::splitIslands(e, label); });
}

std::size_t Study::smooth(std::uint16_t label, Smoothing method, double radiusMm) {
    requireSelected(label);
    switch (method) {
        case Smoothing::Median: return applyTool("median smoothing", [&](edit::Edit& e) { return edit::medianSmooth(e, label); });
        case Smoothing::Opening: return applyTool("opening", [&](edit::Edit& e) { return edit::openSegment(e, label, radiusMm); });
        case Smoothing::Closing: return applyTool("closing", [&](edit::Edit& e) { return edit::closeSegment(e, label, radiusMm); });
    }
    return 0;
}

std::size_t Study::combine(std::uint16_t target, edit::LogicalOp op, std::uint16_t modifier) {
    requireSelected(target);
    requireSelected(modifier);
    if (target == modifier) throw edit::EditError("choose a different segment to combine with");
    static const char* names[] = {"union", "subtract", "intersect"};
    return applyTool(names[int(op)], [&](edit::Edit& e) { return edit::combineSegments(e, target, op, modifier); });
}

void Study::merge(std::uint16_t target, std::uint16_t source) {
    requireSelected(target);
    requireSelected(source);
    if (target == source) throw edit::EditError("choose a different segment to merge");
    applyTool("merge segments", [&](edit::Edit& e) { edit::mergeSegments(e, target, source); });
}

std::uint16_t Study::duplicate(std::uint16_t label) {
    requireSelected(label);
    const std::uint16_t copy = applyTool("duplicate segment", [&](edit::Edit& e) { return edit::duplicateSegment(e, label); });
    setActiveLabel(copy);
    return copy;
}

}  // namespace lsms::ui
