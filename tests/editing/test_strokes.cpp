// Brush and eraser strokes as the mouse reports them: a few far-apart points
// of a fast drag must still give one connected band, and the eraser touches
// only what it is asked to.
#include "edit_fixture.h"

#include "lsms/core/edit/brush.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <queue>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;

namespace {
// Distance in mm from voxel (i, j) of slice k to the polyline through `pts`, in its plane.
double distanceToPath(const Geometry& g, double i, double j, const std::vector<Vec3>& pts) {
    double best = INFINITY;
    for (std::size_t p = 0; p + 1 < pts.size(); ++p) {
        const double ax = pts[p][0] * g.spacing[0], ay = pts[p][1] * g.spacing[1];
        const double bx = pts[p + 1][0] * g.spacing[0], by = pts[p + 1][1] * g.spacing[1];
        const double px = i * g.spacing[0], py = j * g.spacing[1];
        const double len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay);
        const double t = len2 > 0 ? std::clamp(((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2, 0.0, 1.0) : 0.0;
        best = std::min(best, std::hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay)));
    }
    return best;
}

// Connected pieces (4- or 8-neighbours) of the voxels of slice k for which `in` holds.
template <class In>
int pieces(const Geometry& g, std::size_t k, In&& in, bool diagonals = false) {
    const std::size_t nx = g.size[0], ny = g.size[1];
    std::vector<char> seen(nx * ny, 0);
    int n = 0;
    for (std::size_t s = 0; s < nx * ny; ++s) {
        if (seen[s] || !in(s % nx, s / nx, k)) continue;
        ++n;
        std::queue<std::size_t> q;
        q.push(s);
        seen[s] = 1;
        while (!q.empty()) {
            const std::size_t c = q.front();
            q.pop();
            const std::size_t i = c % nx, j = c / nx;
            const std::size_t next[8][2] = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1},
                                            {i - 1, j - 1}, {i + 1, j - 1}, {i - 1, j + 1}, {i + 1, j + 1}};
            for (int n8 = 0; n8 < (diagonals ? 8 : 4); ++n8) {
                const std::size_t ni = next[n8][0], nj = next[n8][1];
                if (ni >= nx || nj >= ny) continue;  // wrapped below zero too
                const std::size_t v = ni + nx * nj;
                if (!seen[v] && in(ni, nj, k)) seen[v] = 1, q.push(v);
            }
        }
    }
    return n;
}

const Geometry kGrid = grid(90, 70, 3, {0.7, 0.9, 2.5});
// A fast drag: three mouse positions tens of radii apart, with a turn.
const std::vector<Vec3> kDrag = {{6, 8, 1}, {80, 60, 1}, {12, 58, 1.2}};
const BrushShape kBrush{3.0, SliceAxis::Axial, false};
}  // namespace

TEST_CASE("a fast brush drag paints one connected band along the path, no holes", "[edit][brush][stroke]") {
    Editor editor{SegmentList(kGrid)};
    const auto a = addSegment(editor, "a");
    Edit e = editor.begin("stroke");
    paintStroke(e, a, kDrag, kBrush);
    editor.commit(e);
    const LabelVolume& l = editor.list().labels();
    std::size_t holes = 0, outside = 0;
    for (std::size_t j = 0; j < kGrid.size[1]; ++j)
        for (std::size_t i = 0; i < kGrid.size[0]; ++i) {
            const double d = distanceToPath(kGrid, double(i), double(j), kDrag);
            const bool painted = l.at(i, j, 1) == a;
            holes += d <= 0.95 * kBrush.radiusMm && !painted;
            outside += d > kBrush.radiusMm + 1e-9 && painted;
        }
    CHECK(holes == 0);
    CHECK(outside == 0);
    CHECK(pieces(kGrid, 1, [&](std::size_t i, std::size_t j, std::size_t k) { return l.at(i, j, k) == a; }) == 1);
    // A disc brush paints the slice nearest each centre only.
    CHECK(count(editor.list(), a) == std::size_t(std::count(l.slice(1), l.slice(1) + 90 * 70, a)));
}

