#include "edit_fixture.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/measurements.h"
#include "lsms/core/edit/recist.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

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

TEST_CASE("square: both RECIST axes are its diagonals, rounded a little by the smoothing", "[edit][measure]") {
    Editor editor(SegmentList(grid(10, 10, 3, {1.0, 1.0, 2.0})));
    const auto a = addSegment(editor, "sq");
    fillBox(editor, a, {2, 2, 1}, {7, 7, 2});  // 5 x 5 pixels on slice 1
    fillBox(editor, a, {2, 2, 2}, {4, 4, 3});  // smaller on slice 2
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.voxels == 29);
    CHECK(m.volumeMl == Approx(29 * 2.0 / 1000.0));
    CHECK(m.outline == AxisOutline::Smoothed);
    // Longer than a side, shorter than the diagonal of the pixel squares, and
    // the two diagonals are equal.
    CHECK(m.longestAxialDiameterMm > 5.0);
    CHECK(m.longestAxialDiameterMm < 5 * std::sqrt(2.0));
    CHECK(m.perpendicularDiameterMm == Approx(m.longestAxialDiameterMm).epsilon(0.02));
    CHECK(m.diameterSlice == 1);
    // The axes lie on the slice and cross at the square's centre (4, 4).
    for (const auto& axis : {m.longAxis, m.shortAxis}) {
        CHECK(axis[0][2] == 1);
        CHECK(axis[1][2] == 1);
        CHECK(std::abs((axis[0][0] + axis[1][0]) / 2 - 4.0) < 0.3);
        CHECK(std::abs((axis[0][1] + axis[1][1]) / 2 - 4.0) < 0.3);
    }
}

TEST_CASE("a line of pixels is measured on its pixel outline, its width one pixel", "[edit][measure]") {
    Editor editor(SegmentList(grid(12, 4, 1, {0.5, 2.0, 1.0})));
    const auto a = addSegment(editor, "line");
    fillBox(editor, a, {1, 2, 0}, {11, 3, 0 + 1});
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.outline == AxisOutline::Pixels);
    CHECK(m.longestAxialDiameterMm == Approx(10 * 0.5));
    CHECK(m.perpendicularDiameterMm == Approx(2.0));
}

TEST_CASE("HU mean and SD over the segment's voxels", "[edit][measure]") {
    Editor editor(SegmentList(grid(6, 6, 2)));
    const auto a = addSegment(editor, "a");
    fillBox(editor, a, {0, 0, 0}, {4, 1, 1});  // columns 0..3 of row 0
    CtVolume ct(editor.list().geometry(), 0.0f);
    for (std::size_t i = 0; i < 6; ++i) ct.set(i, 0, 0, float(10 * i));  // 0, 10, 20, 30 inside
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
    CHECK(m.outline == AxisOutline::None);
}

namespace {
constexpr double kPx = 0.7;  // in-plane spacing of the jagged-lesion tests

void setVoxel(Editor& editor, std::uint16_t label, long i, long j, std::size_t k) {
    Edit e = editor.begin("fixture");
    const Geometry& g = e.geometry();
    if (i >= 0 && j >= 0 && std::size_t(i) < g.size[0] && std::size_t(j) < g.size[1]) e.set(std::size_t(i) + g.size[0] * (std::size_t(j) + g.size[1] * k), label);
    editor.commit(e);
}

// An ellipse (semi-axes a, b in mm, rotated by `angle`) on slice 1, pixels
// whose centres lie inside it, with a mask edge as jagged as a thresholded or
// AI lesion's: one-pixel bumps and notches along the edge, a few one-pixel
// spurs, and single- and two-voxel islands just outside, two of them on
// opposite sides along the long axis.
// rimMm > 0 leaves only a rim that thick, as of an enhancing lesion.
std::uint16_t jaggedEllipse(Editor& editor, double a, double b, double angle, unsigned seed, double rimMm = 0) {
    const std::uint16_t label = addSegment(editor, "jagged");
    const Geometry& g = editor.list().geometry();
    const double ci = g.size[0] / 2.0 + 0.3, cj = g.size[1] / 2.0 - 0.4;
    const double ca = std::cos(angle), sa = std::sin(angle);
    auto inside = [&](double i, double j, double grow) {
        const double x = (i - ci) * kPx, y = (j - cj) * kPx;
        const double u = x * ca + y * sa, v = -x * sa + y * ca;
        return (u * u) / ((a + grow) * (a + grow)) + (v * v) / ((b + grow) * (b + grow)) <= 1.0;
    };
    {
        Edit e = editor.begin("ellipse");
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i)
                if (inside(double(i), double(j), 0) && !(rimMm > 0 && inside(double(i), double(j), -rimMm))) e.set(i + g.size[0] * (j + g.size[1] * 1), label);
        editor.commit(e);
    }
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> turn(0, 2 * M_PI);
    auto edgePixel = [&](double t, double out) {  // the pixel `out` mm beyond the edge along angle t
        const double r = a * b / std::hypot(b * std::cos(t), a * std::sin(t)) + out;
        const double u = r * std::cos(t), v = r * std::sin(t);
        return std::pair<long, long>{std::lround(ci + (u * ca - v * sa) / kPx), std::lround(cj + (u * sa + v * ca) / kPx)};
    };
    for (int n = 0; n < 40; ++n) {  // bumps and notches
        const auto [i, j] = edgePixel(turn(rng), n % 2 ? 0.5 * kPx : -0.5 * kPx);
        setVoxel(editor, n % 2 ? label : 0, i, j, 1);
    }
    for (int n = 0; n < 4; ++n) {  // spurs, three pixels long
        const double t = turn(rng);
        for (int p = 0; p < 3; ++p) {
            const auto [i, j] = edgePixel(t, (p + 0.5) * kPx);
            setVoxel(editor, label, i, j, 1);
        }
    }
    for (double t : {0.0, M_PI, turn(rng), turn(rng)}) {  // islands, 3-4 pixels out
        const auto [i, j] = edgePixel(t, 3.5 * kPx);
        setVoxel(editor, label, i, j, 1);
        if (t != 0.0) setVoxel(editor, label, i + 1, j, 1);
    }
    return label;
}

