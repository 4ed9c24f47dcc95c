#include "lsms/core/edit/segment_ops.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/logical.h"

namespace lsms::edit {

void mergeSegments(Edit& edit, std::uint16_t target, std::uint16_t source) {
    if (target == source) return;
    requirePaintable(edit, target);
    requirePaintable(edit, source);
    combineSegments(edit, target, LogicalOp::Union, source);
    edit.removeSegment(source);
}

std::uint16_t duplicateSegment(Edit& edit, std::uint16_t label) {
    Segment s = edit.segment(label);
    s.label = 0;
    s.colour = {};
    s.locked = false;
    s.name += " copy";
    return edit.addSegment(s);
}

std::uint16_t applyAiResult(Edit& edit, const MaskVolume& mask, const std::string& prompt, bool overwriteOthers) {
    if (!edit.geometry().sameGrid(mask.geometry)) throw InputError("the AI mask is not on the label grid");
    Segment s;
    s.name = prompt;
    s.prompt = prompt;
    s.algorithm = Algorithm::Automatic;
    const std::uint16_t label = edit.addSegment(s);
    const auto& data = edit.labels().data;
    for (std::size_t i = 0; i < data.size(); ++i)
        if (mask.data[i] && (data[i] == 0 || overwriteOthers)) edit.set(i, label);  // set() skips locked voxels
    return label;
}

}  // namespace lsms::edit
