// What an answer does to the segments (lsms/workflow/answer_policy.h), on a
// phantom of the demo study's seed with its truth lesions as the answers: a
// later prompt keeps its lesions whole, older answers yield and the message
// says so, hand-made and locked segments keep theirs, and the message's voxel
// count is the segment's.
#include "lsms/core/edit/editor.h"
#include "lsms/core/edit/measurements.h"
#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/workflow/answer_policy.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <set>

using namespace lsms;
using workflow::AnswerOutcome;
using workflow::AnswerPolicy;
using workflow::AnswerRequest;

namespace {

// The demo's seed (app/viewer/demo_study.h) on a coarse grid, so the test
// renders in well under a second.
const phantom::Phantom& demo() {
    static const phantom::Phantom p = [] {
        phantom::PhantomOptions o;
        o.seed = 7;
        o.columns = o.rows = 128;
        o.pixelSpacingMm = 3.0;
        o.slices = 60;
        o.sliceThicknessMm = 4.0;
        return phantom::generatePhantom(o);
    }();
    return p;
}

// The answer a prompt about these truth lesions would ideally give.
MaskVolume lesions(const std::set<int>& ids) {
    const auto& truth = demo().labels;
    MaskVolume m(truth.geometry, 0);
    for (std::size_t v = 0; v < truth.data.size(); ++v) m.data[v] = ids.count(truth.data[v]) ? 1 : 0;
    return m;
}
MaskVolume allLesions() {
    std::set<int> ids;
    for (const auto& l : demo().lesions) ids.insert(l.id);
    return lesions(ids);
}
std::size_t voxelsOf(const MaskVolume& m) { return std::size_t(std::count(m.data.begin(), m.data.end(), 1)); }

const phantom::LesionTruth& firstOf(phantom::LesionKind kind) {
    const auto& all = demo().lesions;
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& l) { return l.kind == kind; });
    REQUIRE(it != all.end());
    return *it;
}
const phantom::LesionTruth& largest() {
    const auto& all = demo().lesions;
    return *std::max_element(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.volumeMl < b.volumeMl; });
}

AnswerOutcome answer(edit::Editor& editor, const AnswerPolicy& policy, const MaskVolume& mask, const std::string& prompt) {
    edit::Edit e = editor.begin("LSMS: " + prompt);
    AnswerRequest r;
    r.prompt = prompt;
    const AnswerOutcome o = policy.apply(e, mask, r);
    editor.commit(e);
    return o;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the cyst after all lesions keeps the whole cyst, and all lesions yields it", "[workflow][answer]") {
    REQUIRE(demo().lesions.size() >= 2);
    const auto& cyst = firstOf(phantom::LesionKind::Cyst);
    const MaskVolume all = allLesions(), cystMask = lesions({cyst.id});
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    AnswerPolicy policy;  // "AI may overwrite other segments" off, the default
    REQUIRE_FALSE(policy.overwriteOthers());

    const AnswerOutcome first = answer(editor, policy, all, "all lesions");
    CHECK(first.kind == AnswerOutcome::Kind::Added);
    CHECK(first.voxels == voxelsOf(all));
    CHECK(first.yielded.empty());

    // The lesion segment of "all lesions" that holds the cyst.
    std::uint16_t cystSegment = 0;
    for (std::size_t v = 0; v < cystMask.data.size() && !cystSegment; ++v)
        if (cystMask.data[v]) cystSegment = editor.list().labels().data[v];
    REQUIRE(std::find(first.labels.begin(), first.labels.end(), cystSegment) != first.labels.end());
    const std::size_t cystSegmentVoxels = editor.list().voxelCount(cystSegment);
    const std::string cystSegmentName = editor.list().find(cystSegment)->name;

    const AnswerOutcome second = answer(editor, policy, cystMask, "the cyst");
    const std::size_t cystVoxels = voxelsOf(cystMask);
    CHECK(second.voxels == cystVoxels);
    CHECK(second.labels == std::vector<std::uint16_t>{second.label});
    CHECK(editor.list().voxelCount(second.label) == cystVoxels);
    // The same volume as the truth lesion, not a sliver of it.
    const auto m = edit::measureSegment(editor.list().labels(), second.label);
    CHECK(m.volumeMl == Approx(cyst.volumeMl).epsilon(1e-3));
    CHECK(editor.list().voxelCount(cystSegment) == cystSegmentVoxels - cystVoxels);
    REQUIRE(second.yielded.size() == 1);
    CHECK(second.yielded[0].label == cystSegment);
    CHECK(second.yielded[0].voxels == cystVoxels);
    CHECK(contains(second.message, "(" + std::to_string(cystVoxels) + " voxels)"));
    CHECK(contains(second.message, "took " + std::to_string(cystVoxels) + " voxels from \u201c" + cystSegmentName + "\u201d"));
    // One undo step gives the cyst back to its lesion of all lesions.
    REQUIRE(editor.undo());
    CHECK(editor.list().voxelCount(cystSegment) == cystSegmentVoxels);
    CHECK(editor.list().find(second.label) == nullptr);
}

