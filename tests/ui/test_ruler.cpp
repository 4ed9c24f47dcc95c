// The ruler: M picks it, a left-drag on a slice measures the distance in
// millimetres through the voxel spacing, it stays drawn on its slice and is
// listed with the other shortcuts.
#include "lsms/ui/main_window.h"
#include "lsms/ui/shortcut_table.h"
#include "lsms/ui/shortcuts_dialog.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"

#include <QApplication>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>

#include <catch2/catch.hpp>

#include <cmath>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

void leftDrag(QWidget* w, QPointF from, QPointF to) {
    QTest::mousePress(w, Qt::LeftButton, {}, from.toPoint());
    QMouseEvent move(QEvent::MouseMove, to, w->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w, &move);
    QTest::mouseRelease(w, Qt::LeftButton, {}, to.toPoint());
}

}  // namespace

TEST_CASE("the ruler measures a drag on a slice in millimetres", "[ui][ruler]") {
    ensureApp();
    TempDir dir("ui-ruler");
    const Geometry g = axialGeometry(64, 64, 12);  // 0.75 x 0.8 x 2.5 mm
    writeSeries(abdomenLike(g), testMetadata("ui-ruler"), dir.path());
    MainWindow w(nullptr);
    w.resize(1200, 900);
    w.show();
    w.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&w));
    openStudy(w, dir.path());
    SliceView* axial = w.view(Axis::Axial);
    axial->setFocus();
    QTest::keyClick(axial, Qt::Key_M);
    REQUIRE(axial->tool() == Tool::Ruler);
    CHECK_FALSE(axial->showsRuler());

    // From voxel (10, 20) to (40, 36): 30 voxels of 0.75 mm and 16 of 0.8 mm.
    const int k = axial->slice();
    const Vec3 cursorBefore = w.study()->cursor();
    leftDrag(axial, axial->widgetPos({10, 20, double(k)}), axial->widgetPos({40, 36, double(k)}));
    REQUIRE(axial->showsRuler());
    const double expected = std::hypot(30 * 0.75, 16 * 0.8);
    CHECK(axial->rulerMm() == Approx(expected).margin(0.1));
    CHECK(w.statusText() == QString("Distance %1 mm").arg(expected, 0, 'f', 1));
    CHECK(w.study()->cursor() == cursorBefore);  // measuring does not move the crosshair
    CHECK(w.study()->segments().empty());        // nor paint
    // Drawn along the drag, in the ruler's green.
    const QImage shot = axial->grab().toImage();
    const QColor mid = shot.pixelColor(axial->rulerLine().center().toPoint());
    CHECK(mid.green() > 200);
    CHECK(mid.red() < 180);

    // Another slice does not show it; back on its slice it is there again.
    QTest::keyClick(axial, Qt::Key_Up);
    CHECK_FALSE(axial->showsRuler());
    QTest::keyClick(axial, Qt::Key_Down);
    CHECK(axial->showsRuler());

    // On the coronal view the vertical is the 2.5 mm slice axis.
    SliceView* coronal = w.view(Axis::Coronal);
    const double j = coronal->slice();
    leftDrag(coronal, coronal->widgetPos({20, j, 2}), coronal->widgetPos({20, j, 10}));
    CHECK(coronal->rulerMm() == Approx(8 * 2.5).margin(0.1));

    if (const QByteArray shots = qgetenv("LSMS_SCREENSHOT_DIR"); !shots.isEmpty())
        w.grab().save(QString::fromUtf8(shots) + "/ruler-and-scale-bar.png");

    // Listed in Help > Keyboard shortcuts, with its gesture.
    CHECK(shortcutOf(Command::Ruler).keys.front() == "M");
    w.showShortcuts();
    auto* dialog = w.findChild<ShortcutsDialog*>("shortcutsDialog");
    REQUIRE(dialog);
    CHECK(dialog->text().contains("Ruler tool"));
    CHECK(dialog->text().contains("Measure a distance"));
}
