#include "edit_fixture.h"

#include "lsms/core/edit/brush.h"

#include <catch2/catch.hpp>

#include <set>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;

TEST_CASE("new segments get distinct default colours and free labels", "[edit][segments]") {
    Editor editor(SegmentList(grid(4, 4, 1)));
    std::set<std::tuple<int, int, int>> colours;
    std::set<int> labels;
    for (int n = 0; n < 30; ++n) {
        const std::uint16_t l = addSegment(editor, "s" + std::to_string(n));
        const Segment* s = editor.list().find(l);
        REQUIRE(s);
        colours.insert({s->colour.r, s->colour.g, s->colour.b});
        labels.insert(l);
    }
    CHECK(colours.size() == 30);
    CHECK(labels.size() == 30);
    CHECK(*labels.begin() == 1);
}

TEST_CASE("a disc brush paints the voxels within the radius in mm", "[edit][brush]") {
    Editor editor(SegmentList(grid(11, 11, 3)));
    const auto a = addSegment(editor, "a");
    Edit e = editor.begin("stroke");
    // Radius 2 mm at 1 mm pixels: lattice points with x^2 + y^2 <= 4 -> 13.
    CHECK(paintDab(e, a, {5, 5, 1}, {2.0, SliceAxis::Axial, false}) == 13);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 13);
    CHECK(editor.list().labels().at(5, 5, 1) == a);
    CHECK(editor.list().labels().at(7, 5, 1) == a);
    CHECK(editor.list().labels().at(7, 6, 1) == 0);
    CHECK(editor.list().labels().at(5, 5, 0) == 0);
}

TEST_CASE("the brush radius is in mm on anisotropic pixels and any slice axis", "[edit][brush]") {
    // 0.5 mm columns, 1 mm rows, 2 mm slices.
    Editor editor(SegmentList(grid(21, 11, 11, {0.5, 1.0, 2.0})));
    const auto a = addSegment(editor, "a");
    Edit e = editor.begin("stroke");
    // Axial disc r = 1 mm: (di*0.5)^2 + dj^2 <= 1 -> dj=0: di in -2..2 (5); dj=+-1: di=0 (2) -> 7.
    CHECK(paintDab(e, a, {10, 5, 5}, {1.0, SliceAxis::Axial, false}) == 7);
    // Coronal disc (constant j) r = 2 mm, centre j=2: (di*0.5)^2 + (dk*2)^2 <= 4
    // dk=0: di -4..4 (9); dk=+-1: di=0 (2) -> 11.
    CHECK(paintDab(e, a, {10, 2, 5}, {2.0, SliceAxis::Coronal, false}) == 11);
    // Sagittal disc (constant i) r = 1 mm at i=3: dj^2 + (dk*2)^2 <= 1 -> 3 voxels.
    CHECK(paintDab(e, a, {3, 5, 5}, {1.0, SliceAxis::Sagittal, false}) == 3);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 7 + 11 + 3);
}

TEST_CASE("a sphere brush paints a 3D ball", "[edit][brush]") {
    Editor editor(SegmentList(grid(9, 9, 9)));
    const auto a = addSegment(editor, "a");
    Edit e = editor.begin("stroke");
    // Lattice points with x^2+y^2+z^2 <= 4: 1 + 6 + 12 + 8 + 6 = 33.
    CHECK(paintDab(e, a, {4, 4, 4}, {2.0, SliceAxis::Axial, true}) == 33);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 33);
}

TEST_CASE("the brush clips at the volume border", "[edit][brush]") {
    Editor editor(SegmentList(grid(5, 5, 1)));
    const auto a = addSegment(editor, "a");
    Edit e = editor.begin("stroke");
    // Quarter of the r=2 disc at the corner: (0..2)x(0..2) with x^2+y^2<=4 -> 6.
    CHECK(paintDab(e, a, {0, 0, 0}, {2.0}) == 6);
    CHECK(paintDab(e, a, {0, 0, 7}, {2.0}) == 0);  // slice outside
    editor.commit(e);
}

TEST_CASE("eraser removes one segment or every unlocked one", "[edit][brush]") {
    Editor editor(SegmentList(grid(10, 10, 1)));
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    fillBox(editor, a, {0, 0, 0}, {5, 10, 1});
    fillBox(editor, b, {5, 0, 0}, {10, 10, 1});
    {
        Edit e = editor.begin("erase a only");
        // r=2 disc at (5,5): 13 voxels, 6 of them at i<5 (columns 3,4: 1+... )
        // columns i=3: dj=0 (1); i=4: dj -1..1 (3); i=5..7: 5+3+1 -> a loses 4, b keeps 9.
        CHECK(eraseDab(e, {5, 5, 0}, {2.0}, a) == 4);
        editor.commit(e);
    }
    CHECK(count(editor.list(), a) == 46);
    CHECK(count(editor.list(), b) == 50);
    {
        Edit e = editor.begin("erase all");
        CHECK(eraseDab(e, {5, 5, 0}, {2.0}) == 9);
        editor.commit(e);
    }
    CHECK(count(editor.list(), b) == 41);
}

TEST_CASE("painting over another segment respects overwriteOthers", "[edit][brush]") {
    Editor editor(SegmentList(grid(10, 10, 1)));
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    fillBox(editor, b, {5, 0, 0}, {10, 10, 1});
    Edit e = editor.begin("stroke");
    CHECK(paintDab(e, a, {5, 5, 0}, {2.0}, false) == 4);
    CHECK(paintDab(e, a, {5, 5, 0}, {2.0}, true) == 9);
    editor.commit(e);
    CHECK(count(editor.list(), a) == 13);
    CHECK(count(editor.list(), b) == 41);
}

