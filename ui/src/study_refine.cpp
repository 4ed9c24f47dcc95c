// "Refine with prompt": an LSMS result kept only near one segment, so a
// prompt re-run to correct one lesion cannot disturb the rest of the study.
#include "lsms/ui/study.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/segment_ops.h"
#include "lsms/core/error.h"

#include <cmath>

namespace lsms::ui {

edit::Box Study::neighbourhood(std::uint16_t label, double marginMm) const {
    if (label == 0 || !segment(label)) return {};  // label 0's box would be the background's
    const edit::Box box = edit::boundingBox(labels(), label);
    if (box.empty()) return box;
    std::array<std::size_t, 3> margin{};
    for (int a = 0; a < 3; ++a) margin[a] = std::size_t(std::ceil(std::max(0.0, marginMm) / ct_.geometry.spacing[a] - 1e-9));
    return edit::grown(box, margin, ct_.geometry);
}

std::uint16_t Study::refine(const MaskVolume& mask, std::uint16_t label, double marginMm, RefineMode mode,
                            const QString& prompt, bool overwriteOthers) {
    requireIdle();
    if (!mask.geometry.sameGrid(ct_.geometry, 1e-3) || mask.data.size() != labels().data.size())
        throw InputError("the segmentation does not lie on the open study's grid");
    if (label == 0 || !segment(label)) throw edit::EditError("select the segment to refine first");
    if (mode == RefineMode::Replace && segment(label)->locked) throw edit::EditError("the segment is locked");
    const edit::Box box = neighbourhood(label, marginMm);
    if (box.empty()) throw InputError("the segment to refine is empty: there is no neighbourhood to search");

    MaskVolume near(ct_.geometry, 0);
    std::size_t found = 0;
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
        for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
            for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) {
                const std::size_t v = near.index(i, j, k);
                if (mask.data[v]) {
                    near.data[v] = 1;
                    ++found;
                }
            }
    if (found == 0) throw InputError("LSMS found nothing near the segment: it is unchanged");

    const std::string text = prompt.toStdString();
    std::uint16_t written = label;
    if (mode == RefineMode::Replace) {
        // Intersect then union: the segment becomes exactly the refined voxels
        // (less those of locked, or without overwriteOthers other, segments).
        applyTool("refine: " + text, [&](edit::Edit& e) {
            edit::combineWithMask(e, label, edit::LogicalOp::Intersect, near);
            edit::combineWithMask(e, label, edit::LogicalOp::Union, near, overwriteOthers);
        });
    } else {
        written = applyTool("refine (new segment): " + text,
                            [&](edit::Edit& e) { return edit::applyAiResult(e, near, text, overwriteOthers); });
    }
    setActiveLabel(written);
    return written;
}

}  // namespace lsms::ui
