#include "edit_fixture.h"

#include "lsms/core/edit/interpolate.h"

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;

TEST_CASE("fill between two identical squares copies the square", "[edit][interpolate]") {
    Editor editor(SegmentList(grid(12, 12, 10)));
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {3, 3, 1}, {8, 7, 2});  // 5 x 4 on slice 1
    fillBox(editor, a, {3, 3, 6}, {8, 7, 7});  // and on slice 6
    Edit e = editor.begin("fill");
    CHECK(fillBetweenSlices(e, a) == 4 * 20);
    editor.commit(e);
    for (std::size_t k = 1; k <= 6; ++k) CHECK(std::count(editor.list().labels().slice(k), editor.list().labels().slice(k) + 144, a) == 20);
    CHECK(std::count(editor.list().labels().slice(7), editor.list().labels().slice(7) + 144, a) == 0);
}

TEST_CASE("fill between a small and a large square grows linearly", "[edit][interpolate]") {
    Editor editor(SegmentList(grid(20, 20, 5)));
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {9, 9, 0}, {10, 10, 1});   // 1 x 1 at the centre, slice 0
    fillBox(editor, a, {5, 5, 4}, {14, 14, 5});   // 9 x 9 around it, slice 4
    Edit e = editor.begin("fill");
    fillBetweenSlices(e, a);
    editor.commit(e);
    // Half way the blended distance is that of a 5 x 5 square (Chebyshev-like
    // along the axes); the counts grow monotonically and stay between the ends.
    std::size_t prev = 1;
    for (std::size_t k = 1; k < 4; ++k) {
        const std::size_t n = std::size_t(std::count(editor.list().labels().slice(k), editor.list().labels().slice(k) + 400, a));
        CHECK(n > prev);
        CHECK(n < 81);
        prev = n;
    }
    CHECK(editor.list().labels().at(9, 9, 2) == a);
    CHECK(editor.list().labels().at(7, 9, 2) == a);   // 2 voxels out: inside the 5 x 5
    CHECK(editor.list().labels().at(6, 9, 2) == 0);   // 3 voxels out: outside
}

TEST_CASE("fill between slices leaves other segments alone", "[edit][interpolate]") {
    Editor editor(SegmentList(grid(10, 10, 5)));
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    fillBox(editor, a, {2, 2, 0}, {6, 6, 1});
    fillBox(editor, a, {2, 2, 4}, {6, 6, 5});
    fillBox(editor, b, {2, 2, 2}, {4, 6, 3});  // half of the middle square
    Edit e = editor.begin("fill");
    CHECK(fillBetweenSlices(e, a) == 16 + 8 + 16);
    editor.commit(e);
    CHECK(count(editor.list(), b) == 8);
}

TEST_CASE("fill between sagittal slices", "[edit][interpolate]") {
    Editor editor(SegmentList(grid(10, 8, 8)));
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {1, 2, 2}, {2, 5, 5});  // 3 x 3 on i = 1
    fillBox(editor, a, {7, 2, 2}, {8, 5, 5});  // and on i = 7
    Edit e = editor.begin("fill");
    CHECK(fillBetweenSlices(e, a, SliceAxis::Sagittal) == 5 * 9);
    editor.commit(e);
}
