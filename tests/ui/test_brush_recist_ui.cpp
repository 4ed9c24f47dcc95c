// The brush, eraser and RECIST axes as a reader uses them in the slice view:
// mouse drags through the widget, the brush circle on screen, the axes drawn
// on their slice and dragged by an end. Screenshots go to
// $LSMS_SCREENSHOT_DIR when it is set.
#include "lsms/core/edit/recist.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/slice_view.h"
#include "lsms/ui/tools_panel.h"
#include "qt_app.h"
#include "support/series_fixture.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QListWidget>
#include <QMouseEvent>
#include <QSignalSpy>

#include <catch2/catch.hpp>

#include <cmath>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {
constexpr double kPx = 0.7;

// 96 x 96 x 12 voxels of 0.7 x 0.7 x 3 mm: soft tissue with a faint texture.
CtVolume tissueCt() {
    Geometry g;
    g.size = {96, 96, 12};
    g.spacing = {kPx, kPx, 3.0};
    CtVolume ct(g, 0.f);
    for (std::size_t k = 0; k < 12; ++k)
        for (std::size_t j = 0; j < 96; ++j)
            for (std::size_t i = 0; i < 96; ++i) ct.set(i, j, k, float(50 + 12 * std::sin(0.7 * i + 1.3 * j) * std::cos(0.9 * j - 0.4 * i)));
    return ct;
}

void openStudy(Study& s, CtVolume ct) {
    SeriesInfo info;
    info.metadata.seriesInstanceUid = "1.2.826.0.1.3680043.99.7";
    info.metadata.modality = "CT";
    s.setVolume(info, std::move(ct));
}

// A lesion: discs on slices 4..7, widest (radius 12 mm) on slice 6, with a
// jagged edge and a few single-voxel islands beside it, as an AI mask has.
MaskVolume lesionMask(const Geometry& g) {
    MaskVolume m(g, 0);
    const double radius[] = {7.0, 10.0, 12.0, 8.0};
    for (std::size_t k = 4; k < 8; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) {
                const double x = (i - 47.6) * kPx, y = (j - 45.3) * kPx;
                const double r = radius[k - 4] + 0.6 * std::sin(7 * std::atan2(y, x)) * (k == 6);
                if (std::hypot(x, y) <= r) m.at(i, j, k) = 1;
            }
    for (std::size_t i : {20u, 76u}) m.at(i, 45, 6) = 1;  // islands left and right
    m.at(47, 14, 6) = 1;
    return m;
}

