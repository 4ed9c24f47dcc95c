#include "edit_fixture.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/islands.h"
#include "lsms/core/edit/logical.h"
#include "lsms/core/edit/morphology.h"
#include "lsms/core/edit/segment_ops.h"

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;

namespace {
// Islands of 27, 8 and 1 voxels; the single voxel touches the 8-cube diagonally.
std::uint16_t threeIslands(Editor& editor) {
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {0, 0, 0}, {3, 3, 3});
    fillBox(editor, a, {5, 5, 5}, {7, 7, 7});
    fillBox(editor, a, {7, 7, 7}, {8, 8, 8});
    return a;
}
}  // namespace

TEST_CASE("keep largest island, face or full connectivity", "[edit][islands]") {
    Editor editor(SegmentList(grid(10, 10, 10)));
    const auto a = threeIslands(editor);
    {
        Edit e = editor.begin("largest 26");
        CHECK(keepLargestIsland(e, a, Connectivity::Full26) == 9);
        e.rollback();
    }
    Edit e = editor.begin("largest");
    CHECK(keepLargestIsland(e, a) == 9);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 27);
    CHECK(editor.list().labels().at(1, 1, 1) == a);
}

TEST_CASE("remove islands under a volume in mm3", "[edit][islands]") {
    Editor editor(SegmentList(grid(10, 10, 10, {1.0, 1.0, 2.0})));  // 2 mm3 voxels
    const auto a = threeIslands(editor);
    Edit e = editor.begin("small");
    CHECK(removeSmallIslands(e, a, 16.0) == 1);  // 2 mm3 goes, 16 mm3 stays
    CHECK(removeSmallIslands(e, a, 16.1) == 8);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 27);
}

TEST_CASE("split islands into segments, largest keeps the label", "[edit][islands]") {
    Editor editor(SegmentList(grid(10, 10, 10)));
    const auto a = threeIslands(editor);
    Edit e = editor.begin("split");
    const auto added = splitIslands(e, a);
    editor.commit(e);
    REQUIRE(added.size() == 2);
    CHECK(count(editor.list(), a) == 27);
    CHECK(count(editor.list(), added[0]) == 8);
    CHECK(count(editor.list(), added[1]) == 1);
    CHECK(editor.list().find(added[0])->name == "a 2");
    CHECK(editor.list().find(added[1])->name == "a 3");
    CHECK(editor.list().find(added[0])->colour != editor.list().find(a)->colour);
    editor.undo();
    CHECK(count(editor.list(), a) == 36);
    CHECK(editor.list().segments().size() == 1);
}

TEST_CASE("median removes corners, edges and a spur and fills a hole", "[edit][smooth]") {
    Editor editor(SegmentList(grid(9, 9, 9)));
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {2, 2, 2}, {7, 7, 7});  // 5^3 = 125
    Edit fix = editor.begin("fixture");
    fix.set(editor.list().labels().index(4, 4, 4), 0);  // hole
    fix.set(editor.list().labels().index(7, 4, 4), a);  // spur
    editor.commit(fix);
    Edit e = editor.begin("median");
    // 8 corners (8 of 27) and 36 edge voxels (12 of 27) leave, the spur leaves, the hole fills.
    CHECK(medianSmooth(e, a) == 8 + 36 + 1 + 1);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 125 - 44);
}

TEST_CASE("opening with a 1 mm ball keeps the cross-dilated core", "[edit][smooth]") {
    Editor editor(SegmentList(grid(9, 9, 9)));
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {2, 2, 2}, {7, 7, 7});
    fillBox(editor, a, {7, 2, 2}, {8, 3, 3});  // spur on a corner
    Edit e = editor.begin("open");
    // Erode to the 3^3 core, dilate by the 6-neighbour ball: 27 + 6 * 9 = 81.
    // (A spur on a face centre would stay: the ball centred beside it fits.)
    CHECK(openSegment(e, a, 1.0) == 126 - 81);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 81);
}

TEST_CASE("closing with a 1 mm ball bridges a one-voxel gap", "[edit][smooth]") {
    Editor editor(SegmentList(grid(9, 9, 9)));
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    fillBox(editor, a, {2, 2, 2}, {7, 7, 4});
    fillBox(editor, a, {2, 2, 5}, {7, 7, 7});
    fillBox(editor, b, {0, 0, 0}, {1, 1, 1});  // far away, must not change
    Edit e = editor.begin("close");
    // The gap layer fills where its 6-neighbourhood is in the dilation: the inner 3 x 3.
    CHECK(closeSegment(e, a, 1.0) == 9);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 109);
    CHECK(count(editor.list(), b) == 1);
}

TEST_CASE("closing takes only background, not other segments", "[edit][smooth]") {
    Editor editor(SegmentList(grid(9, 9, 9)));
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    fillBox(editor, a, {2, 2, 2}, {7, 7, 4});
    fillBox(editor, a, {2, 2, 5}, {7, 7, 7});
    fillBox(editor, b, {3, 3, 4}, {4, 4, 5});  // one voxel in the gap
    Edit e = editor.begin("close");
    CHECK(closeSegment(e, a, 1.0) == 8);
    editor.commit(e);
    CHECK(count(editor.list(), b) == 1);
}

