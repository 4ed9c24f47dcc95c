#include "edit_fixture.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/interpolate.h"
#include "lsms/core/edit/islands.h"
#include "lsms/core/edit/logical.h"
#include "lsms/core/edit/morphology.h"
#include "lsms/core/edit/segment_ops.h"

#include "../support/resident_memory.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;

namespace {
// One random gesture of any kind on a random unlocked segment.
void randomGesture(Editor& editor, std::mt19937& rng) {
    auto pick = [&](int n) { return int(rng() % unsigned(n)); };
    const auto& segs = editor.list().segments();
    Edit e = editor.begin("random");
    const Geometry& g = e.geometry();
    auto centre = [&] { return Vec3{double(pick(int(g.size[0]))), double(pick(int(g.size[1]))), double(pick(int(g.size[2])))}; };
    std::vector<std::uint16_t> unlocked;
    for (const Segment& s : segs)
        if (!s.locked) unlocked.push_back(s.label);
    const int kind = unlocked.empty() ? 0 : pick(11);
    const std::uint16_t label = unlocked.empty() ? 0 : unlocked[std::size_t(pick(int(unlocked.size())))];
    const BrushShape shape{1.0 + pick(4), SliceAxis(pick(3)), pick(4) == 0};
    switch (kind) {
        case 0: e.addSegment(Segment{}); break;
        case 1: paintStroke(e, label, {centre(), centre()}, shape); break;
        case 2: eraseDab(e, centre(), shape); break;
        case 3: keepLargestIsland(e, label); break;
        case 4: medianSmooth(e, label); break;
        case 5: closeSegment(e, label, 1.5); break;
        case 6: fillBetweenSlices(e, label); break;
        case 7: splitIslands(e, label); break;
        case 8: {
            Segment s = e.segment(label);
            s.name += "'";
            s.locked = pick(3) == 0;
            s.review = ReviewStatus(pick(3));
            e.updateSegment(s);
            break;
        }
        case 9: {
            MaskVolume m(g, 0);
            for (std::size_t i = 0; i < m.data.size(); ++i) m.data[i] = pick(5) == 0;
            applyAiResult(e, m, "prompt", pick(2) == 0);
            break;
        }
        default:
            if (segs.size() > 1 && pick(2)) mergeSegments(e, unlocked[0], label);
            else e.removeSegment(label);
            break;
    }
    editor.commit(e);
}
}  // namespace

TEST_CASE("random edits: undo all returns to the start, redo all to the end", "[edit][undo][property]") {
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        Editor editor(SegmentList(grid(14, 12, 9, {0.8, 0.8, 1.5})));
        addSegment(editor, "first");
        const auto startLabels = editor.list().labels().data;
        const auto startSegments = editor.list().segments();
        const std::size_t before = editor.history().undoCount();
        for (int n = 0; n < 60; ++n) {
            try {
                randomGesture(editor, rng);
            } catch (const EditError&) {
                // A merge into a locked target etc.: the edit rolled back.
            }
        }
        const auto endLabels = editor.list().labels().data;
        const auto endSegments = editor.list().segments();
        CAPTURE(seed);
        REQUIRE(editor.history().undoCount() > before + 20);
        while (editor.history().undoCount() > before) REQUIRE(editor.undo());
        CHECK(editor.list().labels().data == startLabels);
        CHECK(editor.list().segments() == startSegments);
        while (editor.redo()) {
        }
        CHECK(editor.list().labels().data == endLabels);
        CHECK(editor.list().segments() == endSegments);
    }
}

