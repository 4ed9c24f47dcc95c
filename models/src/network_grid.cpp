#include "lsms/models/network_grid.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>

namespace lsms::models {

double GridAxis::ctCoordinate(double n) const {
    const double u = first + n * step;
    return flip ? double(ctSize) - 1.0 - u : u;
}

bool NetworkGrid::identity() const {
    return std::all_of(axis.begin(), axis.end(), [](const GridAxis& a) {
        return a.ctSize == a.size && a.first == 0.0 && a.step == 1.0 && !a.flip;
    });
}

namespace {

// Centroid of the body along both in-plane index axes; the field's centre
// when nothing is denser than air.
std::array<double, 2> bodyCentre(const CtVolume& ct) {
    const auto& g = ct.geometry;
    const std::size_t nx = g.size[0], ny = g.size[1];
    double sx = 0, sy = 0, n = 0;
    std::vector<float> scratch;
    for (std::size_t k = 0; k < g.size[2]; ++k) {
        const float* s = ct.sliceHu(k, scratch);
        for (std::size_t j = 0; j < ny; j += 2)
            for (std::size_t i = 0; i < nx; i += 2)
                if (s[i + nx * j] > -500.f) {
                    sx += double(i);
                    sy += double(j);
                    n += 1;
                }
    }
    if (n == 0) return {(double(nx) - 1) / 2, (double(ny) - 1) / 2};
    return {sx / n, sy / n};
}

GridAxis placeAxis(std::size_t ctSize, double ctSpacing, bool flip, double centre, std::size_t size,
                   double spacingMm) {
    GridAxis a;
    a.ctSize = ctSize;
    a.size = size;
    a.flip = flip;
    a.step = spacingMm / ctSpacing;
    const double c = flip ? double(ctSize) - 1.0 - centre : centre;
    // Network field edges in CT pixels: [first - step/2, first + (size - 1/2) step].
    // Bound `lo`: its low edge on the CT's low edge; `hi`: its high edge on
    // the CT's high edge. A network field larger than the CT's lies between
    // the two (CT kept whole); a smaller one too (no padding).
    const double lo = a.step / 2 - 0.5, hi = double(ctSize) - 0.5 - (double(size) - 0.5) * a.step;
    a.first = std::clamp(c - (double(size) - 1) / 2 * a.step, std::min(lo, hi), std::max(lo, hi));
    // A CT on the network's own grid maps pixel to pixel, exactly.
    if (std::abs(a.step - 1.0) < 1e-9 && ctSize == size && std::abs(a.first) < 1e-9) {
        a.step = 1.0;
        a.first = 0.0;
    }
    return a;
}

}  // namespace

NetworkGrid networkGrid(const CtVolume& ct, int size, double spacingMm) {
    const auto& g = ct.geometry;
    if (g.voxelCount() == 0 || ct.data.size() != g.voxelCount()) throw InputError("empty or inconsistent CT volume");
    if (size < 1) throw InputError("the network's input size must be positive");
    if (!(spacingMm > 0)) throw InputError("the network's input spacing must be positive");
    if (!(g.spacing[0] > 0) || !(g.spacing[1] > 0)) throw InputError("the CT's pixel spacing must be positive");
    const auto centre = bodyCentre(ct);
    NetworkGrid n;
    n.spacingMm = spacingMm;
    n.axis[0] = placeAxis(g.size[0], g.spacing[0], g.direction[0][0] < 0, centre[0], std::size_t(size), spacingMm);
    n.axis[1] = placeAxis(g.size[1], g.spacing[1], g.direction[1][1] < 0, centre[1], std::size_t(size), spacingMm);
    return n;
}

Geometry networkGeometry(const NetworkGrid& grid, const Geometry& ct) {
    Geometry t = ct;
    t.size = {grid.axis[0].size, grid.axis[1].size, ct.size[2]};
    t.spacing[0] = t.spacing[1] = grid.spacingMm;
    t.origin = ct.indexToWorld({grid.axis[0].ctCoordinate(0), grid.axis[1].ctCoordinate(0), 0.0});
    for (int a = 0; a < 2; ++a)
        if (grid.axis[std::size_t(a)].flip) t.direction[std::size_t(a)] = -1.0 * ct.direction[std::size_t(a)];
    return t;
}

GridResampler::GridResampler(const NetworkGrid& grid, Direction direction) {
    const auto& ax = grid.axis[0];
    const auto& ay = grid.axis[1];
    if (direction == Direction::ToNetwork) {
        inW_ = ax.ctSize, inH_ = ay.ctSize, outW_ = ax.size, outH_ = ay.size;
        build(0, ax.ctSize, ax.size, ax.first, ax.step, ax.flip, false);
        build(1, ay.ctSize, ay.size, ay.first, ay.step, ay.flip, false);
    } else {
        inW_ = ax.size, inH_ = ay.size, outW_ = ax.ctSize, outH_ = ay.ctSize;
        build(0, ax.size, ax.ctSize, -ax.first / ax.step, 1.0 / ax.step, false, ax.flip);
        build(1, ay.size, ay.ctSize, -ay.first / ay.step, 1.0 / ay.step, false, ay.flip);
    }
}

void GridResampler::build(int a, std::size_t inN, std::size_t outN, double first, double step, bool flipIn,
                          bool flipOut) {
    auto& taps = taps_[a];
    taps.assign(outN, {});
    const double radius = std::max(1.0, step);
    for (std::size_t o = 0; o < outN; ++o) {
        const double c = flipOut ? double(outN - 1 - o) : double(o);
        const double s = first + c * step;  // source coordinate, in the source's mapped order
        Taps& t = taps[o];
        t.begin = index_.size();
        if (s < -0.5 || s > double(inN) - 0.5) continue;
        const long lo = std::max(0L, long(std::ceil(s - radius))), hi = std::min(long(inN) - 1, long(std::floor(s + radius)));
        double sum = 0;
        for (long q = lo; q <= hi; ++q) {
            const double w = 1.0 - std::abs(double(q) - s) / radius;
            if (w <= 0) continue;
            index_.push_back(std::size_t(flipIn ? long(inN) - 1 - q : q));
            weights_.push_back(float(w));
            sum += w;
            ++t.count;
        }
        for (std::size_t i = t.begin; i < t.begin + t.count; ++i) weights_[i] = float(weights_[i] / sum);
        const long near = std::clamp(long(std::lround(s)), 0L, long(inN) - 1);
        t.nearest = flipIn ? long(inN) - 1 - near : near;
    }
}

void GridResampler::resample(const float* in, float* out, float outside) const {
    std::vector<float> rows(inH_ * outW_);
    for (std::size_t j = 0; j < inH_; ++j) {
        const float* src = in + j * inW_;
        float* dst = rows.data() + j * outW_;
        for (std::size_t x = 0; x < outW_; ++x) {
            const Taps& t = taps_[0][x];
            float v = 0;
            for (std::size_t i = t.begin; i < t.begin + t.count; ++i) v += weights_[i] * src[index_[i]];
            dst[x] = v;
        }
    }
    for (std::size_t y = 0; y < outH_; ++y) {
        const Taps& ty = taps_[1][y];
        float* dst = out + y * outW_;
        if (ty.count == 0) {
            std::fill(dst, dst + outW_, outside);
            continue;
        }
        for (std::size_t x = 0; x < outW_; ++x) {
            if (taps_[0][x].count == 0) {
                dst[x] = outside;
                continue;
            }
            float v = 0;
            for (std::size_t i = ty.begin; i < ty.begin + ty.count; ++i) v += weights_[i] * rows[index_[i] * outW_ + x];
            dst[x] = v;
        }
    }
}

void GridResampler::nearest(const std::uint16_t* in, std::uint16_t* out) const {
    for (std::size_t y = 0; y < outH_; ++y)
        for (std::size_t x = 0; x < outW_; ++x) {
            const long sy = taps_[1][y].count ? taps_[1][y].nearest : -1;
            const long sx = taps_[0][x].count ? taps_[0][x].nearest : -1;
            out[x + outW_ * y] = sx < 0 || sy < 0 ? 0 : in[std::size_t(sx) + inW_ * std::size_t(sy)];
        }
}

}  // namespace lsms::models