// The long axis as the farthest pair of pixel centres on the slice: what a
// measurement on the raw mask reads.
double rawLongAxisMm(const LabelVolume& l, std::uint16_t label, std::size_t k) {
    std::vector<std::pair<double, double>> p;
    for (std::size_t j = 0; j < l.geometry.size[1]; ++j)
        for (std::size_t i = 0; i < l.geometry.size[0]; ++i)
            if (l.at(i, j, k) == label) p.push_back({i * l.geometry.spacing[0], j * l.geometry.spacing[1]});
    double best = 0;
    for (std::size_t x = 0; x < p.size(); ++x)
        for (std::size_t y = x + 1; y < p.size(); ++y) best = std::max(best, std::hypot(p[x].first - p[y].first, p[x].second - p[y].second));
    return best;
}
}  // namespace

TEST_CASE("a jagged disc reads its true diameter within about a voxel where the raw mask over-reads", "[edit][measure][recist]") {
    const double truth = 30.7;  // mm
    for (double rim : {0.0, 2 * kPx}) {
        double sumError = 0;
        const unsigned seeds = 10;
        for (unsigned seed = 1; seed <= seeds; ++seed) {
            Editor editor(SegmentList(grid(72, 72, 3, {kPx, kPx, 3.0})));
            const auto a = jaggedEllipse(editor, truth / 2, truth / 2, 0.0, seed, rim);
            const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
            INFO("rim " << rim << " seed " << seed << ": " << m.longestAxialDiameterMm << " x " << m.perpendicularDiameterMm);
            CHECK(m.outline == AxisOutline::Smoothed);
            CHECK(m.diameterSlice == 1);
            // The largest of a few one-pixel bumps can still sit at an end.
            CHECK(std::abs(m.longestAxialDiameterMm - truth) <= 2 * kPx);
            CHECK(std::abs(m.perpendicularDiameterMm - truth) <= 2 * kPx);
            CHECK(rawLongAxisMm(editor.list().labels(), a, 1) > truth + 4 * kPx);
            sumError += std::abs(m.longestAxialDiameterMm - truth);
        }
        INFO("rim " << rim);
        CHECK(sumError / seeds <= kPx);
    }
}

TEST_CASE("a jagged rotated ellipse reads both axes within a voxel and along its own axes", "[edit][measure][recist]") {
    const double angle = 0.5;
    Editor editor(SegmentList(grid(80, 80, 3, {kPx, kPx, 3.0})));
    const auto a = jaggedEllipse(editor, 14.0, 9.0, angle, 7);
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    INFO(m.longestAxialDiameterMm << " x " << m.perpendicularDiameterMm);
    CHECK(std::abs(m.longestAxialDiameterMm - 28.0) <= kPx);
    CHECK(std::abs(m.perpendicularDiameterMm - 18.0) <= kPx);
    const double du = (m.longAxis[1][0] - m.longAxis[0][0]) * kPx, dv = (m.longAxis[1][1] - m.longAxis[0][1]) * kPx;
    const double off = std::remainder(std::atan2(dv, du) - angle, M_PI);
    CHECK(std::abs(off) < 0.1);
}