TEST_CASE("dabs along a segment are at most half the radius apart and end on the new point", "[edit][brush][stroke]") {
    const Vec3 from{6, 8, 1}, to{80, 60, 1};
    const std::vector<Vec3> c = dabsAlong(kGrid, from, to, kBrush);
    REQUIRE(c.size() > 2);
    CHECK(c.back() == to);
    Vec3 prev = from;
    for (const Vec3& p : c) {
        const double mm = std::hypot((p[0] - prev[0]) * kGrid.spacing[0], (p[1] - prev[1]) * kGrid.spacing[1]);
        CHECK(mm <= kBrush.radiusMm / 2);
        prev = p;
    }
    CHECK(dabsAlong(kGrid, to, to, kBrush).size() == 1);
}

TEST_CASE("a fast eraser drag erases a connected band of the active segment only, never a locked one", "[edit][brush][stroke][lock]") {
    Editor editor{SegmentList(kGrid)};
    const auto a = addSegment(editor, "a");
    const auto b = addSegment(editor, "b");
    const auto c = addSegment(editor, "c");
    fillBox(editor, a, {0, 0, 1}, {45, 70, 2});
    fillBox(editor, b, {45, 0, 1}, {90, 40, 2});
    fillBox(editor, c, {45, 40, 1}, {90, 70, 2});
    {
        Edit lock = editor.begin("lock c");
        Segment s = lock.segment(c);
        s.locked = true;
        lock.updateSegment(s);
        editor.commit(lock);
    }
    const LabelVolume& l = editor.list().labels();
    const LabelVolume before = l;
    auto check = [&](bool bErased) {
        std::size_t holes = 0, wrong = 0;
        for (std::size_t j = 0; j < kGrid.size[1]; ++j)
            for (std::size_t i = 0; i < kGrid.size[0]; ++i) {
                const std::uint16_t was = before.at(i, j, 1), now = l.at(i, j, 1);
                const bool shouldGo = distanceToPath(kGrid, double(i), double(j), kDrag) <= 0.95 * kBrush.radiusMm &&
                                      (was == a || (bErased && was == b));
                holes += shouldGo && now != 0;
                // Nothing else changes: other segments, the locked one, far voxels.
                const bool mayGo = distanceToPath(kGrid, double(i), double(j), kDrag) <= kBrush.radiusMm + 1e-9 &&
                                   (was == a || (bErased && was == b));
                wrong += !mayGo && now != was;
            }
        CHECK(holes == 0);
        CHECK(wrong == 0);
    };
    SECTION("the active segment only") {
        Edit e = editor.begin("eraser");
        CHECK(eraseStroke(e, kDrag, kBrush, a) > 0);
        editor.commit(e);
        check(false);
    }
    SECTION("every unlocked segment when asked") {
        Edit e = editor.begin("eraser");
        eraseStroke(e, kDrag, kBrush, 0);
        editor.commit(e);
        check(true);
        CHECK(count(editor.list(), c) == std::size_t(45 * 30));
    }
    SECTION("an unknown segment is refused") {
        Edit e = editor.begin("eraser");
        CHECK_THROWS_AS(eraseStroke(e, kDrag, kBrush, 99), EditError);
    }
}

TEST_CASE("a brush smaller than a pixel still paints the nearest voxel, and its stroke stays connected", "[edit][brush][stroke]") {
    Editor editor(SegmentList(grid(30, 30, 1, {1.0, 1.0, 1.0})));
    const auto a = addSegment(editor, "a");
    const BrushShape tiny{0.3, SliceAxis::Axial, false};
    {
        Edit e = editor.begin("dab");
        CHECK(paintDab(e, a, {3.5, 3.4, 0}, tiny) == 1);  // no voxel centre within 0.3 mm
        CHECK(e.labels().at(4, 3, 0) == a);
        CHECK(paintDab(e, a, {-0.6, 3, 0}, tiny) == 0);   // nearest voxel outside the volume
    }  // rolled back
    Edit e = editor.begin("stroke");
    paintStroke(e, a, {{2.2, 25.1, 0}, {27.6, 6.3, 0}}, tiny);
    editor.commit(e);
    const LabelVolume& l = editor.list().labels();
    const Geometry& g = editor.list().geometry();
    // A line of single voxels touches at corners: one 8-connected piece.
    CHECK(pieces(g, 0, [&](std::size_t i, std::size_t j, std::size_t k) { return l.at(i, j, k) == a; }, true) == 1);
    CHECK(count(editor.list(), a) >= 26);
    CHECK(l.at(2, 25, 0) == a);
    CHECK(l.at(28, 6, 0) == a);
}
