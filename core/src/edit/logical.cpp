#include "lsms/core/edit/logical.h"

#include "lsms/core/edit/brush.h"

namespace lsms::edit {

std::size_t combineWithMask(Edit& edit, std::uint16_t target, LogicalOp op, const MaskVolume& mask,
                            bool overwriteOthers) {
    requirePaintable(edit, target);
    if (!edit.geometry().sameGrid(mask.geometry)) throw InputError("the mask is not on the label grid");
    const auto& data = edit.labels().data;
    std::size_t changed = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const std::uint16_t v = data[i];
        switch (op) {
            case LogicalOp::Union:
                if (mask.data[i] && v != target && (overwriteOthers || v == 0)) changed += edit.set(i, target);
                break;
            case LogicalOp::Subtract:
                if (mask.data[i] && v == target) changed += edit.set(i, 0);
                break;
            case LogicalOp::Intersect:
                if (!mask.data[i] && v == target) changed += edit.set(i, 0);
                break;
        }
    }
    return changed;
}

std::size_t combineSegments(Edit& edit, std::uint16_t target, LogicalOp op, std::uint16_t modifier) {
    edit.segment(modifier);  // unknown: EditError
    if (op == LogicalOp::Union) requirePaintable(edit, modifier);  // it gives its voxels up
    MaskVolume mask(edit.geometry(), Uninitialized{});
    const auto& data = edit.labels().data;
    for (std::size_t i = 0; i < data.size(); ++i) mask.data[i] = data[i] == modifier;
    return combineWithMask(edit, target, op, mask, true);
}

}  // namespace lsms::edit