TEST_CASE("logical operations with a mask", "[edit][logical]") {
    Editor editor(SegmentList(grid(10, 10, 1)));
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    fillBox(editor, a, {0, 0, 0}, {5, 10, 1});   // 50
    fillBox(editor, b, {5, 0, 0}, {10, 5, 1});   // 25
    MaskVolume mask(editor.list().geometry(), 0);
    for (std::size_t j = 0; j < 10; ++j)
        for (std::size_t i = 3; i < 8; ++i) mask.at(i, j, 0) = 1;  // columns 3..7
    SECTION("union") {
        Edit e = editor.begin("union");
        // Columns 5..7: rows 0..4 from b (15) and rows 5..9 background (15).
        CHECK(combineWithMask(e, a, LogicalOp::Union, mask, false) == 15);
        CHECK(combineWithMask(e, a, LogicalOp::Union, mask, true) == 15);
        editor.commit(e);
        CHECK(count(editor.list(), a) == 80);
        CHECK(count(editor.list(), b) == 10);
    }
    SECTION("subtract") {
        Edit e = editor.begin("subtract");
        CHECK(combineWithMask(e, a, LogicalOp::Subtract, mask) == 20);
        editor.commit(e);
        CHECK(count(editor.list(), a) == 30);
    }
    SECTION("intersect") {
        Edit e = editor.begin("intersect");
        CHECK(combineWithMask(e, a, LogicalOp::Intersect, mask) == 30);
        editor.commit(e);
        CHECK(count(editor.list(), a) == 20);
        CHECK(count(editor.list(), b) == 25);
    }
    SECTION("between segments") {
        Edit e = editor.begin("segments");
        CHECK(combineSegments(e, a, LogicalOp::Subtract, b) == 0);
        CHECK(combineSegments(e, a, LogicalOp::Union, b) == 25);
        CHECK(count(editor.list(), b) == 0);
        const auto c = e.addSegment(Segment{});
        CHECK(combineSegments(e, a, LogicalOp::Intersect, c) == 75);
        editor.commit(e);
        CHECK(count(editor.list(), a) == 0);
    }
}

TEST_CASE("merge, duplicate and delete segments", "[edit][segments]") {
    Editor editor(SegmentList(grid(10, 10, 1)));
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    fillBox(editor, a, {0, 0, 0}, {5, 10, 1});
    fillBox(editor, b, {5, 0, 0}, {10, 5, 1});
    Edit e = editor.begin("merge");
    mergeSegments(e, a, b);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 75);
    CHECK(editor.list().find(b) == nullptr);
    Edit d = editor.begin("duplicate");
    const auto c = duplicateSegment(d, a);
    editor.commit(d);
    CHECK(editor.list().find(c)->name == "a copy");
    CHECK(count(editor.list(), c) == 0);
    CHECK(count(editor.list(), a) == 75);
    editor.undo();
    editor.undo();
    CHECK(count(editor.list(), a) == 50);
    CHECK(count(editor.list(), b) == 25);
}

TEST_CASE("threshold brush paints only voxels within the HU window", "[edit][brush]") {
    Editor editor(SegmentList(grid(11, 11, 1)));
    const auto a = addSegment(editor, "a");
    CtVolume ct(editor.list().geometry(), 0.0f);
    for (std::size_t j = 0; j < 11; ++j)
        for (std::size_t i = 0; i < 11; ++i) ct.set(i, j, 0, float(10 * i));
    Edit e = editor.begin("threshold");
    // The r=2 disc at (5,5) has 1 voxel in column 3 and 3 in column 4.
    CHECK(paintThresholdDab(e, a, {5, 5, 0}, {2.0}, ct, 30.0f, 40.0f) == 4);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 4);
    CHECK(editor.list().labels().at(4, 4, 0) == a);
    CHECK(editor.list().labels().at(5, 5, 0) == 0);
}

TEST_CASE("AI results never touch locked segments, others only when asked", "[edit][lock][ai]") {
    Editor editor(SegmentList(grid(10, 10, 1)));
    const auto locked = addSegment(editor, "locked", true);
    {
        Edit e = editor.begin("fixture");
        Segment s = e.segment(locked);
        s.locked = false;
        e.updateSegment(s);
        for (std::size_t j = 0; j < 10; ++j) e.set(editor.list().labels().index(0, j, 0), locked);
        s.locked = true;
        e.updateSegment(s);
        editor.commit(e);
    }
    MaskVolume column1(editor.list().geometry(), 0);
    for (std::size_t j = 0; j < 10; ++j) column1.at(1, j, 0) = 1;
    Edit first = editor.begin("first AI result");
    const auto other = applyAiResult(first, column1, "other", false);
    editor.commit(first);
    MaskVolume mask(editor.list().geometry(), 0);
    for (std::size_t j = 0; j < 10; ++j)
        for (std::size_t i = 0; i < 3; ++i) mask.at(i, j, 0) = 1;  // columns 0..2
    {
        Edit e = editor.begin("AI");
        const auto ai = applyAiResult(e, mask, "the largest lesion", false);
        editor.commit(e);
        CHECK(count(editor.list(), ai) == 10);
        CHECK(editor.list().find(ai)->algorithm == Algorithm::Automatic);
        CHECK(editor.list().find(ai)->name == "the largest lesion");
        CHECK(editor.list().find(ai)->prompt == "the largest lesion");
        CHECK(editor.list().find(other)->algorithm == Algorithm::Automatic);
        editor.undo();
    }
    Edit e = editor.begin("AI overwrite");
    const auto ai = applyAiResult(e, mask, "lesion", true);
    editor.commit(e);
    CHECK(count(editor.list(), ai) == 20);
    CHECK(count(editor.list(), locked) == 10);
    CHECK(count(editor.list(), other) == 0);
    CHECK(editor.list().find(other)->algorithm == Algorithm::Semiautomatic);
}
