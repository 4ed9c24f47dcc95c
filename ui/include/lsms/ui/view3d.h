#pragma once
// The 3D view: segment surfaces within the translucent liver, and the three
// orthogonal CT planes (off by default), drawn by
// VTK offscreen and shown as an image (Debian's VTK Qt module is Qt 5 only).
// Left-drag rotates, right-drag or wheel zooms, middle-drag pans, R resets; a
// click on a lesion's surface makes it the active lesion, and the camera
// turns about the active lesion.
#include "lsms/ui/study.h"

#include <QImage>
#include <QTimer>
#include <QWidget>

#include <array>
#include <memory>

namespace lsms::ui {

class View3D : public QWidget {
    Q_OBJECT
public:
    explicit View3D(Study* study, QWidget* parent = nullptr);
    ~View3D() override;

    const QImage& renderedImage() const { return image_; }
    // Milliseconds the last surface update took (for the benchmark).
    double lastSurfaceUpdateMs() const { return lastSurfaceMs_; }
    // Surfaces built since the view was made, and those shown now (tests: an
    // edit rebuilds only the segments it touched).
    std::size_t surfacesBuilt() const { return surfacesBuilt_; }
    std::size_t surfacesShown() const;
    // The axial slices [first, end) the surface of `label` was built from (tests).
    std::pair<std::size_t, std::size_t> surfaceSlices(std::uint16_t label) const;
    void resetCamera();
    void setPlanesVisible(bool on);
    // The study's liver as a faint surface around the lesions (on by default).
    void setLiverVisible(bool on);
    bool liverShown() const;  // a liver is there and drawn
    // The lesion whose surface is under widget point `p` (0: none).
    std::uint16_t labelAt(const QPoint& p);
    // Where an LPS point is drawn, in widget coordinates; the camera's focal point.
    QPoint screenPointOf(const Vec3& lps);
    Vec3 focalPoint() const;
    void renderNow();

Q_SIGNALS:
    void maximiseRequested();

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mouseDoubleClickEvent(QMouseEvent*) override;
    void keyPressEvent(QKeyEvent*) override;

private:
    void rebuildSurfaces();
    // Only the surfaces of `touched` labels, and of segments added or removed
    // since; the change lay in axial slices [edited[0], edited[1]).
    void updateSurfaces(const std::vector<std::uint16_t>& touched, std::array<std::size_t, 2> edited);
    // The dabs of a held stroke since its surfaces were last built.
    void followStroke();
    void rebuildPlanes();
    void rebuildLiver();
    void centreOn(std::uint16_t label);
    void applyStyles();

    struct Vtk;
    std::unique_ptr<Vtk> vtk_;
    Study* study_;
    QImage image_;
    QPoint last_, pressed_;
    bool dragged_ = false;
    double lastSurfaceMs_ = 0;
    std::uint64_t surfacesSerial_ = 0;
    std::size_t surfacesBuilt_ = 0;
    // Off by default: the planes hide the lesion surfaces behind dark slabs.
    bool planesVisible_ = false;
    bool liverVisible_ = true;
    bool cameraMoved_ = false;  // by the reader since the series opened
    // A held stroke's dabs not yet in the surfaces: rebuilt a few times a
    // second while the stroke goes on, not once per mouse move.
    std::vector<std::uint16_t> strokeTouched_;
    std::array<std::size_t, 2> strokeSlices_{0, 0};
    QTimer* strokeTimer_ = nullptr;
};

}  // namespace lsms::ui
