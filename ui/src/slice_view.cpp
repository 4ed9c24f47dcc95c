#include "lsms/ui/slice_view.h"

#include "lsms/core/error.h"
#include "lsms/ui/scale_bar.h"
#include "lsms/ui/shortcut_binding.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <utility>

namespace lsms::ui {

SliceView::SliceView(Study* study, Axis axis, QWidget* parent) : QWidget(parent), study_(study), axis_(axis) {
    setMinimumSize(160, 160);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAutoFillBackground(false);
    connect(study_, &Study::volumeChanged, this, &SliceView::onVolumeChanged);
    connect(study_, &Study::segmentsChanged, this, &SliceView::rerender);
    connect(study_, &Study::labelsChanged, this, &SliceView::labelsMoved);
    connect(study_, &Study::overlayChanged, this, &SliceView::rerender);
    connect(study_, &Study::cursorChanged, this, &SliceView::onCursorChanged);
    connect(study_, &Study::activeSegmentChanged, this, qOverload<>(&SliceView::update));
    connect(study_, &Study::recistChanged, this, qOverload<>(&SliceView::update));
}

void SliceView::setCornersVisible(bool on) {
    cornersVisible_ = on;
    update();
}

CornerTexts SliceView::cornerTexts() const {
    if (!study_->hasVolume()) return {};
    const int normal = axis_ == Axis::Axial ? 2 : axis_ == Axis::Coronal ? 1 : 0;
    return ui::cornerTexts(study_->series().metadata, study_->ct().geometry, normal, slice_, study_->series().sliceThicknessMm, wl_.centre,
                           wl_.width);
}

void SliceView::setBrushRadiusMm(double mm) {
    brushMm_ = mm;
    update();
}

void SliceView::setZoom(double zoom) {
    zoom_ = std::clamp(zoom, 0.25, 20.0);
    update();
    reportHover();
}

void SliceView::setPan(const QPointF& pan) {
    pan_ = pan;
    update();
    reportHover();
}

void SliceView::setSmooth(bool on) {
    smooth_ = on;
    update();
}

double SliceView::pixelsPerMm() const {
    const QRectF r = imageRect();
    if (r.isEmpty()) return 0;
    // The image rectangle keeps millimetres square, so one scale serves both directions.
    const SlicePlane plane(study_->ct().geometry, axis_);
    return r.width() / (image_.width() * plane.pixelSizeMm().width());
}

double SliceView::scaleBarMm() const {
    const double pxPerMm = pixelsPerMm();
    return pxPerMm > 0 ? scaleBarLengthMm(width() / pxPerMm) : 0;
}

QLineF SliceView::scaleBarLine() const {
    const double length = scaleBarMm() * pixelsPerMm();
    if (length <= 0) return {};
    // Bottom centre, above the three lines of corner text beside it.
    const double y = height() - 4 - 3 * fontMetrics().lineSpacing() - 8, x0 = (width() - length) / 2;
    return QLineF(x0, y, x0 + length, y);
}

void SliceView::drawScaleBar(QPainter& p) const {
    const QLineF bar = scaleBarLine();
    if (bar.isNull()) return;
    const QString text = tr("%1 mm").arg(scaleBarMm());
    const QPointF tick(0, 4);
    const QLineF lines[] = {bar, QLineF(bar.p1() - tick, bar.p1() + tick), QLineF(bar.p2() - tick, bar.p2() + tick)};
    const QRectF label(bar.p1().x() - 20, bar.p1().y() - 20, bar.length() + 40, 16);
    // A dark band underneath keeps the bar readable over bright tissue.
    p.setPen(QPen(QColor(0, 0, 0, 200), 4));
    for (const QLineF& l : lines) p.drawLine(l);
    p.drawText(label.translated(1, 1), Qt::AlignCenter, text);
    p.setPen(QPen(QColor(230, 230, 230), 2));
    for (const QLineF& l : lines) p.drawLine(l);
    p.drawText(label, Qt::AlignCenter, text);
}

QRectF SliceView::brushOutline() const {
    const QRectF r = imageRect();
    if (!paintTool() || !hovering_ || r.isEmpty() || !r.contains(hoverPos_)) return {};
    // The image rectangle keeps millimetres square, so one scale serves both directions.
    const SlicePlane plane(study_->ct().geometry, axis_);
    const double pxPerMm = r.width() / (image_.width() * plane.pixelSizeMm().width());
    const double radius = brushMm_ * pxPerMm;
    return QRectF(hoverPos_.x() - radius, hoverPos_.y() - radius, 2 * radius, 2 * radius);
}

bool SliceView::showsAxes() const {
    if (axis_ != Axis::Axial || image_.isNull() || study_->stroking() || !study_->overlaysVisible()) return false;
    const edit::Segment* s = study_->segment(study_->activeLabel());
    if (!s || !s->visible) return false;
    const edit::RecistAxes a = study_->recist(s->label);
    return !a.empty() && int(a.slice) == slice_;
}

QPointF SliceView::axisEndPos(edit::AxisEnd end) const {
    const edit::RecistAxes a = study_->recist(study_->activeLabel());
    switch (end) {
        case edit::AxisEnd::LongA: return widgetPos(a.longAxis[0]);
        case edit::AxisEnd::LongB: return widgetPos(a.longAxis[1]);
        case edit::AxisEnd::ShortA: return widgetPos(a.shortAxis[0]);
        case edit::AxisEnd::ShortB: return widgetPos(a.shortAxis[1]);
    }
    return {};
}

bool SliceView::axisEndAt(const QPointF& pos, edit::AxisEnd& end) const {
    if (!showsAxes()) return false;
    double best = 8.0;  // grab distance in widget pixels
    bool found = false;
    for (edit::AxisEnd e : {edit::AxisEnd::LongA, edit::AxisEnd::LongB, edit::AxisEnd::ShortA, edit::AxisEnd::ShortB}) {
        const QPointF d = axisEndPos(e) - pos;
        const double dist = std::hypot(d.x(), d.y());
        if (dist <= best) best = dist, end = e, found = true;
    }
    return found;
}

void SliceView::drawAxes(QPainter& p) const {
    if (!showsAxes()) return;
    const edit::RecistAxes a = study_->recist(study_->activeLabel());
    const QColor longColour(0, 230, 255), shortColour(255, 170, 0);
    auto axis = [&](edit::AxisEnd e0, edit::AxisEnd e1, const QColor& colour, const QString& text) {
        const QPointF p0 = axisEndPos(e0), p1 = axisEndPos(e1);
        p.setPen(QPen(QColor(0, 0, 0, 160), 4));
        p.drawLine(p0, p1);
        p.setPen(QPen(colour, 2));
        p.drawLine(p0, p1);
        p.setBrush(colour);
        p.setPen(QPen(Qt::black, 1));
        for (const QPointF& q : {p0, p1}) p.drawEllipse(q, 4.0, 4.0);
        p.setBrush(Qt::NoBrush);
        // The length beside the end farther right, out of the lesion's way.
        const QPointF at = (p0.x() > p1.x() ? p0 : p1) + QPointF(8, 4);
        p.setPen(Qt::black);
        p.drawText(at + QPointF(1, 1), text);
        p.setPen(colour);
        p.drawText(at, text);
    };
    const QString edited = a.edited ? tr(" (edited)") : QString();
    axis(edit::AxisEnd::LongA, edit::AxisEnd::LongB, longColour, tr("%1 mm%2").arg(a.longMm, 0, 'f', 1).arg(edited));
    axis(edit::AxisEnd::ShortA, edit::AxisEnd::ShortB, shortColour, tr("%1 mm").arg(a.shortMm, 0, 'f', 1));
}

void SliceView::onVolumeChanged() {
    ruler_ = false;
    resetView();
    onCursorChanged();
}

bool SliceView::showsRuler() const { return ruler_ && rulerSlice_ == slice_ && !image_.isNull(); }

double SliceView::rulerMm() const {
    if (!ruler_) return 0;
    const Geometry& g = study_->ct().geometry;
    return norm(g.indexToWorld(rulerB_) - g.indexToWorld(rulerA_));
}

QLineF SliceView::rulerLine() const { return showsRuler() ? QLineF(widgetPos(rulerA_), widgetPos(rulerB_)) : QLineF(); }

void SliceView::drawRuler(QPainter& p) const {
    if (!showsRuler()) return;
    const QLineF line = rulerLine();
    const QColor colour(120, 255, 120);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0, 0, 0, 160), 4));
    p.drawLine(line);
    p.setPen(QPen(colour, 2));
    p.drawLine(line);
    p.setBrush(colour);
    p.setPen(QPen(Qt::black, 1));
    for (const QPointF& q : {line.p1(), line.p2()}) p.drawEllipse(q, 3.0, 3.0);
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QString text = tr("%1 mm").arg(rulerMm(), 0, 'f', 1);
    const QPointF at = line.p2() + QPointF(8, 4);
    p.setPen(Qt::black);
    p.drawText(at + QPointF(1, 1), text);
    p.setPen(colour);
    p.drawText(at, text);
}

