// The 3D view rebuilds only what an edit touched: a held stroke's dabs (a
// few times a second, not per dab), its commit, an undo and a new segment each rebuild the surfaces of the
// segments they changed, not every segment of the study; a deleted segment's
// surface goes.
#include "lsms/ui/main_window.h"
#include "lsms/ui/view3d.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"

#include <QTest>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

TEST_CASE("an edit rebuilds the 3D surfaces of the segments it touched only", "[ui][view3d]") {
    ensureApp();
    TempDir dir("ui-view3d-surfaces");
    writeSeries(abdomenLike(axialGeometry(64, 64, 24)), testMetadata("ui-view3d-surfaces"), dir.path());
    MainWindow w(nullptr);
    w.resize(1200, 800);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    openStudy(w, dir.path());
    Study* s = w.study();
    View3D* v = w.view3d();
    MaskVolume m(s->ct().geometry, 0);
    for (std::size_t k = 4; k < 10; ++k)
        for (std::size_t j = 10; j < 16; ++j)
            for (std::size_t i = 10; i < 16; ++i) m.at(i, j, k) = 1;
    for (std::size_t k = 12; k < 20; ++k)
        for (std::size_t j = 40; j < 48; ++j)
            for (std::size_t i = 40; i < 48; ++i) m.at(i, j, k) = 1;
    std::size_t built = v->surfacesBuilt();
    s->addAiSegment(m, "all lesions");  // two lesions, two segments
    REQUIRE(s->segments().size() == 2);
    CHECK(v->surfacesBuilt() - built == 2);
    CHECK(v->surfacesShown() == 2);
    const std::uint16_t a = s->segments()[0].label;

    built = v->surfacesBuilt();
    edit::BrushShape shape;
    shape.radiusMm = 2.0;
    s->beginStroke(BrushMode::Paint, a, shape);
    s->strokeTo({30, 30, 6});
    s->strokeTo({31, 30, 6});
    CHECK(v->surfacesBuilt() == built);  // dabs are gathered, not drawn one by one
    QTest::qWait(400);
    CHECK(v->surfacesBuilt() - built == 1);  // the held stroke's dabs: its segment only, once
    QTest::qWait(400);
    CHECK(v->surfacesBuilt() - built == 1);  // nothing new, nothing rebuilt
    s->strokeTo({32, 30, 6});
    s->endStroke();
    CHECK(v->surfacesBuilt() - built == 2);  // the commit: its segment once more
    QTest::qWait(400);
    CHECK(v->surfacesBuilt() - built == 2);
    built = v->surfacesBuilt();
    s->undo();
    CHECK(v->surfacesBuilt() - built == 1);

    // Only the slices where the segment was and where the edit went are searched
    // for it, yet its surface follows a dab far from it, and an undo back.
    auto trueSlices = [&](std::uint16_t label) {
        const auto& g = s->labels().geometry;
        std::size_t first = g.size[2], end = 0;
        for (std::size_t k = 0; k < g.size[2]; ++k)
            for (std::size_t n = 0; n < g.sliceVoxels(); ++n)
                if (s->labels().data[k * g.sliceVoxels() + n] == label) {
                    first = std::min(first, k);
                    end = std::max(end, k + 1);
                    break;
                }
        return std::pair<std::size_t, std::size_t>{first, end};
    };
    CHECK(v->surfaceSlices(a) == trueSlices(a));
    const auto before = v->surfaceSlices(a);
    const double far = before.first > 12 ? 2.0 : 22.0;  // a slice outside the segment
    s->beginStroke(BrushMode::Paint, a, shape);
    s->strokeTo({30, 30, far});
    QTest::qWait(400);
    CHECK(v->surfaceSlices(a) == trueSlices(a));
    CHECK(v->surfaceSlices(a) != before);
    s->endStroke();
    CHECK(v->surfaceSlices(a) == trueSlices(a));
    s->undo();
    CHECK(v->surfaceSlices(a) == trueSlices(a));
    CHECK(v->surfaceSlices(a) == before);

    // A stroke left unfinished (its release lost) rolls back when the next
    // one begins, and its dabs leave the 3D view with it.
    s->beginStroke(BrushMode::Paint, a, shape);
    s->strokeTo({30, 30, far});
    QTest::qWait(400);
    CHECK(v->surfaceSlices(a) != before);
    const double ml = s->measurements(a).volumeMl;
    s->beginStroke(BrushMode::Paint, a, shape);
    CHECK(v->surfaceSlices(a) == before);
    CHECK(s->measurements(a).volumeMl < ml);
    s->endStroke();

    // A new empty segment gets an (empty) surface; nothing else is rebuilt.
    built = v->surfacesBuilt();
    const std::uint16_t manual = s->addManualSegment("drawn");
    CHECK(v->surfacesBuilt() - built == 1);
    CHECK(v->surfacesShown() == 3);
    built = v->surfacesBuilt();
    s->removeSegment(manual);
    CHECK(v->surfacesBuilt() == built);
    CHECK(v->surfacesShown() == 2);
}