TEST_CASE("locked segments are untouched by every tool", "[edit][lock]") {
    Editor editor(SegmentList(grid(16, 16, 8)));
    const auto mine = addSegment(editor, "mine");
    const auto locked = addSegment(editor, "locked");
    fillBox(editor, locked, {4, 4, 2}, {12, 12, 6});
    fillBox(editor, mine, {2, 2, 1}, {6, 6, 7});  // overlaps and surrounds part of it
    fillBox(editor, mine, {13, 13, 1}, {14, 14, 2});
    fillBox(editor, mine, {13, 13, 5}, {14, 14, 6});
    {
        Edit e = editor.begin("lock");
        Segment s = e.segment(locked);
        s.locked = true;
        e.updateSegment(s);
        editor.commit(e);
    }
    const auto before = editor.list().labels().data;
    auto lockedVoxelsUnchanged = [&] {
        const auto& now = editor.list().labels().data;
        for (std::size_t i = 0; i < now.size(); ++i)
            if ((before[i] == locked) != (now[i] == locked)) return false;
        return true;
    };
    MaskVolume all(editor.list().geometry(), 1);
    CtVolume ct(editor.list().geometry(), 50.0f);
    const BrushShape big{6.0, SliceAxis::Axial, true};
    Edit e = editor.begin("everything");
    paintDab(e, mine, {8, 8, 4}, big);
    paintThresholdDab(e, mine, {8, 8, 4}, big, ct, 0, 100);
    paintStroke(e, mine, {{0, 0, 4}, {15, 15, 4}}, {3.0});
    eraseDab(e, {8, 8, 4}, big);
    closeSegment(e, mine, 2.0);
    openSegment(e, mine, 1.0);
    medianSmooth(e, mine);
    fillBetweenSlices(e, mine);
    keepLargestIsland(e, mine);
    combineWithMask(e, mine, LogicalOp::Union, all);
    combineSegments(e, mine, LogicalOp::Intersect, locked);
    applyAiResult(e, all, "everything", true);
    CHECK_THROWS_AS(paintDab(e, locked, {8, 8, 4}, big), EditError);
    CHECK_THROWS_AS(keepLargestIsland(e, locked), EditError);
    CHECK_THROWS_AS(medianSmooth(e, locked), EditError);
    CHECK_THROWS_AS(fillBetweenSlices(e, locked), EditError);
    CHECK_THROWS_AS(combineWithMask(e, locked, LogicalOp::Intersect, all), EditError);
    CHECK_THROWS_AS(combineSegments(e, mine, LogicalOp::Union, locked), EditError);
    CHECK_THROWS_AS(mergeSegments(e, mine, locked), EditError);
    CHECK_THROWS_AS(e.removeSegment(locked), EditError);
    editor.commit(e);
    CHECK(editor.list().voxelCount(locked) == 8 * 8 * 4 - 2 * 2 * 4);  // "mine" took a corner before the lock
    CHECK(lockedVoxelsUnchanged());
    CHECK(editor.list().labels().data != before);  // the tools did change the rest
}

TEST_CASE("100 brush strokes on 512x512x300 cost under 50 MB of undo", "[edit][undo][memory]") {
    Geometry g = grid(512, 512, 300, {0.7, 0.7, 1.0});
    // The label volume's pages are resident before the strokes (a fresh one
    // costs memory only where it is painted): what is measured is the undo.
    LabelVolume labels(g, Uninitialized{});
    std::fill(labels.data.begin(), labels.data.end(), std::uint16_t(0));
    Editor editor(SegmentList(std::move(labels), {}), std::size_t(50) << 20);
    const auto a = addSegment(editor, "a");
    const std::size_t rssBefore = lsms::test::residentBytes();
    std::mt19937 rng(5);
    for (int s = 0; s < 100; ++s) {
        Edit e = editor.begin("stroke");
        std::vector<Vec3> pts;
        const double k = double(rng() % 300);
        for (int p = 0; p < 8; ++p) pts.push_back({double(60 + rng() % 390), double(60 + rng() % 390), k});
        paintStroke(e, a, pts, {10.0});
        editor.commit(e);
    }
    CHECK(editor.history().undoCount() == 101);  // nothing dropped: all fit the cap
    CHECK(editor.history().bytesUsed() < std::size_t(50) << 20);
#if !defined(__SANITIZE_ADDRESS__)  // ASan's shadow memory and quarantine are resident too
    CHECK(lsms::test::residentBytes() - rssBefore < std::size_t(50) << 20);
#else
    (void)rssBefore;
#endif
    for (int s = 0; s < 100; ++s) REQUIRE(editor.undo());
    CHECK(editor.list().voxelCount(a) == 0);
}
