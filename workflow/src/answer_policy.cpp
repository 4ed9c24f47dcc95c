#include "lsms/workflow/answer_policy.h"

#include "lsms/core/edit/islands.h"
#include "lsms/core/error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace lsms::workflow {

namespace {

constexpr double kMinLesionMl = 0.02;

std::string quoted(const std::string& s) { return "\u201c" + s + "\u201d"; }

// Every voxel of `wanted` not yet the target's: taken from the background,
// from segments the policy lets yield, else counted as kept by its owner.
void take(edit::Edit& edit, const AnswerPolicy& policy, std::uint16_t target, const MaskVolume& wanted,
          std::map<std::uint16_t, std::size_t>& yielded, std::map<std::uint16_t, std::size_t>& kept) {
    const auto& data = edit.labels().data;
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (!wanted.data[i]) continue;
        const std::uint16_t owner = data[i];
        if (owner == target) continue;
        if (owner == 0) {
            edit.set(i, target);
        } else if (policy.mayTake(edit.segment(owner)) && edit.set(i, target)) {
            ++yielded[owner];
        } else {
            ++kept[owner];
        }
    }
}

std::vector<SegmentVoxels> describe(const edit::Edit& edit, const std::map<std::uint16_t, std::size_t>& counts) {
    std::vector<SegmentVoxels> out;
    for (const auto& [label, n] : counts) {
        const edit::Segment& s = edit.segment(label);
        out.push_back({label, s.name, n, s.locked, edit.list().voxelCount(label)});
    }
    return out;
}

std::string message(const AnswerOutcome& o, const std::string& prompt, bool overwriteOthers) {
    const std::string voxels = std::to_string(o.voxels) + " voxels";
    const std::string counted = o.labels.size() > 1 ? " as " + std::to_string(o.labels.size()) +
                                                          " lesions (one segment each, " + voxels + ")"
                                                    : " (" + voxels + ")";
    std::string m;
    if (o.kind == AnswerOutcome::Kind::Refined)
        m = "Refined " + quoted(prompt) + " near the selected segment" + counted + ". Review before use.";
    else
        m = "Added " + quoted(prompt) + counted + ". Trained on synthetic phantoms: review before use.";
    for (const auto& y : o.yielded) {
        m += " It took " + std::to_string(y.voxels) + " voxels from " + quoted(y.name);
        m += y.left == 0 ? ", which is now empty." : " (" + std::to_string(y.left) + " left).";
    }
    for (const auto& k : o.kept) {
        m += " " + std::to_string(k.voxels) + " voxels it marked stay with " + quoted(k.name);
        if (k.locked)
            m += " (locked).";
        else if (!overwriteOthers)
            m += " (not made by a prompt: tick \u201cAI may overwrite other segments\u201d to let answers take them).";
        else
            m += ".";
    }
    return m;
}

// Pieces under the network's own smallest lesion (0.02 mL, models'
// ConsolidationOptions::minVolumeMl) are crumbs of a lesion's edge, not
// lesions: each joins the lesion whose centre is nearest. Returns the
// labels left, in their order; nothing changes when every piece is a crumb.
std::vector<std::uint16_t> foldCrumbs(edit::Edit& edit, const std::vector<std::uint16_t>& pieces, double minMl) {
    const Geometry& g = edit.geometry();
    const double voxelMl = g.voxelVolumeMm3() / 1000.0;
    struct Centre {
        double n = 0, x = 0, y = 0, z = 0;
    };
    std::map<std::uint16_t, Centre> centre;
    for (std::uint16_t l : pieces) centre[l];
    const auto& data = edit.labels().data;
    const std::size_t nx = g.size[0], ny = g.size[1];
    for (std::size_t v = 0; v < data.size(); ++v) {
        const auto it = centre.find(data[v]);
        if (it == centre.end()) continue;
        Centre& c = it->second;
        c.n += 1;
        c.x += double(v % nx) * g.spacing[0];
        c.y += double((v / nx) % ny) * g.spacing[1];
        c.z += double(v / (nx * ny)) * g.spacing[2];
    }
    std::vector<std::uint16_t> lesions, crumbs;
    for (std::uint16_t l : pieces) (centre[l].n * voxelMl >= minMl ? lesions : crumbs).push_back(l);
    if (lesions.empty() || crumbs.empty()) return pieces;
    std::map<std::uint16_t, std::uint16_t> into;
    for (std::uint16_t c : crumbs) {
        const Centre& a = centre[c];
        double best = 0;
        for (std::uint16_t l : lesions) {
            const Centre& b = centre[l];
            const double d = std::hypot(a.x / a.n - b.x / b.n, a.y / a.n - b.y / b.n, a.z / a.n - b.z / b.n);
            if (!into.count(c) || d < best) {
                into[c] = l;
                best = d;
            }
        }
    }
    for (std::size_t v = 0; v < data.size(); ++v)
        if (const auto it = into.find(data[v]); it != into.end()) edit.set(v, it->second);
    for (std::uint16_t c : crumbs) edit.removeSegment(c);
    return lesions;
}

}  // namespace

bool AnswerPolicy::mayTake(const edit::Segment& owner) const {
    if (owner.locked) return false;
    return overwriteOthers_ || !owner.prompt.empty();
}

edit::Box AnswerPolicy::neighbourhood(const edit::SegmentList& list, std::uint16_t label, double marginMm) {
    if (label == 0 || !list.find(label)) return {};  // label 0's box would be the background's
    const edit::Box box = edit::boundingBox(list.labels(), label);
    if (box.empty()) return box;
    const Geometry& g = list.geometry();
    std::array<std::size_t, 3> margin{};
    for (int a = 0; a < 3; ++a) margin[a] = std::size_t(std::ceil(std::max(0.0, marginMm) / g.spacing[a] - 1e-9));
    return edit::grown(box, margin, g);
}

