#include "lsms/ui/slice_renderer.h"

#include <algorithm>
#include <cmath>

namespace lsms::ui {

SlicePlane::SlicePlane(const Geometry& g, Axis axis) : g_(g), axis_(axis) {
    switch (axis) {
        case Axis::Axial: uAxis_ = 0, vAxis_ = 1, nAxis_ = 2; break;
        case Axis::Coronal: uAxis_ = 0, vAxis_ = 2, nAxis_ = 1; break;
        case Axis::Sagittal: uAxis_ = 1, vAxis_ = 2, nAxis_ = 0; break;
    }
    // Coronal and sagittal views show the head end at the top.
    flipV_ = axis != Axis::Axial && g.direction[2][2] > 0;
}

int SlicePlane::sliceCount() const { return int(g_.size[std::size_t(nAxis_)]); }
QSize SlicePlane::imageSize() const { return QSize(int(g_.size[std::size_t(uAxis_)]), int(g_.size[std::size_t(vAxis_)])); }
QSizeF SlicePlane::pixelSizeMm() const { return QSizeF(g_.spacing[std::size_t(uAxis_)], g_.spacing[std::size_t(vAxis_)]); }

Vec3 SlicePlane::voxel(int slice, double u, double v) const {
    Vec3 ijk{};
    ijk[std::size_t(uAxis_)] = u;
    ijk[std::size_t(vAxis_)] = flipV_ ? double(g_.size[std::size_t(vAxis_)] - 1) - v : v;
    ijk[std::size_t(nAxis_)] = slice;
    return ijk;
}

QPointF SlicePlane::pixel(const Vec3& ijk) const {
    const double v = ijk[std::size_t(vAxis_)];
    return QPointF(ijk[std::size_t(uAxis_)], flipV_ ? double(g_.size[std::size_t(vAxis_)] - 1) - v : v);
}

int SlicePlane::sliceOf(const Vec3& ijk) const { return int(std::lround(ijk[std::size_t(nAxis_)])); }

namespace {
QString letter(const Vec3& d) { return QString::fromStdString(orientationLetter(d)); }
}  // namespace

QString SlicePlane::rightLetter() const { return letter(g_.direction[std::size_t(uAxis_)]); }
QString SlicePlane::leftLetter() const { return letter(-1.0 * g_.direction[std::size_t(uAxis_)]); }
QString SlicePlane::bottomLetter() const {
    const Vec3& d = g_.direction[std::size_t(vAxis_)];
    return letter(flipV_ ? -1.0 * d : d);
}
QString SlicePlane::topLetter() const {
    const Vec3& d = g_.direction[std::size_t(vAxis_)];
    return letter(flipV_ ? d : -1.0 * d);
}

QImage renderSlice(const Study& study, Axis axis, int slice, const WindowLevel& wl) {
    const CtVolume& ct = study.ct();
    const SlicePlane plane(ct.geometry, axis);
    const QSize size = plane.imageSize();
    QImage img(size, QImage::Format_RGB32);
    if (!study.hasVolume() || slice < 0 || slice >= plane.sliceCount()) {
        img.fill(Qt::black);
        return img;
    }
    const LabelVolume& labels = study.labels();
    const auto& segs = study.segments();
    const bool overlays = study.overlaysVisible() && !segs.empty();
    const bool outline = study.outlineMode();
    const double lo = wl.centre - wl.width / 2, scale = 255.0 / std::max(1.0, wl.width);
    // Colour and opacity per label value; alpha 0 = not drawn.
    std::uint16_t maxLabel = 0;
    for (const auto& sg : segs) maxLabel = std::max(maxLabel, sg.label);
    std::vector<std::array<float, 4>> colour(std::size_t(maxLabel) + 1, {0, 0, 0, 0});
    for (const auto& sg : segs)
        if (sg.visible)
            colour[sg.label] = {float(sg.colour.r), float(sg.colour.g), float(sg.colour.b), outline ? 1.f : float(sg.opacity)};

    const int w = size.width(), h = size.height();
    const Geometry& g = ct.geometry;
    auto labelAt = [&](int u, int v) -> std::uint16_t {
        if (u < 0 || v < 0 || u >= w || v >= h) return 0;
        const Vec3 p = plane.voxel(slice, u, v);
        return labels.data[labels.index(std::size_t(p[0]), std::size_t(p[1]), std::size_t(p[2]))];
    };
    for (int v = 0; v < h; ++v) {
        auto* row = reinterpret_cast<QRgb*>(img.scanLine(v));
        for (int u = 0; u < w; ++u) {
            const Vec3 p = plane.voxel(slice, u, v);
            const std::size_t idx = std::size_t(p[0]) + g.size[0] * (std::size_t(p[1]) + g.size[1] * std::size_t(p[2]));
            const float grey = float(std::clamp((double(ct.data[idx]) - lo) * scale, 0.0, 255.0));
            float r = grey, gr = grey, b = grey;
            if (overlays) {
                const std::uint16_t l = labels.data[idx];
                if (l && l < colour.size() && colour[l][3] > 0) {
                    const bool edge = !outline || labelAt(u - 1, v) != l || labelAt(u + 1, v) != l || labelAt(u, v - 1) != l ||
                                      labelAt(u, v + 1) != l;
                    if (edge) {
                        const float a = colour[l][3];
                        r = r * (1 - a) + colour[l][0] * a;
                        gr = gr * (1 - a) + colour[l][1] * a;
                        b = b * (1 - a) + colour[l][2] * a;
                    }
                }
            }
            row[u] = qRgb(int(r + 0.5f), int(gr + 0.5f), int(b + 0.5f));
        }
    }
    return img;
}

}  // namespace lsms::ui