void SliceView::resetView() {
    zoom_ = 1.0;
    pan_ = {0, 0};
    update();
}

void SliceView::onCursorChanged() {
    if (!study_->hasVolume()) return;
    const SlicePlane plane(study_->ct().geometry, axis_);
    const int s = plane.sliceOf(study_->cursor());
    if (s != slice_ || image_.isNull()) {
        slice_ = s;
        rerender();
        // The voxel under a resting mouse is another one now.
        reportHover();
    } else {
        update();
    }
}

void SliceView::setSlice(int slice) {
    if (!study_->hasVolume()) return;
    const SlicePlane plane(study_->ct().geometry, axis_);
    slice = std::clamp(slice, 0, plane.sliceCount() - 1);
    if (slice == slice_) return;
    // Moving through slices moves the linked crosshair with it.
    Vec3 c = study_->cursor();
    const Vec3 onSlice = plane.voxel(slice, plane.pixel(c).x(), plane.pixel(c).y());
    study_->setCursor(onSlice);
}

void SliceView::setWindowLevel(const WindowLevel& wl) {
    wl_ = wl;
    wl_.width = std::max(1.0, wl_.width);
    rerender();
}

void SliceView::rerender() {
    if (!study_->hasVolume()) return;
    image_ = renderSlice(*study_, axis_, slice_, wl_);
    stale_ = false;
    update();
}

