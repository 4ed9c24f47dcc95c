#include "edit_fixture.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/measurements.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;

TEST_CASE("sphere: volume within 2 % and diameter within one voxel", "[edit][measure]") {
    const Vec3 spacing{0.8, 0.8, 1.5};
    const double r = 12.0;  // mm
    Editor editor(SegmentList(grid(40, 40, 24, spacing)));
    const auto a = addSegment(editor, "sphere");
    Edit e = editor.begin("ball");
    paintDab(e, a, {20, 20, 12}, {r, SliceAxis::Axial, true});
    editor.commit(e);
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    const double analytic = 4.0 / 3.0 * M_PI * r * r * r / 1000.0;
    CHECK(m.volumeMl == Approx(analytic).epsilon(0.02));
    CHECK(m.voxels == editor.list().voxelCount(a));
    CHECK(std::abs(m.longestAxialDiameterMm - 2 * r) <= spacing[0]);
    CHECK(std::abs(m.perpendicularDiameterMm - 2 * r) <= spacing[0]);
    CHECK(m.diameterSlice == 12);
    CHECK_FALSE(m.hasHu);
}

TEST_CASE("square: both RECIST axes are the diagonals between pixel centres", "[edit][measure]") {
    Editor editor(SegmentList(grid(10, 10, 3, {1.0, 1.0, 2.0})));
    const auto a = addSegment(editor, "sq");
    fillBox(editor, a, {2, 2, 1}, {7, 7, 2});  // 5 x 5 pixels on slice 1
    fillBox(editor, a, {2, 2, 2}, {4, 4, 3});  // smaller on slice 2
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.voxels == 29);
    CHECK(m.volumeMl == Approx(29 * 2.0 / 1000.0));
    CHECK(m.longestAxialDiameterMm == Approx(4 * std::sqrt(2.0)));
    CHECK(m.perpendicularDiameterMm == Approx(4 * std::sqrt(2.0)));
    CHECK(m.diameterSlice == 1);
}

TEST_CASE("a line of pixels has no perpendicular extent and spacing scales its length", "[edit][measure]") {
    Editor editor(SegmentList(grid(12, 4, 1, {0.5, 2.0, 1.0})));
    const auto a = addSegment(editor, "line");
    fillBox(editor, a, {1, 2, 0}, {11, 3, 0 + 1});
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.longestAxialDiameterMm == Approx(9 * 0.5));
    CHECK(m.perpendicularDiameterMm == 0);
}

TEST_CASE("HU mean and SD over the segment's voxels", "[edit][measure]") {
    Editor editor(SegmentList(grid(6, 6, 2)));
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {0, 0, 0}, {4, 1, 1});  // columns 0..3 of row 0
    CtVolume ct(editor.list().geometry(), 0.0f);
    for (std::size_t i = 0; i < 6; ++i) ct.at(i, 0, 0) = float(10 * i);  // 0, 10, 20, 30 inside
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a, &ct);
    REQUIRE(m.hasHu);
    CHECK(m.huMean == Approx(15.0));
    CHECK(m.huSd == Approx(std::sqrt(125.0)));
    CtVolume other(grid(5, 6, 2), 0.0f);
    CHECK_THROWS_AS(measureSegment(editor.list().labels(), a, &other), InputError);
}

TEST_CASE("an empty segment measures zero", "[edit][measure]") {
    Editor editor(SegmentList(grid(4, 4, 4)));
    const auto a = addSegment(editor, "a");
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.voxels == 0);
    CHECK(m.volumeMl == 0);
    CHECK(m.longestAxialDiameterMm == 0);
}