void mouse(QWidget* w, QEvent::Type type, const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget* w, const QPointF& from, const QPointF& to) {
    mouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    mouse(w, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);  // one fast move
    mouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

std::size_t count(const LabelVolume& l, std::uint16_t label) { return std::size_t(std::count(l.data.begin(), l.data.end(), label)); }

// Widget pixels per mm of the axial view (its image keeps mm square).
double pxPerMm(const SliceView& v) {
    const QPointF a = v.widgetPos({10, 10, 0}), b = v.widgetPos({30, 10, 0});
    return (b.x() - a.x()) / (20 * kPx);
}

void saveShot(QWidget& w, const char* name) {
    const QByteArray dir = qgetenv("LSMS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) w.grab().save(QString::fromUtf8(dir) + "/" + name);
}

bool near(QRgb c, const QColor& want, int tol = 40) {
    return std::abs(qRed(c) - want.red()) <= tol && std::abs(qGreen(c) - want.green()) <= tol && std::abs(qBlue(c) - want.blue()) <= tol;
}
}  // namespace

TEST_CASE("a fast drag in the view paints and erases one connected band, each one undo step", "[ui][edit][brush]") {
    ensureApp();
    Study s;
    openStudy(s, tissueCt());
    SliceView view(&s, Axis::Axial);
    view.resize(600, 600);
    view.show();
    s.setCursor({48, 48, 6});
    const std::uint16_t a = s.addManualSegment("a");
    const std::uint16_t b = s.addManualSegment("b");
    s.setActiveLabel(a);
    view.setTool(Tool::Brush);
    view.setBrushRadiusMm(3.0);
    const Vec3 from{10, 12, 6}, to{85, 80, 6};
    drag(&view, view.widgetPos(from), view.widgetPos(to));
    REQUIRE_FALSE(s.stroking());
    // Every voxel within 0.9 radius of the dragged segment is painted: no holes.
    auto alongPath = [&](std::size_t i, std::size_t j, double withinMm) {
        const double px = (double(i) - from[0]) * kPx, py = (double(j) - from[1]) * kPx;
        const double dx = (to[0] - from[0]) * kPx, dy = (to[1] - from[1]) * kPx;
        const double t = std::clamp((px * dx + py * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        return std::hypot(px - t * dx, py - t * dy) <= withinMm;
    };
    std::size_t holes = 0;
    for (std::size_t j = 0; j < 96; ++j)
        for (std::size_t i = 0; i < 96; ++i) holes += alongPath(i, j, 0.9 * 3.0) && s.labels().at(i, j, 6) != a;
    CHECK(holes == 0);
    const std::size_t painted = count(s.labels(), a);
    CHECK(painted > 500);
    mouse(&view, QEvent::MouseMove, view.widgetPos(to), Qt::NoButton, Qt::NoButton);
    CHECK_FALSE(view.brushOutline().isEmpty());
    saveShot(view, "brush-stroke.png");

    // b across the middle of the band; the eraser takes only the active segment.
    s.applyTool("fixture b", [&](edit::Edit& e) {
        for (std::size_t j = 40; j < 50; ++j)
            for (std::size_t i = 0; i < 96; ++i) e.set(s.labels().index(i, j, 6), b);
    });
    const std::size_t bBefore = count(s.labels(), b);
    const std::size_t aBefore = count(s.labels(), a);
    view.setTool(Tool::Eraser);
    drag(&view, view.widgetPos(from), view.widgetPos(to));
    CHECK(count(s.labels(), b) == bBefore);
    std::size_t left = 0;
    for (std::size_t j = 0; j < 96; ++j)
        for (std::size_t i = 0; i < 96; ++i) left += alongPath(i, j, 0.9 * 3.0) && s.labels().at(i, j, 6) == a;
    CHECK(left == 0);
    CHECK(count(s.labels(), a) < aBefore);
    // One stroke, one step.
    REQUIRE(s.undo());
    CHECK(count(s.labels(), a) == aBefore);

    // Asked to, it erases b too; a locked b never.
    s.setEraseAllUnlocked(true);
    drag(&view, view.widgetPos(from), view.widgetPos(to));
    CHECK(count(s.labels(), b) < bBefore);
    REQUIRE(s.undo());
    edit::Segment lockedB = *s.segment(b);
    lockedB.locked = true;
    s.updateSegment(lockedB);
    drag(&view, view.widgetPos(from), view.widgetPos(to));
    CHECK(count(s.labels(), b) == bBefore);
    s.setEraseAllUnlocked(false);

    // Without an active segment the eraser refuses and says why.
    s.setActiveLabel(0);
    QSignalSpy said(&view, &SliceView::message);
    const LabelVolume before = s.labels();
    drag(&view, view.widgetPos(from), view.widgetPos(to));
    REQUIRE(said.count() == 1);
    CHECK(said.at(0).at(0).toString().contains("erase"));
    CHECK(s.labels().data == before.data);
}

TEST_CASE("the brush circle follows the cursor at the brush's size in mm, scaled with the zoom", "[ui][edit][brush]") {
    ensureApp();
    Study s;
    openStudy(s, tissueCt());
    SliceView view(&s, Axis::Axial);
    view.resize(600, 600);
    view.show();
    s.setCursor({48, 48, 6});
    view.setTool(Tool::Brush);
    view.setBrushRadiusMm(5.0);
    const QPointF at = view.widgetPos({30, 62, 6});  // away from the crosshair
    mouse(&view, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
    const QRectF circle = view.brushOutline();
    REQUIRE_FALSE(circle.isEmpty());
    CHECK(circle.center().x() == Approx(at.x()));
    CHECK(circle.center().y() == Approx(at.y()));
    CHECK(circle.width() / 2 == Approx(5.0 * pxPerMm(view)).epsilon(0.01));
    // Drawn: white on the circle's right edge, not at its centre.
    QImage shot = view.grab().toImage();
    const QPoint edge(int(std::lround(circle.right())), int(std::lround(circle.center().y())));
    bool white = false;
    for (int dx = -2; dx <= 1; ++dx) white |= near(shot.pixel(edge + QPoint(dx, 0)), Qt::white, 30);
    CHECK(white);
    CHECK_FALSE(near(shot.pixel(circle.center().toPoint()), Qt::white, 30));
    saveShot(view, "brush-outline.png");

    view.setZoom(2.0);
    mouse(&view, QEvent::MouseMove, view.widgetPos({30, 62, 6}), Qt::NoButton, Qt::NoButton);
    CHECK(view.brushOutline().width() / 2 == Approx(5.0 * pxPerMm(view)).epsilon(0.01));
    CHECK(view.brushOutline().width() == Approx(2 * circle.width()).epsilon(0.01));
    view.setBrushRadiusMm(2.0);
    CHECK(view.brushOutline().width() / 2 == Approx(2.0 * pxPerMm(view)).epsilon(0.01));

    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(&view, &leave);
    CHECK(view.brushOutline().isEmpty());
    mouse(&view, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
    view.setTool(Tool::Navigate);
    CHECK(view.brushOutline().isEmpty());
}

TEST_CASE("RECIST axes are drawn on their slice, the panel names it, dragging an end marks the value edited", "[ui][recist]") {
    ensureApp();
    MainWindow w(nullptr);
    w.resize(1500, 950);
    w.show();
    Study& s = *w.study();
    openStudy(s, tissueCt());
    const std::uint16_t lesion = s.addAiSegment(lesionMask(s.ct().geometry), "the enhancing lesion");
    REQUIRE(lesion != 0);
    REQUIRE(s.activeLabel() == lesion);
    const edit::RecistAxes measured = s.recist(lesion);
    REQUIRE(measured.slice == 6);
    CHECK_FALSE(measured.edited);
    // The islands beside it do not lengthen the long axis (a 24 mm disc with a wavy edge).
    CHECK(std::abs(measured.longMm - 24.0) <= 2 * kPx);
    const QString slice7 = QString("axial slice %1").arg(measured.slice + 1);
    CHECK(w.toolsPanel()->recistSummary().contains(slice7));
    CHECK(w.toolsPanel()->recistSummary().contains(QString::number(measured.longMm, 'f', 1)));
    REQUIRE(w.segmentList()->count() == 1);
    CHECK(w.segmentList()->item(0)->text().contains(slice7));

    SliceView* axial = w.view(Axis::Axial);
    s.setCursor({47, 45, 5});
    QApplication::processEvents();
    CHECK_FALSE(axial->showsAxes());  // not on their slice
    w.toolsPanel()->action("showAxes")->trigger();
    QApplication::processEvents();
    REQUIRE(axial->slice() == 6);
    REQUIRE(axial->showsAxes());
    CHECK_FALSE(w.view(Axis::Coronal)->showsAxes());

    // The long axis is drawn in its colour a quarter of the way along it.
    auto quarter = [&] { return axial->axisEndPos(edit::AxisEnd::LongA) * 0.75 + axial->axisEndPos(edit::AxisEnd::LongB) * 0.25; };
    auto cyanAt = [&](const QPointF& p) {
        const QImage img = axial->grab().toImage();
        for (int dx = -1; dx <= 1; ++dx)
            for (int dy = -1; dy <= 1; ++dy)
                if (near(img.pixel(p.toPoint() + QPoint(dx, dy)), QColor(0, 230, 255))) return true;
        return false;
    };
    CHECK(cyanAt(quarter()));
    saveShot(*axial, "recist-axes.png");

    // Drag the long axis's end 40 widget pixels further out with the Navigate tool.
    const LabelVolume voxels = s.labels();
    const Vec3 cursor = s.cursor();
    const QPointF end = axial->axisEndPos(edit::AxisEnd::LongB);
    const QPointF other = axial->axisEndPos(edit::AxisEnd::LongA);
    const QPointF out = end + (end - other) / std::hypot((end - other).x(), (end - other).y()) * 40;
    drag(axial, end + QPointF(2, 1), out);
    const edit::RecistAxes edited = s.recist(lesion);
    CHECK(edited.edited);
    CHECK(edited.longMm == Approx(edit::distanceMm(s.ct().geometry, edited.longAxis[0], edited.longAxis[1])));
    CHECK(edited.longMm == Approx(measured.longMm + 40 / pxPerMm(*axial)).epsilon(0.03));
    CHECK(edited.shortMm == Approx(measured.shortMm));
    CHECK(edited.longAxis[1][2] == 6);
    CHECK(s.labels().data == voxels.data);  // a drag on an end paints nothing
    CHECK(s.cursor() == cursor);            // and leaves the crosshair
    QApplication::processEvents();
    CHECK(axial->axisEndPos(edit::AxisEnd::LongB).x() == Approx(out.x()).margin(1.0));
    CHECK(w.toolsPanel()->recistSummary().contains("edited"));
    CHECK(w.toolsPanel()->recistSummary().contains(QString::number(edited.longMm, 'f', 1)));
    CHECK(w.segmentList()->item(0)->text().contains("edited"));
    saveShot(*axial, "recist-axes-edited.png");
    saveShot(w, "recist-window.png");

    // Painting elsewhere keeps the reader's axes; reset brings the measured ones back.
    REQUIRE(w.toolsPanel()->action("resetAxes")->isEnabled());
    w.toolsPanel()->action("resetAxes")->trigger();
    CHECK_FALSE(s.recist(lesion).edited);
    CHECK(s.recist(lesion).longMm == Approx(measured.longMm));
    CHECK_FALSE(w.toolsPanel()->recistSummary().contains("edited"));

    // A single-voxel segment has a size, never a zero axis.
    const std::uint16_t dot = s.addManualSegment("dot");
    s.applyTool("dot", [&](edit::Edit& e) { e.set(s.labels().index(80, 80, 2), dot); });
    const edit::RecistAxes d = s.recist(dot);
    CHECK(d.longMm == Approx(kPx));
    CHECK(d.shortMm == Approx(kPx));
    QString dotText;
    for (int i = 0; i < w.segmentList()->count(); ++i)
        if (w.segmentList()->item(i)->text().startsWith("dot")) dotText = w.segmentList()->item(i)->text();
    CHECK(dotText.contains("0.7 × 0.7 mm"));
    CHECK_FALSE(dotText.contains("× 0.0"));
}