void SliceView::labelsMoved() {
    if (!study_->hasVolume() || image_.isNull()) return rerender();
    // An axial view shows one slice: a change in other slices leaves it as it is.
    const auto edited = study_->slicesLastChanged();
    if (axis_ == Axis::Axial && edited[0] < edited[1] && (std::size_t(slice_) < edited[0] || std::size_t(slice_) >= edited[1])) return;
    stale_ = true;
    update();
}

const QImage& SliceView::sliceImage() const {
    if (stale_ && study_->hasVolume()) {
        image_ = renderSlice(*study_, axis_, slice_, wl_);
        stale_ = false;
    }
    return image_;
}

QRectF SliceView::imageRect() const {
    if (image_.isNull()) return {};
    const SlicePlane plane(study_->ct().geometry, axis_);
    const QSizeF px = plane.pixelSizeMm();
    const double wMm = image_.width() * px.width(), hMm = image_.height() * px.height();
    const double fit = std::min(width() / wMm, height() / hMm) * zoom_;
    const QSizeF size(wMm * fit, hMm * fit);
    const QPointF topLeft((width() - size.width()) / 2 + pan_.x(), (height() - size.height()) / 2 + pan_.y());
    return QRectF(topLeft, size);
}

QPointF SliceView::widgetPos(const Vec3& ijk) const {
    const QRectF r = imageRect();
    if (r.isEmpty()) return {};
    const SlicePlane plane(study_->ct().geometry, axis_);
    const QPointF p = plane.pixel(ijk);
    return {r.left() + (p.x() + 0.5) * r.width() / image_.width(), r.top() + (p.y() + 0.5) * r.height() / image_.height()};
}