TEST_CASE("a single voxel reads one pixel by one pixel, never a zero axis", "[edit][measure][recist]") {
    Editor editor(SegmentList(grid(12, 12, 3, {0.8, 0.8, 2.0})));
    const auto a = addSegment(editor, "dot");
    fillBox(editor, a, {5, 6, 1}, {6, 7, 2});
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.outline == AxisOutline::Pixels);
    CHECK(m.longestAxialDiameterMm == Approx(0.8));
    CHECK(m.perpendicularDiameterMm == Approx(0.8));
    CHECK(m.diameterSlice == 1);
}

TEST_CASE("a lesion a few pixels across reads its pixel outline, not shrunk by the blur", "[edit][measure][recist]") {
    Editor editor(SegmentList(grid(12, 12, 1, {0.8, 0.8, 2.0})));
    const auto a = addSegment(editor, "small");
    fillBox(editor, a, {3, 4, 0}, {7, 6, 1});  // 4 x 2 pixels
    const SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.outline == AxisOutline::Pixels);
    // From the middle of the left edge of one end pixel to the right edge of the other.
    CHECK(m.longestAxialDiameterMm == Approx(std::hypot(4.0, 1.0) * 0.8));
    CHECK(m.perpendicularDiameterMm > 0.8);
}

TEST_CASE("two single-voxel islands 4.2 mm apart have a width, and islands beside a lesion do not lengthen it", "[edit][measure][recist]") {
    Editor editor(SegmentList(grid(40, 40, 3, {0.7, 0.7, 2.0})));
    const auto a = addSegment(editor, "islands");
    fillBox(editor, a, {10, 10, 1}, {11, 11, 2});
    fillBox(editor, a, {16, 10, 1}, {17, 11, 2});  // 6 pixels = 4.2 mm between centres
    SegmentMeasurements m = measureSegment(editor.list().labels(), a);
    CHECK(m.longestAxialDiameterMm == Approx(7 * 0.7));
    CHECK(m.perpendicularDiameterMm == Approx(0.7));
    // A 10 x 10 pixel lesion on the next slice: the islands' slice no longer wins, and
    // an island beside the lesion on its own slice changes nothing.
    fillBox(editor, a, {20, 20, 2}, {30, 30, 3});
    m = measureSegment(editor.list().labels(), a);
    const double lesion = m.longestAxialDiameterMm;
    CHECK(m.diameterSlice == 2);
    CHECK(m.outline == AxisOutline::Smoothed);
    fillBox(editor, a, {36, 36, 2}, {37, 37, 3});
    CHECK(measureSegment(editor.list().labels(), a).longestAxialDiameterMm == Approx(lesion));
}

TEST_CASE("moving a RECIST end re-measures in mm on the axes' slice and marks the axes edited", "[edit][measure][recist]") {
    Editor editor(SegmentList(grid(40, 40, 4, {0.5, 1.0, 3.0})));
    const auto a = addSegment(editor, "box");
    fillBox(editor, a, {10, 10, 2}, {30, 20, 3});
    RecistAxes r = recistAxes(measureSegment(editor.list().labels(), a));
    REQUIRE_FALSE(r.empty());
    CHECK_FALSE(r.edited);
    CHECK(r.slice == 2);
    const double shortBefore = r.shortMm;
    const Vec3 keep = r.longAxis[0];
    moveAxisEnd(r, editor.list().geometry(), AxisEnd::LongB, {keep[0] + 8, keep[1] + 6, 0});
    CHECK(r.edited);
    CHECK(r.longAxis[0] == keep);
    CHECK(r.longAxis[1][2] == 2);  // kept on the slice
    CHECK(r.longMm == Approx(std::hypot(8 * 0.5, 6 * 1.0)));
    CHECK(r.shortMm == Approx(shortBefore));
    moveAxisEnd(r, editor.list().geometry(), AxisEnd::ShortA, {-100, 500, 2});  // clamped into the volume
    CHECK(r.shortAxis[0][0] == -0.5);
    CHECK(r.shortAxis[0][1] == 39.5);
    CHECK(r.shortMm == Approx(distanceMm(editor.list().geometry(), r.shortAxis[0], r.shortAxis[1])));
    RecistAxes none;
    CHECK_THROWS_AS(moveAxisEnd(none, editor.list().geometry(), AxisEnd::LongA, {1, 1, 1}), InputError);
}