std::size_t AnswerPolicy::lesionCount(const MaskVolume& answer) {
    const Geometry& g = answer.geometry;
    if (answer.data.size() != g.voxelCount()) return 0;
    // The pieces are counted on the box around the answer, not a label grid
    // the size of the study.
    std::array<std::size_t, 3> lo{g.size[0], g.size[1], g.size[2]}, hi{0, 0, 0};
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i)
                if (answer.data[answer.index(i, j, k)]) {
                    const std::size_t at[3] = {i, j, k};
                    for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], at[a]), hi[a] = std::max(hi[a], at[a] + 1);
                }
    if (hi[0] <= lo[0]) return 0;
    Geometry box = g;
    for (int a = 0; a < 3; ++a) box.size[a] = hi[a] - lo[a];
    edit::SegmentList list(box);
    edit::Edit e(list, "lesion count");
    edit::Segment s;
    s.algorithm = edit::Algorithm::Automatic;
    const std::uint16_t label = e.addSegment(s);
    std::size_t v = 0;
    for (std::size_t k = lo[2]; k < hi[2]; ++k)
        for (std::size_t j = lo[1]; j < hi[1]; ++j)
            for (std::size_t i = lo[0]; i < hi[0]; ++i, ++v)
                if (answer.data[answer.index(i, j, k)]) e.set(v, label);
    std::vector<std::uint16_t> pieces{label};
    const auto more = edit::splitIslands(e, label, edit::Connectivity::Full26);
    pieces.insert(pieces.end(), more.begin(), more.end());
    return foldCrumbs(e, pieces, kMinLesionMl).size();
}

std::string AnswerPolicy::emptyAnswerMessage(const std::string& prompt) {
    // An empty answer must not read as "no lesion there": on held-out
    // phantoms the network misses most lesions under 10 mm (docs/evaluation.md).
    return "Nothing found for " + quoted(prompt) +
           ": no segment added. This does not mean there is no such lesion: the model misses most lesions under 10 mm.";
}

AnswerOutcome AnswerPolicy::apply(edit::Edit& edit, const MaskVolume& answer, const AnswerRequest& request) const {
    if (!answer.geometry.sameGrid(edit.geometry(), 1e-3) || answer.data.size() != edit.labels().data.size())
        throw InputError("the segmentation does not lie on the open study's grid");
    AnswerOutcome out;
    if (std::none_of(answer.data.begin(), answer.data.end(), [](std::uint8_t v) { return v != 0; })) {
        out.message = emptyAnswerMessage(request.prompt);
        return out;
    }

    const MaskVolume* wanted = &answer;
    MaskVolume near;
    if (request.refineLabel) {
        const std::uint16_t label = request.refineLabel;
        if (!edit.list().find(label)) throw edit::EditError("select the segment to refine first");
        if (request.refineMode == RefineMode::Replace && edit.segment(label).locked)
            throw edit::EditError("the segment is locked");
        const edit::Box box = neighbourhood(edit.list(), label, request.refineMarginMm);
        if (box.empty()) throw InputError("the segment to refine is empty: there is no neighbourhood to search");
        near = MaskVolume(answer.geometry, 0);
        std::size_t found = 0;
        for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
            for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
                for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) {
                    const std::size_t v = near.index(i, j, k);
                    if (!answer.data[v]) continue;
                    near.data[v] = 1;
                    ++found;
                }
        if (found == 0) throw InputError("LSMS found nothing near the segment: it is unchanged");
        wanted = &near;
    }

    std::map<std::uint16_t, std::size_t> yielded, kept;
    if (request.refineLabel && request.refineMode == RefineMode::Replace) {
        // The segment becomes exactly the answer's voxels near it, less those
        // other segments keep.
        out.kind = AnswerOutcome::Kind::Refined;
        out.label = request.refineLabel;
        const auto& data = edit.labels().data;
        for (std::size_t i = 0; i < data.size(); ++i)
            if (data[i] == out.label && !wanted->data[i]) edit.set(i, 0);
    } else {
        out.kind = request.refineLabel ? AnswerOutcome::Kind::Refined : AnswerOutcome::Kind::Added;
        edit::Segment s;
        s.name = request.prompt;
        s.prompt = request.prompt;
        s.algorithm = edit::Algorithm::Automatic;
        out.label = edit.addSegment(s);
    }
    take(edit, *this, out.label, *wanted, yielded, kept);
    out.labels = {out.label};
    if (out.kind == AnswerOutcome::Kind::Added || request.refineMode == RefineMode::AddSegment) {
        const auto more = edit::splitIslands(edit, out.label, edit::Connectivity::Full26);
        out.labels.insert(out.labels.end(), more.begin(), more.end());
        out.labels = foldCrumbs(edit, out.labels, kMinLesionMl);
        if (out.labels.size() > 1)
            for (std::size_t n = 0; n < out.labels.size(); ++n) {
                edit::Segment s = edit.segment(out.labels[n]);
                s.name = request.prompt + " - lesion " + std::to_string(n + 1);
                edit.updateSegment(s);
            }
    }
    for (std::uint16_t l : out.labels) out.voxels += edit.list().voxelCount(l);
    out.yielded = describe(edit, yielded);
    out.kept = describe(edit, kept);
    out.message = message(out, request.prompt, overwriteOthers_);
    return out;
}

}  // namespace lsms::workflow
