// Zooming as a reading tool: a scale bar of a round length that follows the
// zoom, zoom and pan linked across the slice views when asked, smooth
// (bilinear) magnification that can be turned off.
#include "lsms/ui/main_window.h"
#include "lsms/ui/scale_bar.h"
#include "qt_app.h"
#include "support/series_fixture.h"

#include <QAction>
#include <QApplication>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

// 1, 2 or 5 times a power of ten.
bool isRound(double mm) {
    const double mantissa = mm / std::pow(10.0, std::floor(std::log10(mm) + 1e-9));
    for (double m : {1.0, 2.0, 5.0})
        if (std::abs(mantissa - m) < 1e-6) return true;
    return false;
}

void open(MainWindow& w, const std::filesystem::path& dir) {
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.string()));
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
}

void ctrlWheel(QWidget* w, int steps) {
    const QPointF at = w->rect().center();
    QWheelEvent e(at, w->mapToGlobal(at), {}, QPoint(0, 120 * steps), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

void middleDrag(QWidget* w, QPoint by) {
    const QPoint c = w->rect().center();
    QTest::mousePress(w, Qt::MiddleButton, {}, c);
    QMouseEvent move(QEvent::MouseMove, QPointF(c + by), w->mapToGlobal(QPointF(c + by)), Qt::NoButton, Qt::MiddleButton, Qt::NoModifier);
    QApplication::sendEvent(w, &move);
    QTest::mouseRelease(w, Qt::MiddleButton, {}, c + by);
}

// Widget pixels per millimetre measured from where two voxels ten apart
// in the view's plane are drawn.
double measuredPxPerMm(const SliceView* v, const Geometry& g) {
    const int along = v->axis() == Axis::Sagittal ? 1 : 0;  // an index axis in the view's plane
    Vec3 far{2, 2, 2};
    far[along] += 10;
    const QPointF a = v->widgetPos({2, 2, 2}), b = v->widgetPos(far);
    return std::hypot(b.x() - a.x(), b.y() - a.y()) / (10 * g.spacing[along]);
}

bool lightPixelNear(const QImage& img, QPointF at) {
    for (int dy = -2; dy <= 2; ++dy) {
        const QColor c = img.pixelColor(int(at.x()), int(at.y()) + dy);
        if (c.red() >= 220 && c.green() >= 220 && c.blue() >= 220) return true;
    }
    return false;
}

void screenshot(QWidget& widget, const QString& name) {
    const QByteArray dir = qgetenv("LSMS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) widget.grab().save(QString::fromUtf8(dir) + "/" + name);
}

}  // namespace

TEST_CASE("the scale bar length is a round number near a fifth of the view", "[ui][zoom][scalebar]") {
    double previous = 0;
    for (double width = 0.37; width < 5e4; width *= 1.13) {
        INFO(width);
        const double mm = scaleBarLengthMm(width);
        CHECK(isRound(mm));
        // Neighbouring round lengths differ by at most 2.5 times, so the
        // closest one is within the square root of that of the target.
        const double ratio = mm / (width / 5);
        CHECK(ratio <= std::sqrt(2.5) + 1e-9);
        CHECK(ratio >= 1 / std::sqrt(2.5) - 1e-9);
        CHECK(mm >= previous);  // a wider view never gets a shorter bar
        previous = mm;
    }
    CHECK(scaleBarLengthMm(250) == Approx(50));  // a fifth that is round already
    CHECK(scaleBarLengthMm(0) == 0);
    CHECK(scaleBarLengthMm(-10) == 0);
    CHECK(scaleBarLengthMm(std::numeric_limits<double>::quiet_NaN()) == 0);
    CHECK(scaleBarLengthMm(std::numeric_limits<double>::infinity()) == 0);
}

TEST_CASE("each slice view draws a scale bar that follows the zoom", "[ui][zoom][scalebar]") {
    ensureApp();
    TempDir dir("ui-scalebar");
    const Geometry g = axialGeometry(48, 48, 12);
    writeSeries(patternVolume(g), testMetadata("ui-scalebar"), dir.path());
    MainWindow w(nullptr);
    w.resize(1200, 900);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    open(w, dir.path());
    for (Axis a : {Axis::Axial, Axis::Coronal, Axis::Sagittal}) {
        SliceView* v = w.view(a);
        INFO(int(a));
        const double mm = v->scaleBarMm();
        REQUIRE(mm > 0);
        CHECK(isRound(mm));
        const QLineF bar = v->scaleBarLine();
        // The bar's pixels are its millimetres at the scale the image is drawn with.
        CHECK(bar.length() == Approx(mm * measuredPxPerMm(v, g)).epsilon(0.01));
        CHECK(bar.length() > v->width() / 8.0);
        CHECK(bar.length() < v->width() / 3.0);
        CHECK(lightPixelNear(v->grab().toImage(), bar.center()));
    }

    SliceView* axial = w.view(Axis::Axial);
    const double before = axial->scaleBarMm();
    const QLineF barBefore = axial->scaleBarLine();
    axial->setZoom(axial->zoom() * 4);
    const double after = axial->scaleBarMm();
    CHECK(after < before);  // a quarter of the millimetres on screen
    CHECK(axial->scaleBarLine().length() == Approx(after * measuredPxPerMm(axial, g)).epsilon(0.01));
    CHECK(axial->scaleBarLine().length() > axial->width() / 8.0);
    CHECK(axial->scaleBarLine().length() < axial->width() / 3.0);
    // The drawn bar moved: at the old bar's left end there is no bar now, or the length changed.
    CHECK(axial->scaleBarLine() != barBefore);
    CHECK(lightPixelNear(axial->grab().toImage(), axial->scaleBarLine().center()));
    screenshot(w, "scale-bar.png");
}

TEST_CASE("zoom and pan follow across the slice views when linked, and the choice is remembered", "[ui][zoom][link]") {
    ensureApp();
    QSettings("LSMS", "LSMS Viewer").remove("linkZoomPan");
    TempDir dir("ui-linkzoom");
    writeSeries(patternVolume(axialGeometry(32, 32, 12)), testMetadata("ui-linkzoom"), dir.path());
    {
        MainWindow w(nullptr);
        w.show();
        open(w, dir.path());
        SliceView* axial = w.view(Axis::Axial);
        SliceView* coronal = w.view(Axis::Coronal);
        SliceView* sagittal = w.view(Axis::Sagittal);
        // Off by default: only the view zoomed changes.
        REQUIRE_FALSE(w.linkZoomPanAction()->isChecked());
        ctrlWheel(axial, 2);
        CHECK(axial->zoom() > 1.0);
        CHECK(coronal->zoom() == 1.0);
        middleDrag(axial, {15, -8});
        CHECK(axial->pan() == QPointF(15, -8));
        CHECK(coronal->pan() == QPointF(0, 0));

        w.linkZoomPanAction()->setChecked(true);
        ctrlWheel(coronal, 3);
        CHECK(coronal->zoom() > 1.2);
        CHECK(axial->zoom() == coronal->zoom());
        CHECK(sagittal->zoom() == coronal->zoom());
        middleDrag(sagittal, {-20, 11});
        CHECK(sagittal->pan() == QPointF(-20, 11));
        CHECK(axial->pan() == QPointF(-20, 11));
        CHECK(coronal->pan() == QPointF(-20, 11));
        // R (reset) in one view resets all while linked.
        sagittal->setFocus();
        QTest::keyClick(sagittal, Qt::Key_R);
        CHECK(axial->zoom() == 1.0);
        CHECK(coronal->pan() == QPointF(0, 0));
    }
    {
        MainWindow w(nullptr);
        CHECK(w.linkZoomPanAction()->isChecked());
        w.linkZoomPanAction()->setChecked(false);
    }
    MainWindow w(nullptr);
    CHECK_FALSE(w.linkZoomPanAction()->isChecked());
}

TEST_CASE("magnified slices are smoothed unless turned off", "[ui][zoom][smooth]") {
    ensureApp();
    QSettings("LSMS", "LSMS Viewer").remove("smoothZoom");
    TempDir dir("ui-smooth");
    writeSeries(patternVolume(axialGeometry(32, 32, 12)), testMetadata("ui-smooth"), dir.path());
    MainWindow w(nullptr);
    w.show();
    open(w, dir.path());
    w.study()->setCursor({5, 5, 5});  // the crosshair away from the voxels looked at
    SliceView* axial = w.view(Axis::Axial);
    REQUIRE(axial->slice() == 5);
    // Around the voxels looked at below: (16, 15, 5) is 166 HU, (16, 16, 5) 176 HU.
    axial->setWindowLevel({170, 60});
    axial->setZoom(4);
    QApplication::processEvents();
    CHECK(w.smoothAction()->isChecked());  // the default
    REQUIRE(axial->smooth());
    const QImage smooth = axial->grab().toImage();
    w.smoothAction()->setChecked(false);
    CHECK_FALSE(axial->smooth());
    CHECK_FALSE(w.view(Axis::Coronal)->smooth());
    const QImage nearest = axial->grab().toImage();
    REQUIRE(smooth.size() == nearest.size());

    // From one voxel's centre to the next one's: nearest shows the two
    // voxels' grey values only, smoothing grades between them.
    const QPointF a = axial->widgetPos({16, 15, 5}), b = axial->widgetPos({16, 16, 5});
    REQUIRE(b.y() - a.y() > 8);
    auto distinct = [&](const QImage& img) {
        QSet<QRgb> values;
        for (int y = int(a.y()) + 1; y < int(b.y()); ++y) values.insert(img.pixel(int(a.x()), y));
        return values.size();
    };
    CHECK(distinct(nearest) <= 2);
    CHECK(distinct(smooth) > 3);
    CHECK(smooth != nearest);
    QSettings("LSMS", "LSMS Viewer").remove("smoothZoom");
}
