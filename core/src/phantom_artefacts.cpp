#include "phantom_artefacts.h"

#include <algorithm>
#include <cmath>

namespace lsms::phantom {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kAngles = 36;
constexpr int kCoarse = 96;  // streaks are wide: computed on a coarse grid
constexpr double kDenseHu = 200;  // what hardens the beam: bone, dense contrast, metal
}  // namespace

void addBiasAndCupping(const ArtefactParameters& a, float* slice, std::size_t nx, std::size_t ny, double x0, double y0,
                       double dx, double dy, double z) {
    if (a.biasHu == 0 && a.cuppingHu == 0) return;
    // cos(u + v) = cos u cos v - sin u sin v, with u along x and v along y:
    // a few hundred cosines per slice instead of three per pixel.
    std::vector<double> cu(3 * nx), su(3 * nx), cv(3 * ny), sv(3 * ny);
    for (int w = 0; w < 3; ++w) {
        for (std::size_t i = 0; i < nx; ++i) {
            const double u = a.biasK[w][0] * (x0 + double(i) * dx);
            cu[w * nx + i] = std::cos(u), su[w * nx + i] = std::sin(u);
        }
        for (std::size_t j = 0; j < ny; ++j) {
            const double v = a.biasK[w][1] * (y0 + double(j) * dy) + a.biasK[w][2] * z + a.biasPhase[w];
            cv[w * ny + j] = std::cos(v), sv[w * ny + j] = std::sin(v);
        }
    }
    for (std::size_t j = 0; j < ny; ++j)
        for (std::size_t i = 0; i < nx; ++i) {
            const double x = x0 + double(i) * dx, y = y0 + double(j) * dy;
            const double r2 = (x / a.bodyHalfWidth) * (x / a.bodyHalfWidth) + (y / a.bodyHalfDepth) * (y / a.bodyHalfDepth);
            if (r2 >= 1) continue;
            float& v = slice[j * nx + i];
            if (v < -900) continue;  // gas stays gas
            double b = 0;
            for (int w = 0; w < 3; ++w) b += cu[w * nx + i] * cv[w * ny + j] - su[w * nx + i] * sv[w * ny + j];
            v += float(a.biasHu * b / std::sqrt(1.5) - a.cuppingHu * (1 - r2));
        }
}

void addBeamHardening(const ArtefactParameters& a, float* slice, std::size_t nx, std::size_t ny, double dx, double dy) {
    if (a.beamHardening <= 0) return;
    // Dense material on a coarse grid, in mm of "excess density" (HU/1000) per pixel.
    const std::size_t f = std::max<std::size_t>(1, (std::max(nx, ny) + kCoarse - 1) / kCoarse);
    const std::size_t mx = (nx + f - 1) / f, my = (ny + f - 1) / f;
    const double cdx = dx * double(f), cdy = dy * double(f);
    std::vector<double> dense(mx * my, 0);
    bool any = false;
    for (std::size_t j = 0; j < ny; ++j)
        for (std::size_t i = 0; i < nx; ++i) {
            const double e = slice[j * nx + i] - kDenseHu;
            if (e > 0) {
                dense[(j / f) * mx + i / f] += e / 1000.0 / double(f * f);
                any = true;
            }
        }
    if (!any) return;
    const double cx = 0.5 * double(mx - 1) * cdx, cy = 0.5 * double(my - 1) * cdy;
    const double bin = std::min(cdx, cdy);
    const int nBins = int(std::ceil(std::hypot(double(mx) * cdx, double(my) * cdy) / bin)) + 4;
    const double half = 0.5 * nBins;
    // Ram-Lak kernel on the bin spacing, truncated.
    const int taps = 24;
    std::vector<double> h(2 * taps + 1, 0);
    for (int n = -taps; n <= taps; ++n)
        h[std::size_t(n + taps)] = n == 0 ? 1.0 / (4 * bin * bin) : (n % 2 ? -1.0 / (n * n * kPi * kPi * bin * bin) : 0);
    std::vector<double> error(mx * my, 0.0), proj(static_cast<std::size_t>(nBins), 0.0), filtered(static_cast<std::size_t>(nBins), 0.0);
    for (int k = 0; k < kAngles; ++k) {
        const double th = kPi * k / kAngles, c = std::cos(th), s = std::sin(th);
        std::fill(proj.begin(), proj.end(), 0.0);
        for (std::size_t j = 0; j < my; ++j)
            for (std::size_t i = 0; i < mx; ++i) {
                const double d = dense[j * mx + i];
                if (d <= 0) continue;
                const double t = ((double(i) * cdx - cx) * c + (double(j) * cdy - cy) * s) / bin + half;
                const int b = int(std::floor(t));
                const double w = t - b;
                if (b < 0 || b + 1 >= nBins) continue;
                proj[std::size_t(b)] += d * cdx * (1 - w);
                proj[std::size_t(b + 1)] += d * cdx * w;
            }
        // The detector under-reads dense paths: error ~ -(path)^2.
        for (auto& p : proj) p = -p * p;
        for (int b = 0; b < nBins; ++b) {
            double acc = 0;
            for (int n = -taps; n <= taps; ++n) {
                const int q = b - n;
                if (q >= 0 && q < nBins) acc += h[std::size_t(n + taps)] * proj[std::size_t(q)];
            }
            filtered[std::size_t(b)] = acc * bin;
        }
        for (std::size_t j = 0; j < my; ++j)
            for (std::size_t i = 0; i < mx; ++i) {
                const double t = ((double(i) * cdx - cx) * c + (double(j) * cdy - cy) * s) / bin + half;
                const int b = int(std::floor(t));
                const double w = t - b;
                if (b < 0 || b + 1 >= nBins) continue;
                error[j * mx + i] += (filtered[std::size_t(b)] * (1 - w) + filtered[std::size_t(b + 1)] * w) * kPi / kAngles;
            }
    }
    // Back onto the fine grid (bilinear), in HU: the error is in units of
    // excess density, 1000 HU per unit.
    const double gain = 1000.0 * a.beamHardening;
    for (std::size_t j = 0; j < ny; ++j) {
        const double v = std::clamp((double(j) + 0.5) / double(f) - 0.5, 0.0, double(my - 1));
        const std::size_t j0 = std::min(std::size_t(v), my - 1), j1 = std::min(j0 + 1, my - 1);
        const double wv = v - double(j0);
        for (std::size_t i = 0; i < nx; ++i) {
            const double u = std::clamp((double(i) + 0.5) / double(f) - 0.5, 0.0, double(mx - 1));
            const std::size_t i0 = std::min(std::size_t(u), mx - 1), i1 = std::min(i0 + 1, mx - 1);
            const double wu = u - double(i0);
            const double e = (error[j0 * mx + i0] * (1 - wu) + error[j0 * mx + i1] * wu) * (1 - wv) +
                             (error[j1 * mx + i0] * (1 - wu) + error[j1 * mx + i1] * wu) * wv;
            float& px = slice[j * nx + i];
            if (px > -900) px += float(gain * e);
        }
    }
}

}  // namespace lsms::phantom
