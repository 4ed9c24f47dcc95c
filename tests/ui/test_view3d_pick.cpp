// The 3D view as a way to review lesions: a click on a lesion's surface makes
// it the active lesion (and the slice views follow), a click beside every
// surface changes nothing, and the camera turns about the active lesion.
#include "lsms/ui/main_window.h"
#include "lsms/ui/view3d.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"

#include <QTest>

#include <catch2/catch.hpp>

#include <cmath>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

struct Box {
    std::size_t i0, j0, k0, n;
    Vec3 centre() const { return {double(i0) + (n - 1) / 2.0, double(j0) + (n - 1) / 2.0, double(k0) + (n - 1) / 2.0}; }
};

bool contains(const Study& s, std::uint16_t label, const Vec3& ijk) {
    return s.labels().at(std::size_t(std::lround(ijk[0])), std::size_t(std::lround(ijk[1])), std::size_t(std::lround(ijk[2]))) == label;
}

}  // namespace

TEST_CASE("a click on a lesion in the 3D view makes it active, and the camera turns about the active lesion",
          "[ui][view3d][pick]") {
    ensureApp();
    TempDir dir("ui-view3d-pick");
    const Geometry g = axialGeometry(64, 64, 24);
    writeSeries(abdomenLike(g), testMetadata("ui-view3d-pick"), dir.path());
    MainWindow w(nullptr);
    w.resize(1400, 950);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    openStudy(w, dir.path());
    Study* s = w.study();
    const Box a{10, 12, 4, 8}, b{40, 36, 12, 10};
    MaskVolume m(s->ct().geometry, 0);
    for (const Box& box : {a, b})
        for (std::size_t k = box.k0; k < box.k0 + box.n; ++k)
            for (std::size_t j = box.j0; j < box.j0 + box.n; ++j)
                for (std::size_t i = box.i0; i < box.i0 + box.n; ++i) m.at(i, j, k) = 1;
    s->addAiSegment(m, "all lesions");
    REQUIRE(s->segments().size() == 2);
    const std::uint16_t la = s->labels().at(a.i0 + 1, a.j0 + 1, a.k0 + 1), lb = s->labels().at(b.i0 + 1, b.j0 + 1, b.k0 + 1);
    REQUIRE(la != 0);
    REQUIRE(lb != 0);
    REQUIRE(la != lb);
    View3D* v = w.view3d();
    v->resetCamera();
    s->setActiveLabel(0);

    const QPoint onA = v->screenPointOf(s->ct().geometry.indexToWorld(a.centre()));
    REQUIRE(v->rect().contains(onA));
    CHECK(v->labelAt(onA) == la);
    QTest::mouseClick(v, Qt::LeftButton, {}, onA);
    CHECK(s->activeLabel() == la);
    CHECK(contains(*s, la, s->cursor()));  // the slice views are on it

    // The camera's focal point is now the lesion's centre.
    const Vec3 ca = s->ct().geometry.indexToWorld(a.centre());
    const Vec3 f = v->focalPoint();
    CHECK(std::hypot(f[0] - ca[0], f[1] - ca[1], f[2] - ca[2]) < 3.0);

    // A click beside every surface changes nothing.
    const QPoint corner(3, v->height() - 4);
    CHECK(v->labelAt(corner) == 0);
    QTest::mouseClick(v, Qt::LeftButton, {}, corner);
    CHECK(s->activeLabel() == la);

    // Choosing the other lesion elsewhere (the table) turns the camera about it, and a click picks it.
    s->setActiveLabel(lb);
    const Vec3 cb = s->ct().geometry.indexToWorld(b.centre());
    const Vec3 fb = v->focalPoint();
    CHECK(std::hypot(fb[0] - cb[0], fb[1] - cb[1], fb[2] - cb[2]) < 3.0);
    const QPoint onB = v->screenPointOf(cb);
    s->setActiveLabel(0);
    QTest::mouseClick(v, Qt::LeftButton, {}, onB);
    CHECK(s->activeLabel() == lb);
    s->markSaved();  // nothing to ask about when the window closes
}