bool SliceView::toVoxel(const QPointF& w, Vec3& ijk) const {
    const QRectF r = imageRect();
    if (r.isEmpty() || !r.contains(w)) return false;
    const double u = std::floor((w.x() - r.left()) * image_.width() / r.width());
    const double v = std::floor((w.y() - r.top()) * image_.height() / r.height());
    const SlicePlane plane(study_->ct().geometry, axis_);
    ijk = plane.voxel(slice_, std::clamp(u, 0.0, double(image_.width() - 1)), std::clamp(v, 0.0, double(image_.height() - 1)));
    return true;
}

bool SliceView::toVoxelContinuous(const QPointF& w, Vec3& ijk) const {
    const QRectF r = imageRect();
    if (r.isEmpty() || !r.contains(w)) return false;
    const double u = (w.x() - r.left()) * image_.width() / r.width() - 0.5;
    const double v = (w.y() - r.top()) * image_.height() / r.height() - 0.5;
    const SlicePlane plane(study_->ct().geometry, axis_);
    ijk = plane.voxel(slice_, u, v);
    return true;
}

void SliceView::paintEvent(QPaintEvent*) {
    sliceImage();  // brings a stale image up to date
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    if (image_.isNull()) {
        p.setPen(Qt::gray);
        p.drawText(rect(), Qt::AlignCenter, tr("No study open"));
        return;
    }
    const QRectF r = imageRect();
    // Smoothing only where voxels are magnified; shrunk images are sampled as they are.
    p.setRenderHint(QPainter::SmoothPixmapTransform, smooth_ && r.width() > image_.width());
    p.drawImage(r, image_);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    // Crosshair.
    const QPointF c = widgetPos(study_->cursor());
    p.setPen(QPen(QColor(255, 220, 0, 150), 1, Qt::DashLine));
    p.drawLine(QPointF(r.left(), c.y()), QPointF(r.right(), c.y()));
    p.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), r.bottom()));
    drawAxes(p);
    drawRuler(p);
    const QRectF brush = brushOutline();
    if (!brush.isEmpty()) {
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(0, 0, 0, 140), 3));
        p.drawEllipse(brush);
        p.setPen(QPen(tool_ == Tool::Eraser ? QColor(255, 90, 90) : QColor(255, 255, 255), 1.5));
        p.drawEllipse(brush);
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    // Orientation letters and slice number.
    const SlicePlane plane(study_->ct().geometry, axis_);
    p.setPen(QColor(255, 200, 80));
    QFont f = p.font();
    f.setBold(true);
    p.setFont(f);
    const QRect w = rect().adjusted(6, 4, -6, -4);
    p.drawText(w, Qt::AlignVCenter | Qt::AlignLeft, plane.leftLetter());
    p.drawText(w, Qt::AlignVCenter | Qt::AlignRight, plane.rightLetter());
    p.drawText(w, Qt::AlignTop | Qt::AlignHCenter, plane.topLetter());
    p.drawText(w, Qt::AlignBottom | Qt::AlignHCenter, plane.bottomLetter());
    static const char* names[] = {"Axial", "Coronal", "Sagittal"};
    p.setPen(Qt::white);
    p.drawText(w, Qt::AlignTop | Qt::AlignLeft, QString("%1  %2/%3").arg(names[int(axis_)]).arg(slice_ + 1).arg(plane.sliceCount()));
    if (cornersVisible_) {
        const CornerTexts t = cornerTexts();
        f.setBold(false);
        p.setFont(f);
        for (const auto& [text, align] : {std::pair{t.topRight, Qt::AlignTop | Qt::AlignRight}, std::pair{t.bottomLeft, Qt::AlignBottom | Qt::AlignLeft},
                                          std::pair{t.bottomRight, Qt::AlignBottom | Qt::AlignRight}}) {
            // A dark copy underneath keeps the text readable over bright tissue.
            p.setPen(QColor(0, 0, 0, 200));
            p.drawText(w.translated(1, 1), int(align), QString::fromStdString(text));
            p.setPen(QColor(230, 230, 230));
            p.drawText(w, int(align), QString::fromStdString(text));
        }
    }
    drawScaleBar(p);
}

