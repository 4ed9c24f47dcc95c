// The viewer as a reading tool: the HU/LPS readout follows the voxel under a
// resting mouse when the slice changes; every shortcut is listed in Help ->
// Keyboard shortcuts and named in its tooltip; window/level presets have
// hotkeys, a right-drag can move every view, the last preset is remembered.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/shortcuts_dialog.h"
#include "small_study.h"
#include "qt_app.h"
#include "support/series_fixture.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QShortcut>
#include <QTableWidget>
#include <QToolBar>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;


namespace {

struct Readout {
    double value = 0;
    int k = -1;
    double z = 0;
};

// "<value> HU   LPS (x, y, z) mm   voxel (i, j, k)"
Readout parse(const QString& text) {
    static const QRegularExpression re(R"(^(-?\d+) HU\s+LPS \((-?[\d.]+), (-?[\d.]+), (-?[\d.]+)\) mm\s+voxel \((\d+), (\d+), (\d+)\))");
    const auto m = re.match(text);
    Readout r;
    if (!m.hasMatch()) return r;
    r.value = m.captured(1).toDouble();
    r.z = m.captured(4).toDouble();
    r.k = m.captured(7).toInt();
    return r;
}

void wheel(QWidget* w, QPointF at, int steps) {
    QWheelEvent e(at, w->mapToGlobal(at), {}, QPoint(0, 120 * steps), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

}  // namespace

TEST_CASE("the HU and LPS readout follows slice changes under a resting mouse", "[ui][reading][readout]") {
    ensureApp();
    TempDir dir("ui-readout");
    const Geometry g = axialGeometry(32, 32, 12);
    writeSeries(patternVolume(g), testMetadata("ui-readout"), dir.path());
    MainWindow w(nullptr);
    w.show();
    openStudy(w, dir.path());
    w.study()->setCursor({16, 16, 5});
    QApplication::processEvents();
    SliceView* axial = w.view(Axis::Axial);
    REQUIRE(axial->slice() == 5);

    const QPointF at = axial->widgetPos({10, 12, 5});
    QMouseEvent move(QEvent::MouseMove, at, axial->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(axial, &move);
    const Readout before = parse(w.statusText());
    REQUIRE(before.k == 5);
    CHECK(before.value == 10 + 10 * 12 + 100 * 5 - 500);

    // Wheel: one slice further, the mouse has not moved.
    wheel(axial, at, 1);
    REQUIRE(axial->slice() == 6);
    const Readout wheeled = parse(w.statusText());
    CHECK(wheeled.k == 6);
    CHECK(wheeled.value == before.value + 100);
    CHECK(wheeled.z != Approx(before.z));

    // Keys: Page Down goes back ten slices (clamped at the first).
    QTest::keyClick(axial, Qt::Key_PageDown);
    REQUIRE(axial->slice() == 0);
    const Readout keyed = parse(w.statusText());
    CHECK(keyed.k == 0);
    CHECK(keyed.value == 10 + 10 * 12 - 500);

    // After the mouse left the view, a slice change reports nothing new.
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(axial, &leave);
    const QString last = w.statusText();
    QTest::keyClick(axial, Qt::Key_Up);
    CHECK(axial->slice() == 1);
    CHECK(w.statusText() == last);
}

namespace {

void screenshot(QWidget& widget, const QString& name) {
    const QByteArray dir = qgetenv("LSMS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) widget.grab().save(QString::fromUtf8(dir) + "/" + name);
}

QString native(const QKeySequence& k) { return k.toString(QKeySequence::NativeText); }

}  // namespace

TEST_CASE("Help - Keyboard shortcuts lists every bound key and gesture, and tooltips name the keys", "[ui][reading][shortcuts]") {
    ensureApp();
    MainWindow w(nullptr);
    w.show();
    w.showShortcuts();
    auto* dialog = w.findChild<ShortcutsDialog*>("shortcutsDialog");
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    QStringList listedKeys;
    for (int r = 0; r < dialog->table()->rowCount(); ++r)
        if (auto* item = dialog->table()->item(r, 0)) listedKeys << item->text().split(", ");

    // Every key bound to an action anywhere in the window is listed, no key
    // is bound twice (Qt would then run neither), and the tooltip names it.
    QStringList bound;
    for (QAction* a : w.findChildren<QAction*>()) {
        const QList<QKeySequence> keys = a->shortcuts();
        if (keys.isEmpty()) continue;
        INFO(a->text().toStdString());
        for (const QKeySequence& k : keys) {
            INFO(native(k).toStdString());
            CHECK(listedKeys.contains(native(k)));
            CHECK_FALSE(bound.contains(native(k)));
            bound << native(k);
        }
        CHECK(a->toolTip().contains("(" + native(keys.front()) + ")"));
    }
    CHECK(bound.size() >= 20);
    for (const char* key : {"N", "B", "E", "T", "O", "L", "F11", "Esc", "F1", "1", "5", "Ctrl+Z"}) {
        INFO(key);
        CHECK(bound.contains(native(QKeySequence(QString(key)))));
    }
    const auto shortcuts = w.findChildren<QShortcut*>();
    CHECK(shortcuts.size() >= 2);
    for (QShortcut* s : shortcuts) CHECK(listedKeys.contains(native(s->key())));
    // Keys the views handle themselves are listed too.
    for (const char* key : {"R", "PgUp", "PgDown", "Home", "End", "Up"}) {
        INFO(key);
        CHECK(listedKeys.contains(native(QKeySequence(QString(key)))));
    }
    const QString text = dialog->text();
    for (const char* gesture : {"Wheel", "Ctrl+wheel", "Right-drag", "Shift+left-drag", "Middle-drag", "Double-click"}) {
        INFO(gesture);
        CHECK(text.contains(gesture));
    }
    // The toolbar shows the tool keys in its buttons' tooltips.
    auto* bar = w.findChild<QToolBar*>("tools");
    REQUIRE(bar);
    bool navigateTip = false;
    for (QAction* a : bar->actions())
        if (a->text() == "Navigate") navigateTip = bar->widgetForAction(a)->toolTip().contains("(N)");
    CHECK(navigateTip);
    // Asking again raises the same dialog.
    w.showShortcuts();
    CHECK(w.findChildren<ShortcutsDialog*>().size() == 1);
    screenshot(*dialog, "keyboard-shortcuts.png");
}

TEST_CASE("window presets: hotkeys, the series' own window, right-drag on all views, the last preset remembered", "[ui][reading][window]") {
    ensureApp();
    QSettings("LSMS", "LSMS Viewer").remove("windowPreset");
    QSettings("LSMS", "LSMS Viewer").remove("linkWindowLevel");
    TempDir dir("ui-window");
    for (const auto& f : writeSeries(patternVolume(axialGeometry(32, 32, 12)), testMetadata("ui-window"), dir.path())) {
        setAttribute(f, 0x0028, 0x1050, "45");
        setAttribute(f, 0x0028, 0x1051, "350");
    }
    auto wlOf = [](const SliceView* v) { return std::make_pair(v->windowLevel().centre, v->windowLevel().width); };
    auto all = [&](MainWindow& w, double centre, double width) {
        for (Axis a : {Axis::Axial, Axis::Coronal, Axis::Sagittal})
            if (wlOf(w.view(a)) != std::make_pair(centre, width)) return false;
        return true;
    };
    {
        MainWindow w(nullptr);
        w.show();
        w.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&w));
        openStudy(w, dir.path());
        SliceView* axial = w.view(Axis::Axial);
        axial->setFocus();
        QTest::keyClick(axial, Qt::Key_1);
        CHECK(all(w, 60, 160));  // liver
        QTest::keyClick(axial, Qt::Key_3);
        CHECK(all(w, 400, 1800));  // bone
        QTest::keyClick(axial, Qt::Key_5);
        CHECK(all(w, 45, 350));  // the files' own

        // Right-drag in one view: all views follow while linked.
        REQUIRE(w.linkWindowLevelAction()->isChecked());
        const QPoint c = axial->rect().center();
        QTest::mousePress(axial, Qt::RightButton, {}, c);
        QMouseEvent drag(QEvent::MouseMove, QPointF(c + QPoint(10, 5)), axial->mapToGlobal(QPointF(c + QPoint(10, 5))), Qt::NoButton,
                         Qt::RightButton, Qt::NoModifier);
        QApplication::sendEvent(axial, &drag);
        QTest::mouseRelease(axial, Qt::RightButton, {}, c + QPoint(10, 5));
        const auto dragged = wlOf(axial);
        CHECK(dragged != std::make_pair(45.0, 350.0));
        CHECK(all(w, dragged.first, dragged.second));
        // Unlinked, the other views keep theirs.
        w.linkWindowLevelAction()->setChecked(false);
        SliceView* coronal = w.view(Axis::Coronal);
        QTest::mousePress(coronal, Qt::RightButton, {}, c);
        QMouseEvent drag2(QEvent::MouseMove, QPointF(c + QPoint(-20, 0)), coronal->mapToGlobal(QPointF(c + QPoint(-20, 0))), Qt::NoButton,
                          Qt::RightButton, Qt::NoModifier);
        QApplication::sendEvent(coronal, &drag2);
        QTest::mouseRelease(coronal, Qt::RightButton, {}, c + QPoint(-20, 0));
        CHECK(wlOf(coronal) != dragged);
        CHECK(wlOf(axial) == dragged);
        CHECK(wlOf(w.view(Axis::Sagittal)) == dragged);
        QTest::keyClick(axial, Qt::Key_4);  // lung, remembered on closing
        CHECK(all(w, -600, 1500));
    }
    {
        // The next window starts with lung and keeps the link choice.
        MainWindow w(nullptr);
        CHECK(all(w, -600, 1500));
        CHECK_FALSE(w.linkWindowLevelAction()->isChecked());
        w.linkWindowLevelAction()->setChecked(true);
        w.show();
        openStudy(w, dir.path());
        CHECK(all(w, -600, 1500));
        w.view(Axis::Axial)->setFocus();
        w.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(w.view(Axis::Axial), Qt::Key_5);
    }
    {
        // "The series' own" is remembered as such: it applies when a series is opened.
        MainWindow w(nullptr);
        w.show();
        openStudy(w, dir.path());
        CHECK(all(w, 45, 350));
    }
    QSettings("LSMS", "LSMS Viewer").remove("windowPreset");
    QSettings("LSMS", "LSMS Viewer").remove("linkWindowLevel");
}

TEST_CASE("corner texts: patient, study date, series, slice position and thickness, window", "[ui][reading][corners]") {
    SeriesMetadata m;
    m.patientName = "DOE^JANE^^";
    m.studyDate = "20240131";
    m.seriesDescription = "Portal venous";
    Geometry g;
    g.size = {10, 20, 30};
    g.spacing = {0.7, 0.8, 1.25};
    g.origin = {-100, 50, -300};
    const CornerTexts axial = cornerTexts(m, g, 2, 4, 2.5, 60, 160);
    CHECK(axial.topRight == "DOE JANE\n2024-01-31");
    CHECK(axial.bottomLeft == "Portal venous\nI 295.0 mm\nthickness 2.5 mm");
    CHECK(axial.bottomRight == "W 160\nL 60");
    // A reformat states its spacing; a stack from head to feet (k towards
    // inferior) still names the side by the patient's axes.
    const CornerTexts coronal = cornerTexts(m, g, 1, 10, 2.5, -600, 1500);
    CHECK(coronal.bottomLeft == "Portal venous\nP 58.0 mm\nspacing 0.8 mm");
    CHECK(coronal.bottomRight == "W 1500\nL -600");
    g.direction[2] = {0, 0, -1};
    CHECK(cornerTexts(m, g, 2, 4, 0, 40, 400).bottomLeft == "Portal venous\nI 305.0 mm\nspacing 1.25 mm");
    CHECK(cornerTexts(m, g, 0, 0, 2.5, 40, 400).bottomLeft == "Portal venous\nR 100.0 mm\nspacing 0.7 mm");
    SeriesMetadata bare;
    bare.seriesNumber = 7;
    const CornerTexts none = cornerTexts(bare, g, 0, 0, 0, 40, 400);
    CHECK(none.topRight == "(no patient name)");
    CHECK(none.bottomLeft.rfind("Series 7\n", 0) == 0);
    CHECK(formatDicomDate("2024013") == "2024013");
}

TEST_CASE("the corner overlay shows the open series and the view's window, and I hides it", "[ui][reading][corners]") {
    ensureApp();
    QSettings("LSMS", "LSMS Viewer").remove("cornerInfo");
    QSettings("LSMS", "LSMS Viewer").remove("windowPreset");
    TempDir dir("ui-corners");
    writeSeries(abdomenLike(axialGeometry(96, 96, 16)), testMetadata("ui-corners"), dir.path());
    MainWindow w(nullptr);
    w.resize(1200, 900);
    w.show();
    w.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&w));
    openStudy(w, dir.path());
    w.study()->setCursor({29, 40, 5});
    QApplication::processEvents();
    SliceView* axial = w.view(Axis::Axial);
    REQUIRE(axial->cornersVisible());
    const CornerTexts t = axial->cornerTexts();
    CHECK(t.topRight == "TEST ui-corners\n2024-01-02");
    CHECK(t.bottomLeft == "test ui-corners\nS 112.5 mm\nthickness 2.5 mm");  // origin 100 + 5 x 2.5
    CHECK(t.bottomRight == "W 400\nL 60");
    axial->setFocus();
    QTest::keyClick(axial, Qt::Key_1);  // liver: the corner follows the window
    CHECK(axial->cornerTexts().bottomRight == "W 160\nL 60");
    screenshot(w, "viewer-corner-overlay.png");

    // The overlay is drawn: the bottom-right corner has light text pixels, gone when hidden.
    auto lightPixels = [&] {
        const QImage img = axial->grab().toImage();
        int n = 0;
        for (int y = img.height() - 40; y < img.height(); ++y)
            for (int x = img.width() - 120; x < img.width(); ++x) n += qGray(img.pixel(x, y)) > 200;
        return n;
    };
    CHECK(lightPixels() > 20);
    QTest::keyClick(axial, Qt::Key_I);
    for (Axis a : {Axis::Axial, Axis::Coronal, Axis::Sagittal}) CHECK_FALSE(w.view(a)->cornersVisible());
    CHECK(lightPixels() == 0);
    {
        MainWindow again(nullptr);  // hidden stays hidden
        CHECK_FALSE(again.view(Axis::Axial)->cornersVisible());
    }
    QTest::keyClick(axial, Qt::Key_I);
    CHECK(axial->cornersVisible());
    QSettings("LSMS", "LSMS Viewer").remove("cornerInfo");
    QSettings("LSMS", "LSMS Viewer").remove("windowPreset");
}