TEST_CASE("a stroke leaves no gaps between distant points", "[edit][brush]") {
    Editor editor(SegmentList(grid(40, 9, 1)));
    const auto a = addSegment(editor, "a");
    Edit e = editor.begin("stroke");
    // r = 1 mm: each row j=3..5 is painted from i=4 to 35 -> 32*3 + 2 end caps.
    paintStroke(e, a, {{5, 4, 0}, {34, 4, 0}}, {1.0});
    editor.commit(e);
    CHECK(count(editor.list(), a) == 30 * 3 + 2);
    for (std::size_t i = 5; i <= 34; ++i) CHECK(editor.list().labels().at(i, 4, 0) == a);
}

TEST_CASE("locked segments are never painted, erased or painted into", "[edit][lock]") {
    Editor editor(SegmentList(grid(10, 10, 1)));
    const auto a = addSegment(editor, "a");
    const auto locked = addSegment(editor, "locked");
    fillBox(editor, locked, {0, 0, 0}, {5, 10, 1});
    {
        Edit e = editor.begin("lock");
        Segment s = e.segment(locked);
        s.locked = true;
        e.updateSegment(s);
        editor.commit(e);
    }
    const auto before = editor.list().labels().data;
    Edit e = editor.begin("stroke");
    CHECK(paintDab(e, a, {5, 5, 0}, {2.0}) == 9);  // only the 9 unlocked voxels
    CHECK(eraseDab(e, {2, 2, 0}, {3.0}) == 0);
    CHECK_THROWS_AS(paintDab(e, locked, {8, 8, 0}, {1.0}), EditError);
    CHECK_THROWS_AS(e.removeSegment(locked), EditError);
    editor.commit(e);
    CHECK(count(editor.list(), locked) == 50);
}

TEST_CASE("editing an AI segment makes it semiautomatic", "[edit][segments]") {
    Editor editor(SegmentList(grid(10, 10, 1)));
    const auto ai = addSegment(editor, "lesion", false, Algorithm::Automatic);
    const auto other = addSegment(editor, "other", false, Algorithm::Automatic);
    Edit e = editor.begin("stroke");
    paintDab(e, ai, {5, 5, 0}, {1.0});
    editor.commit(e);
    CHECK(editor.list().find(ai)->algorithm == Algorithm::Semiautomatic);
    CHECK(editor.list().find(other)->algorithm == Algorithm::Automatic);
    editor.undo();
    CHECK(editor.list().find(ai)->algorithm == Algorithm::Automatic);
}

TEST_CASE("an edit destroyed without commit rolls back", "[edit][undo]") {
    Editor editor(SegmentList(grid(10, 10, 2)));
    const auto a = addSegment(editor, "a");
    {
        Edit e = editor.begin("cancelled");
        paintDab(e, a, {5, 5, 0}, {3.0});
        e.addSegment(Segment{});
        CHECK(count(editor.list(), a) > 0);
    }
    CHECK(count(editor.list(), a) == 0);
    CHECK(editor.list().segments().size() == 1);
    CHECK(editor.history().undoCount() == 1);
}

TEST_CASE("undo and redo of strokes, deletion and metadata", "[edit][undo]") {
    Editor editor(SegmentList(grid(20, 20, 3)));
    const auto a = addSegment(editor, "a");
    Edit e1 = editor.begin("stroke 1");
    paintDab(e1, a, {5, 5, 1}, {2.0});
    paintDab(e1, a, {6, 5, 1}, {2.0});  // same gesture: one step
    editor.commit(e1);
    const auto afterStroke = editor.list().labels().data;
    CHECK(editor.history().undoCount() == 2);

    Edit e2 = editor.begin("rename");
    Segment s = e2.segment(a);
    s.name = "liver lesion 1";
    s.review = ReviewStatus::Reviewed;
    e2.updateSegment(s);
    editor.commit(e2);

    Edit e3 = editor.begin("delete");
    e3.removeSegment(a);
    editor.commit(e3);
    CHECK(editor.list().segments().empty());
    CHECK(count(editor.list(), a) == 0);

    REQUIRE(editor.undo());  // delete
    CHECK(editor.list().labels().data == afterStroke);
    CHECK(editor.list().find(a)->name == "liver lesion 1");
    REQUIRE(editor.undo());  // rename
    CHECK(editor.list().find(a)->name == "a");
    CHECK(editor.list().find(a)->review == ReviewStatus::NotReviewed);
    REQUIRE(editor.undo());  // stroke
    CHECK(count(editor.list(), a) == 0);
    REQUIRE(editor.redo());
    CHECK(editor.list().labels().data == afterStroke);
    // A new change clears the redo stack.
    CHECK(editor.history().redoCount() == 2);
    Edit e4 = editor.begin("stroke 2");
    paintDab(e4, a, {15, 15, 1}, {1.0});
    editor.commit(e4);
    CHECK(editor.history().redoCount() == 0);
    CHECK_FALSE(editor.redo());
}

TEST_CASE("the undo cap drops the oldest steps", "[edit][undo]") {
    Editor editor(SegmentList(grid(64, 64, 4)), 4096);
    const auto a = addSegment(editor, "a");
    for (int n = 0; n < 50; ++n) {
        Edit e = editor.begin("stroke");
        paintDab(e, a, {double(n % 60), double(n), double(n % 4)}, {3.0});
        editor.commit(e);
    }
    CHECK(editor.history().bytesUsed() <= 4096);
    CHECK(editor.history().undoCount() < 50);
    CHECK(editor.history().undoCount() > 1);
    std::size_t undone = 0;
    while (editor.undo()) ++undone;
    CHECK(undone == editor.history().redoCount());
}