void SliceView::wheelEvent(QWheelEvent* e) {
    const int steps = e->angleDelta().y() / 120;
    if (steps == 0) return;
    hovering_ = true;
    hoverPos_ = e->position();
    if (e->modifiers() & Qt::ControlModifier) {
        setZoom(zoom_ * std::pow(1.15, steps));
        Q_EMIT zoomPanChanged(zoom_, pan_);
    } else {
        setSlice(slice_ + steps);
    }
    e->accept();
}

void SliceView::mousePressEvent(QMouseEvent* e) {
    dragStart_ = e->position();
    if (e->button() == Qt::RightButton) {
        drag_ = Drag::WindowLevel;
        wlStart_ = wl_;
    } else if (e->button() == Qt::MiddleButton || (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier))) {
        drag_ = Drag::Pan;
        panStart_ = pan_;
    } else if (e->button() == Qt::LeftButton && tool_ == Tool::Navigate && (e->modifiers() & Qt::ControlModifier)) {
        Vec3 ijk;
        if (!toVoxel(e->position(), ijk)) return;
        try {
            Q_EMIT message(QString::fromStdString(study_->segmentAtPoint(ijk).message));
        } catch (const Error& ex) {
            Q_EMIT message(tr("No lesion added: %1.").arg(QString::fromStdString(ex.what())));
        }
    } else if (e->button() == Qt::LeftButton && tool_ == Tool::Navigate && axisEndAt(e->position(), draggedEnd_)) {
        drag_ = Drag::AxisEnd;
    } else if (e->button() == Qt::LeftButton && tool_ == Tool::Ruler) {
        Vec3 ijk;
        if (!toVoxelContinuous(e->position(), ijk)) return;
        rulerA_ = rulerB_ = ijk;
        rulerSlice_ = slice_;
        ruler_ = true;
        drag_ = Drag::Ruler;
        update();
    } else if (e->button() == Qt::LeftButton && paintTool()) {
        Vec3 ijk;
        if (!toVoxelContinuous(e->position(), ijk)) return;
        edit::BrushShape shape;
        shape.radiusMm = brushMm_;
        shape.axis = axis_ == Axis::Axial ? edit::SliceAxis::Axial : axis_ == Axis::Coronal ? edit::SliceAxis::Coronal : edit::SliceAxis::Sagittal;
        try {
            const BrushMode mode = tool_ == Tool::Eraser ? BrushMode::Erase : tool_ == Tool::ThresholdBrush ? BrushMode::Threshold : BrushMode::Paint;
            study_->beginStroke(mode, study_->activeLabel(), shape);
            study_->strokeTo(ijk);
            drag_ = Drag::Paint;
        } catch (const std::exception& ex) {
            Q_EMIT message(tool_ != Tool::Eraser && study_->activeLabel() == 0 ? tr("Select or create a segment to paint into.")
                           : tool_ == Tool::Eraser && study_->activeLabel() == 0
                               ? tr("Select the segment to erase from, or tick \u201cEraser: all unlocked segments\u201d.")
                               : QString::fromStdString(ex.what()));
        }
    } else if (e->button() == Qt::LeftButton) {
        drag_ = Drag::Cursor;
        Vec3 ijk;
        if (toVoxel(e->position(), ijk)) study_->setCursor(ijk);
    }
}

