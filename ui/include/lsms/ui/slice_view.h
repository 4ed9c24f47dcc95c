#pragma once
// One MPR slice view: image with overlays, crosshair, orientation letters;
// wheel/keys change slice, right-drag changes window/level, Ctrl+wheel
// zooms, middle-drag pans, left click moves the linked crosshair. With a brush
// tool a circle of the brush's size follows the cursor. The axial view draws
// the active segment's RECIST axes on their slice; with the Navigate tool a
// left-drag on an end point moves it (Study::moveAxisEnd). A scale bar of a
// round length follows the zoom; magnified pixels are smoothed (bilinear)
// unless that is turned off. With the Ruler tool a left-drag measures a
// distance on the slice in millimetres (through the voxel spacing and
// orientation); it stays drawn on its slice until the next one.
#include "lsms/ui/corner_text.h"
#include "lsms/ui/slice_renderer.h"
#include "lsms/ui/study.h"

#include <QLineF>
#include <QWidget>

namespace lsms::ui {

// ThresholdBrush paints like Brush within Study::thresholdRange().
enum class Tool { Navigate, Brush, Eraser, ThresholdBrush, Ruler };

class SliceView : public QWidget {
    Q_OBJECT
public:
    SliceView(Study* study, Axis axis, QWidget* parent = nullptr);

    Axis axis() const { return axis_; }
    int slice() const { return slice_; }
    void setSlice(int slice);
    const WindowLevel& windowLevel() const { return wl_; }
    void setWindowLevel(const WindowLevel& wl);
    // The last rendered slice image (one pixel per voxel), for tests and screenshots.
    const QImage& sliceImage() const;
    // Patient, study date, series, slice position and thickness, W/L in the corners.
    void setCornersVisible(bool on);
    bool cornersVisible() const { return cornersVisible_; }
    CornerTexts cornerTexts() const;  // what the corners show now (empty without a volume)
    // Widget position of a voxel (inverse of what the mouse maps to).
    QPointF widgetPos(const Vec3& ijk) const;
    void resetView();
    // Left-drag paints or erases in the active segment when a tool is set.
    void setTool(Tool tool) { tool_ = tool; }
    Tool tool() const { return tool_; }
    void setBrushRadiusMm(double mm);
    double brushRadiusMm() const { return brushMm_; }
    // The brush circle drawn around the cursor, in widget pixels: empty unless
    // a brush tool is set and the mouse is over the image.
    QRectF brushOutline() const;
    // Zoom factor over the fitted image (Ctrl+wheel).
    double zoom() const { return zoom_; }
    void setZoom(double zoom);
    // Offset of the image centre from the widget centre, in widget pixels (middle-drag).
    QPointF pan() const { return pan_; }
    void setPan(const QPointF& pan);
    // Bilinear filtering of magnified image pixels; off shows each voxel as a square.
    void setSmooth(bool on);
    bool smooth() const { return smooth_; }
    // The scale bar: its length in mm (scaleBarLengthMm of the view's width)
    // and where it is drawn, in widget pixels; 0 and an empty line without an image.
    double scaleBarMm() const;
    QLineF scaleBarLine() const;
    // The ruler: whether it is drawn (on the slice it was measured on), its
    // length in mm and its ends in widget pixels.
    bool showsRuler() const;
    double rulerMm() const;
    QLineF rulerLine() const;
    // Whether the active segment's RECIST axes are drawn now, and where an end
    // point is in widget pixels.
    bool showsAxes() const;
    QPointF axisEndPos(edit::AxisEnd end) const;
    // Continuous voxel indices under a widget position (false outside the image).
    bool toVoxel(const QPointF& widgetPos, Vec3& ijk) const;

Q_SIGNALS:
    void hover(const QString& text);
    void windowLevelChanged(const WindowLevel& wl);
    void maximiseRequested();
    void message(const QString& text);
    // The user zoomed, panned or reset this view (not emitted for setZoom/setPan),
    // so linked views can follow.
    void zoomPanChanged(double zoom, const QPointF& pan);

protected:
    void paintEvent(QPaintEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void mouseDoubleClickEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;
    void keyPressEvent(QKeyEvent*) override;

private:
    void rerender();
    // HU and LPS of the voxel under the mouse, whenever that voxel changes
    // (mouse move, slice change by wheel or key, zoom).
    void reportHover();
    void onVolumeChanged();
    void onCursorChanged();
    QRectF imageRect() const;
    bool toVoxelContinuous(const QPointF& widgetPos, Vec3& ijk) const;
    void drawAxes(QPainter& p) const;
    void drawScaleBar(QPainter& p) const;
    void drawRuler(QPainter& p) const;
    bool paintTool() const { return tool_ == Tool::Brush || tool_ == Tool::Eraser || tool_ == Tool::ThresholdBrush; }
    double pixelsPerMm() const;
    // The end point within grab distance of `pos`, if any.
    bool axisEndAt(const QPointF& pos, edit::AxisEnd& end) const;

    Study* study_;
    Axis axis_;
    int slice_ = 0;
    WindowLevel wl_;
    // A brush stroke changes the labels many times between two paints: the
    // image is drawn again when it is next shown, not on every change.
    void labelsMoved();
    mutable QImage image_;
    mutable bool stale_ = false;
    double zoom_ = 1.0;
    QPointF pan_{0, 0};
    Tool tool_ = Tool::Navigate;
    double brushMm_ = 5.0;
    bool cornersVisible_ = true;
    bool smooth_ = true;
    bool ruler_ = false;
    Vec3 rulerA_{}, rulerB_{};  // continuous voxel indices
    int rulerSlice_ = 0;
    enum class Drag { None, Cursor, WindowLevel, Pan, Paint, AxisEnd, Ruler } drag_ = Drag::None;
    edit::AxisEnd draggedEnd_ = edit::AxisEnd::LongA;
    bool hovering_ = false;  // the mouse is over the widget
    QPointF hoverPos_;
    QPointF dragStart_;
    WindowLevel wlStart_;
    QPointF panStart_;
};

}  // namespace lsms::ui
