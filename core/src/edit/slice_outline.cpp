#include "slice_outline.h"

#include <algorithm>
#include <cmath>

namespace lsms::edit::detail {

namespace {
// The slice's mask on a grid padded with zeros, so every outline closes inside it.
struct Grid {
    long x0 = 0, y0 = 0;  // voxel index of grid point (0, 0)
    std::size_t w = 0, h = 0;
    std::vector<float> v;
    float& at(std::size_t x, std::size_t y) { return v[x + w * y]; }
};

Grid maskGrid(const LabelVolume& labels, std::uint16_t label, const SliceExtent& e, std::size_t pad) {
    Grid g;
    g.x0 = long(e.lo[0]) - long(pad);
    g.y0 = long(e.lo[1]) - long(pad);
    g.w = e.hi[0] - e.lo[0] + 2 * pad;
    g.h = e.hi[1] - e.lo[1] + 2 * pad;
    g.v.assign(g.w * g.h, 0.f);
    for (std::size_t j = e.lo[1]; j < e.hi[1]; ++j) {
        const std::uint16_t* row = labels.data.data() + labels.index(0, j, e.k);
        for (std::size_t i = e.lo[0]; i < e.hi[0]; ++i)
            if (row[i] == label) g.at(i - e.lo[0] + pad, j - e.lo[1] + pad) = 1.f;
    }
    return g;
}

std::vector<float> kernel(double sigma, std::size_t radius) {
    std::vector<float> k(2 * radius + 1);
    double sum = 0;
    for (std::size_t i = 0; i < k.size(); ++i) {
        const double x = double(i) - double(radius);
        k[i] = float(std::exp(-x * x / (2 * sigma * sigma)));
        sum += k[i];
    }
    for (float& w : k) w = float(w / sum);
    return k;
}

// Opening by a 2 x 2 square: drops every pixel that lies in no 2 x 2 block of
// the mask (one-pixel spurs, lines, single voxels, lone bumps on an edge),
// keeps anything two pixels thick, such as the rim of an enhancing lesion.
void open2x2(Grid& g) {
    std::vector<float> eroded(g.v.size(), 0.f);
    for (std::size_t y = 0; y + 1 < g.h; ++y)
        for (std::size_t x = 0; x + 1 < g.w; ++x)
            eroded[x + g.w * y] = g.at(x, y) * g.at(x + 1, y) * g.at(x, y + 1) * g.at(x + 1, y + 1);
    for (std::size_t y = 0; y < g.h; ++y)
        for (std::size_t x = 0; x < g.w; ++x) {
            float v = eroded[x + g.w * y];
            if (x > 0) v = std::max(v, eroded[x - 1 + g.w * y]);
            if (y > 0) v = std::max(v, eroded[x + g.w * (y - 1)]);
            if (x > 0 && y > 0) v = std::max(v, eroded[x - 1 + g.w * (y - 1)]);
            g.v[x + g.w * y] = v;
        }
}

// Separable; the pad keeps the kernel inside the grid wherever the mask is non-zero.
void smooth(Grid& g, const std::vector<float>& k) {
    const long r = long(k.size() / 2);
    std::vector<float> tmp(g.v.size(), 0.f);
    for (std::size_t y = 0; y < g.h; ++y)
        for (std::size_t x = 0; x < g.w; ++x) {
            float s = 0;
            for (long d = -r; d <= r; ++d) {
                const long xx = long(x) + d;
                if (xx >= 0 && xx < long(g.w)) s += k[std::size_t(d + r)] * g.v[std::size_t(xx) + g.w * y];
            }
            tmp[x + g.w * y] = s;
        }
    for (std::size_t y = 0; y < g.h; ++y)
        for (std::size_t x = 0; x < g.w; ++x) {
            float s = 0;
            for (long d = -r; d <= r; ++d) {
                const long yy = long(y) + d;
                if (yy >= 0 && yy < long(g.h)) s += k[std::size_t(d + r)] * tmp[x + g.w * std::size_t(yy)];
            }
            g.v[x + g.w * y] = s;
        }
}
}  // namespace

std::vector<PlanePoint> outlinePoints(const LabelVolume& labels, std::uint16_t label, const SliceExtent& extent,
                                      OutlineKind kind, double sigmaPixels) {
    const std::size_t radius = kind == OutlineKind::Smoothed ? std::size_t(std::ceil(3 * sigmaPixels)) : 0;
    Grid g = maskGrid(labels, label, extent, radius + 1);
    if (kind != OutlineKind::Raw) open2x2(g);
    if (kind == OutlineKind::Smoothed) smooth(g, kernel(sigmaPixels, radius));
    const double sx = labels.geometry.spacing[0], sy = labels.geometry.spacing[1];
    std::vector<PlanePoint> pts;
    auto crossing = [](float a, float b) { return (a - 0.5f) / (a - b); };  // a and b on either side of 0.5
    for (std::size_t y = 0; y < g.h; ++y)
        for (std::size_t x = 0; x < g.w; ++x) {
            const float v = g.at(x, y);
            const bool in = v >= 0.5f;
            if (x + 1 < g.w && in != (g.at(x + 1, y) >= 0.5f)) {
                const double t = crossing(v, g.at(x + 1, y));
                pts.push_back({(double(g.x0 + long(x)) + t) * sx, double(g.y0 + long(y)) * sy});
            }
            if (y + 1 < g.h && in != (g.at(x, y + 1) >= 0.5f)) {
                const double t = crossing(v, g.at(x, y + 1));
                pts.push_back({double(g.x0 + long(x)) * sx, (double(g.y0 + long(y)) + t) * sy});
            }
        }
    return pts;
}

}  // namespace lsms::edit::detail
