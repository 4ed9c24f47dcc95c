#pragma once
// Draws one slice of the CT with segment overlays into a QImage, one pixel
// per voxel (the view scales it for spacing). Exact and testable.
#include "lsms/core/volume.h"
#include "lsms/ui/study.h"

#include <QImage>
#include <QPointF>
#include <QSizeF>

namespace lsms::ui {

enum class Axis { Axial, Coronal, Sagittal };

struct WindowLevel {
    double centre = 60;
    double width = 400;
};

// Maps a slice image pixel (u, v) and a slice index to voxel indices and back.
class SlicePlane {
public:
    SlicePlane(const Geometry& g, Axis axis);
    int sliceCount() const;
    QSize imageSize() const;
    // Millimetres per image pixel along u and v (for the aspect ratio).
    QSizeF pixelSizeMm() const;
    Vec3 voxel(int slice, double u, double v) const;
    QPointF pixel(const Vec3& ijk) const;  // (u, v) of a voxel
    int sliceOf(const Vec3& ijk) const;
    // Orientation letters for the image's right, left, bottom and top edges.
    QString rightLetter() const, leftLetter() const, bottomLetter() const, topLetter() const;

private:
    Geometry g_;
    Axis axis_;
    int uAxis_, vAxis_, nAxis_;
    bool flipV_;  // the stack axis shown with superior at the top
};

QImage renderSlice(const Study& study, Axis axis, int slice, const WindowLevel& wl);

}  // namespace lsms::ui