TEST_CASE("an answer with several lesions becomes one segment per lesion, largest first", "[workflow][answer][lesions]") {
    const MaskVolume all = allLesions();
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    AnswerPolicy policy;
    const AnswerOutcome o = answer(editor, policy, all, "all lesions");
    const auto& truth = demo().labels.data;
    // Every segment holds exactly the voxels of the truth lesions it touches
    // (lesions that touch each other form one piece).
    std::set<int> seen;
    std::size_t previous = std::numeric_limits<std::size_t>::max();
    for (std::size_t n = 0; n < o.labels.size(); ++n) {
        const std::uint16_t l = o.labels[n];
        const edit::Segment* s = editor.list().find(l);
        REQUIRE(s != nullptr);
        CHECK(s->name == "all lesions - lesion " + std::to_string(n + 1));
        CHECK(s->prompt == "all lesions");
        const std::size_t count = editor.list().voxelCount(l);
        CHECK(count <= previous);
        previous = count;
        std::set<int> ids;
        for (std::size_t v = 0; v < truth.size(); ++v)
            if (editor.list().labels().data[v] == l) ids.insert(truth[v]);
        REQUIRE_FALSE(ids.count(0));
        for (int id : ids) REQUIRE(seen.insert(id).second);  // no lesion in two segments
    }
    CHECK(seen.size() == demo().lesions.size());
    CHECK(o.labels.size() >= 2);
    CHECK(o.label == o.labels.front());
    CHECK(o.voxels == voxelsOf(all));
    CHECK(contains(o.message, "as " + std::to_string(o.labels.size()) + " lesions (one segment each, " +
                                  std::to_string(voxelsOf(all)) + " voxels)"));
    // One undo step removes them all.
    REQUIRE(editor.undo());
    CHECK(editor.list().segments().empty());
}

TEST_CASE("all lesions after the largest lesion includes the largest, and says the older segment is empty", "[workflow][answer]") {
    const auto& big = largest();
    const MaskVolume all = allLesions(), bigMask = lesions({big.id});
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    AnswerPolicy policy;
    const AnswerOutcome first = answer(editor, policy, bigMask, "the largest lesion");
    const AnswerOutcome second = answer(editor, policy, all, "all lesions");
    CHECK(second.voxels == voxelsOf(all));
    // The largest lesion is the largest piece, so it keeps the answer's first segment.
    for (std::size_t v = 0; v < all.data.size(); ++v)
        if (bigMask.data[v]) REQUIRE(editor.list().labels().data[v] == second.label);
    CHECK(editor.list().voxelCount(first.label) == 0);
    REQUIRE(second.yielded.size() == 1);
    CHECK(second.yielded[0].left == 0);
    CHECK(contains(second.message, "from \u201cthe largest lesion\u201d, which is now empty"));
    CHECK(contains(second.message, "one segment each, " + std::to_string(voxelsOf(all)) + " voxels)"));
}

