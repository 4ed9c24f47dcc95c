// "This lesion" from a click: the network-free point prompt. The region comes
// from edit::lesionAtPoint; writing it goes through workflow::AnswerPolicy
// like any answer, so a click cannot take voxels a prompt answer could not.
#include "lsms/ui/study.h"

#include "lsms/core/edit/lesion_at_point.h"
#include "lsms/core/error.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <string>

namespace lsms::ui {

namespace {

// The first "clicked lesion N" no segment is called, so names stay unique
// after deletions and undos.
std::string nextClickedName(const std::vector<edit::Segment>& segments) {
    std::set<std::string> names;
    for (const auto& s : segments) names.insert(s.name);
    for (int n = 1;; ++n) {
        const std::string name = "clicked lesion " + std::to_string(n);
        if (!names.count(name)) return name;
    }
}

std::string millilitres(double ml) {
    char text[32];
    std::snprintf(text, sizeof text, ml < 0.1 ? "%.3f mL" : "%.1f mL", ml);
    return text;
}

}  // namespace

workflow::AnswerOutcome Study::segmentAtPoint(const Vec3& ijk) {
    requireIdle();
    const Geometry& g = ct_.geometry;
    std::array<std::size_t, 3> seed{};
    for (int a = 0; a < 3; ++a) {
        const double v = std::round(ijk[a]);
        if (!(v >= 0 && v < double(g.size[a]))) throw InputError("the clicked point lies outside the volume");
        seed[a] = std::size_t(v);
    }
    const MaskVolume mask = edit::lesionAtPoint(ct_, seed);

    const std::string name = nextClickedName(segments());
    workflow::AnswerPolicy policy;  // hand-made segments keep their voxels
    workflow::AnswerRequest request;
    request.prompt = name;
    workflow::AnswerOutcome outcome = applyTool("clicked lesion: " + name, [&](edit::Edit& e) {
        workflow::AnswerOutcome o = policy.apply(e, mask, request);
        if (o.voxels == 0) throw InputError("the clicked lesion lies wholly in segments a click may not take from");
        // A region grown from a person's click is neither the network's
        // answer nor drawn by hand; without a prompt, later answers treat it
        // as hand-made and leave it alone.
        for (std::uint16_t label : o.labels) {
            edit::Segment s = e.segment(label);
            s.prompt.clear();
            s.algorithm = edit::Algorithm::Semiautomatic;
            e.updateSegment(s);
        }
        return o;
    });
    setActiveLabel(outcome.label);

    const double ml = double(outcome.voxels) * g.voxelVolumeMm3() / 1000.0;
    std::string m = "Added " + name + ": " + millilitres(ml) + " (" + std::to_string(outcome.voxels) +
                    " voxels), grown from the click without the network. Review before use.";
    for (const auto& y : outcome.yielded)
        m += " It took " + std::to_string(y.voxels) + " voxels from \u201c" + y.name + "\u201d.";
    for (const auto& k : outcome.kept)
        m += " " + std::to_string(k.voxels) + " voxels stay with \u201c" + k.name + "\u201d" +
             (k.locked ? " (locked)." : " (hand-made).");
    outcome.message = m;
    return outcome;
}

}  // namespace lsms::ui