void SliceView::mouseMoveEvent(QMouseEvent* e) {
    const QPointF d = e->position() - dragStart_;
    hovering_ = true;
    hoverPos_ = e->position();
    if (paintTool()) update();  // the brush circle follows
    switch (drag_) {
        case Drag::WindowLevel:
            setWindowLevel({wlStart_.centre + d.y() * 2.0, std::max(1.0, wlStart_.width + d.x() * 4.0)});
            Q_EMIT windowLevelChanged(wl_);
            break;
        case Drag::Pan:
            pan_ = panStart_ + d;
            update();
            Q_EMIT zoomPanChanged(zoom_, pan_);
            break;
        case Drag::Paint: {
            Vec3 ijk;
            if (toVoxelContinuous(e->position(), ijk)) study_->strokeTo(ijk);
            break;
        }
        case Drag::Cursor: {
            Vec3 ijk;
            if (toVoxel(e->position(), ijk)) study_->setCursor(ijk);
            break;
        }
        case Drag::AxisEnd: {
            Vec3 ijk;
            if (toVoxelContinuous(e->position(), ijk)) {
                try {
                    study_->moveAxisEnd(study_->activeLabel(), draggedEnd_, ijk);
                } catch (const std::exception& ex) {
                    Q_EMIT message(QString::fromStdString(ex.what()));
                    drag_ = Drag::None;
                }
            }
            break;
        }
        case Drag::Ruler: {
            Vec3 ijk;
            if (toVoxelContinuous(e->position(), ijk)) {
                rulerB_ = ijk;
                update();
            }
            break;
        }
        case Drag::None: break;
    }
    reportHover();
}

void SliceView::reportHover() {
    Vec3 ijk;
    if (!hovering_ || !toVoxel(hoverPos_, ijk)) return;
    const CtVolume& ct = study_->ct();
    const float value = ct.at(std::size_t(ijk[0]), std::size_t(ijk[1]), std::size_t(ijk[2]));
    const Vec3 lps = ct.geometry.indexToWorld(ijk);
    const bool hu = study_->series().metadata.modality == "CT";
    Q_EMIT hover(QString("%1 %2   LPS (%3, %4, %5) mm   voxel (%6, %7, %8)")
                     .arg(double(value), 0, 'f', 0)
                     .arg(hu ? "HU" : "")
                     .arg(lps[0], 0, 'f', 1)
                     .arg(lps[1], 0, 'f', 1)
                     .arg(lps[2], 0, 'f', 1)
                     .arg(int(ijk[0]))
                     .arg(int(ijk[1]))
                     .arg(int(ijk[2])));
}

void SliceView::mouseReleaseEvent(QMouseEvent*) {
    if (drag_ == Drag::Paint) study_->endStroke();
    if (drag_ == Drag::Ruler) Q_EMIT message(tr("Distance %1 mm").arg(rulerMm(), 0, 'f', 1));
    drag_ = Drag::None;
}

void SliceView::mouseDoubleClickEvent(QMouseEvent*) { Q_EMIT maximiseRequested(); }

void SliceView::leaveEvent(QEvent*) {
    hovering_ = false;
    update();
}

void SliceView::keyPressEvent(QKeyEvent* e) {
    switch (commandForKey(e, {Command::NextSlice, Command::PreviousSlice, Command::TenSlicesForward, Command::TenSlicesBack,
                              Command::FirstSlice, Command::LastSlice, Command::ResetView})) {
        case Command::NextSlice: setSlice(slice_ + 1); break;
        case Command::PreviousSlice: setSlice(slice_ - 1); break;
        case Command::TenSlicesForward: setSlice(slice_ + 10); break;
        case Command::TenSlicesBack: setSlice(slice_ - 10); break;
        case Command::FirstSlice: setSlice(0); break;
        case Command::LastSlice: setSlice(1 << 30); break;
        case Command::ResetView:
            resetView();
            reportHover();
            Q_EMIT zoomPanChanged(zoom_, pan_);
            break;
        default: QWidget::keyPressEvent(e); return;
    }
    e->accept();
}

}  // namespace lsms::ui