TEST_CASE("hand-drawn segments keep their voxels unless AI may overwrite them, locked ones always", "[workflow][answer]") {
    const auto& cyst = firstOf(phantom::LesionKind::Cyst);
    const MaskVolume cystMask = lesions({cyst.id});
    const std::size_t cystVoxels = voxelsOf(cystMask);
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    // A hand-drawn segment over the first half of the cyst's voxels.
    std::uint16_t drawn = 0;
    std::size_t drawnVoxels = 0;
    {
        edit::Edit e = editor.begin("brush");
        edit::Segment s;
        s.name = "my cyst";
        drawn = e.addSegment(s);
        for (std::size_t v = 0; v < cystMask.data.size() && drawnVoxels < cystVoxels / 2; ++v)
            if (cystMask.data[v]) drawnVoxels += e.set(v, drawn);
        editor.commit(e);
    }
    REQUIRE(drawnVoxels > 0);

    AnswerPolicy policy;
    const AnswerOutcome kept = answer(editor, policy, cystMask, "the cyst");
    CHECK(kept.voxels == cystVoxels - drawnVoxels);
    CHECK(editor.list().voxelCount(drawn) == drawnVoxels);
    REQUIRE(kept.kept.size() == 1);
    CHECK(kept.kept[0].voxels == drawnVoxels);
    // Not silent: the message says the answer is smaller and why.
    CHECK(contains(kept.message, "(" + std::to_string(cystVoxels - drawnVoxels) + " voxels)"));
    CHECK(contains(kept.message, std::to_string(drawnVoxels) + " voxels it marked stay with \u201cmy cyst\u201d"));
    CHECK(contains(kept.message, "AI may overwrite other segments"));
    REQUIRE(editor.undo());

    policy.setOverwriteOthers(true);
    const AnswerOutcome taken = answer(editor, policy, cystMask, "the cyst");
    CHECK(taken.voxels == cystVoxels);
    CHECK(editor.list().voxelCount(drawn) == 0);
    REQUIRE(editor.undo());

    // A locked segment keeps its voxels whatever the setting, and says so.
    {
        edit::Edit e = editor.begin("lock");
        edit::Segment s = e.segment(drawn);
        s.locked = true;
        e.updateSegment(s);
        editor.commit(e);
    }
    const AnswerOutcome locked = answer(editor, policy, cystMask, "the cyst");
    CHECK(locked.voxels == cystVoxels - drawnVoxels);
    CHECK(editor.list().voxelCount(drawn) == drawnVoxels);
    CHECK(contains(locked.message, "stay with \u201cmy cyst\u201d (locked)"));
}

TEST_CASE("an earlier answer that is locked keeps its voxels too", "[workflow][answer]") {
    const auto& cyst = firstOf(phantom::LesionKind::Cyst);
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    AnswerPolicy policy;
    const AnswerOutcome all = answer(editor, policy, allLesions(), "all lesions");
    {
        edit::Edit e = editor.begin("lock");
        for (std::uint16_t l : all.labels) {
            edit::Segment s = e.segment(l);
            s.locked = true;
            e.updateSegment(s);
        }
        editor.commit(e);
    }
    const AnswerOutcome again = answer(editor, policy, lesions({cyst.id}), "the cyst");
    CHECK(again.voxels == 0);
    CHECK(again.yielded.empty());
    REQUIRE(again.kept.size() == 1);
    CHECK(again.kept[0].locked);
    CHECK(contains(again.message, "(0 voxels)"));
    CHECK(contains(again.message, "(locked)"));
}

TEST_CASE("an empty answer changes nothing and is no evidence of absence", "[workflow][answer]") {
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    AnswerPolicy policy;
    const AnswerOutcome o = answer(editor, policy, MaskVolume(demo().labels.geometry, 0), "the smallest lesion");
    CHECK(o.kind == AnswerOutcome::Kind::Empty);
    CHECK(o.label == 0);
    CHECK(editor.list().segments().empty());
    CHECK(editor.history().undoCount() == 0);
    CHECK(contains(o.message, "Nothing found for \u201cthe smallest lesion\u201d"));
    CHECK(contains(o.message, "does not mean there is no such lesion"));
}

TEST_CASE("refining an earlier answer near itself takes the answer's voxels there only", "[workflow][answer][refine]") {
    const auto& cyst = firstOf(phantom::LesionKind::Cyst);
    const MaskVolume all = allLesions(), cystMask = lesions({cyst.id});
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    AnswerPolicy policy;
    // An earlier answer holding only the cyst's first voxels, refined with
    // an answer for every lesion: it becomes the whole cyst, the other lesions
    // (out of its neighbourhood) are not added.
    MaskVolume part(cystMask.geometry, 0);
    std::size_t partVoxels = 0;
    for (std::size_t v = 0; v < part.data.size() && partVoxels < 20; ++v)
        if (cystMask.data[v]) {
            part.data[v] = 1;
            ++partVoxels;
        }
    const AnswerOutcome rough = answer(editor, policy, part, "the cyst");
    const edit::Box box = AnswerPolicy::neighbourhood(editor.list(), rough.label, 40.0);
    REQUIRE_FALSE(box.empty());
    edit::Edit e = editor.begin("refine");
    AnswerRequest r;
    r.prompt = "the cyst";
    r.refineLabel = rough.label;
    r.refineMarginMm = 40.0;
    const AnswerOutcome refined = policy.apply(e, all, r);
    editor.commit(e);
    CHECK(refined.kind == AnswerOutcome::Kind::Refined);
    CHECK(refined.label == rough.label);
    std::size_t inBox = 0;
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
        for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
            for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) inBox += all.data[all.index(i, j, k)];
    CHECK(refined.voxels == inBox);
    CHECK(refined.voxels >= voxelsOf(cystMask));
    CHECK(contains(refined.message, "Refined \u201cthe cyst\u201d near the selected segment (" + std::to_string(inBox) + " voxels)"));
}

TEST_CASE("an answer off the study's grid is refused and changes nothing", "[workflow][answer][errors]") {
    edit::Editor editor(edit::SegmentList(demo().labels.geometry));
    AnswerPolicy policy;
    Geometry other = demo().labels.geometry;
    other.size[2] -= 1;
    {
        edit::Edit e = editor.begin("LSMS");
        AnswerRequest r;
        r.prompt = "all lesions";
        CHECK_THROWS_AS(policy.apply(e, MaskVolume(other, 1), r), InputError);
    }  // rolled back
    CHECK(editor.list().segments().empty());
    CHECK(editor.history().undoCount() == 0);
}

TEST_CASE("crumbs of an answer under the network's smallest lesion join the nearest lesion", "[workflow][answer][lesions]") {
    Geometry g;
    g.size = {60, 60, 20};
    g.spacing = {1.0, 1.0, 1.0};  // 1 uL voxels: 20 voxels make 0.02 mL
    MaskVolume mask(g, 0);
    auto box = [&](std::size_t i0, std::size_t j0, std::size_t k0, std::size_t a, std::size_t b, std::size_t c) {
        for (std::size_t k = k0; k < k0 + c; ++k)
            for (std::size_t j = j0; j < j0 + b; ++j)
                for (std::size_t i = i0; i < i0 + a; ++i) mask.at(i, j, k) = 1;
    };
    box(5, 5, 5, 10, 10, 10);   // 1 mL
    box(40, 40, 5, 5, 5, 4);    // 0.1 mL
    box(47, 47, 6, 2, 1, 1);    // a 2-voxel crumb beside the smaller lesion
    box(30, 5, 15, 4, 4, 1);    // 16 voxels: still a crumb, nearest the larger one
    edit::Editor editor{edit::SegmentList(g)};
    const AnswerOutcome o = answer(editor, AnswerPolicy(), mask, "all lesions");
    REQUIRE(o.labels.size() == 2);
    CHECK(editor.list().voxelCount(o.labels[0]) == 1000 + 16);
    CHECK(editor.list().voxelCount(o.labels[1]) == 100 + 2);
    CHECK(editor.list().labels().at(47, 47, 6) == o.labels[1]);
    CHECK(editor.list().labels().at(30, 5, 15) == o.labels[0]);
    CHECK(editor.list().segments().size() == 2);
    CHECK(o.voxels == 1118);
    // Only crumbs: kept as they are, nothing is lost.
    edit::Editor other{edit::SegmentList(g)};
    MaskVolume tiny(g, 0);
    tiny.at(1, 1, 1) = tiny.at(50, 50, 10) = 1;
    const AnswerOutcome t = answer(other, AnswerPolicy(), tiny, "the smallest lesion");
    CHECK(t.labels.size() == 2);
    CHECK(t.voxels == 2);
}
