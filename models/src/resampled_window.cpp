#include "lsms/models/resampled_window.h"

#include <algorithm>
#include <cmath>

namespace lsms::models {

void sampleWindow(const CtVolume& ct, const WindowPlacement& w, const SliceWindow& window, float* out,
                  const std::function<float(float)>& intensity) {
    const auto& g = ct.geometry;
    const long nx = long(g.size[0]), ny = long(g.size[1]), nz = long(g.size[2]);
    const int S = w.size;
    const std::size_t n = std::size_t(S) * std::size_t(S);
    auto hu = [&](long i, long j, long k) -> float {
        if (i < 0 || j < 0 || i >= nx || j >= ny) return -1000.f;
        return ct.at(std::size_t(i), std::size_t(j), std::size_t(std::clamp(k, 0L, nz - 1)));
    };
    const double dk = w.contextMm / g.spacing[2];
    for (int ch = 0; ch < 3; ++ch) {
        const double k = w.ck + (ch - 1) * dk;
        const long k0 = long(std::floor(k));
        const float fk = float(k - double(k0));
        for (int v = 0; v < S; ++v) {
            const double j = w.rowAt(v, g);
            const long j0 = long(std::floor(j));
            const float fj = float(j - double(j0));
            for (int u = 0; u < S; ++u) {
                const double i = w.columnAt(u, g);
                const long i0 = long(std::floor(i));
                const float fi = float(i - double(i0));
                float acc = 0;
                for (int dz = 0; dz < 2; ++dz)
                    for (int dy = 0; dy < 2; ++dy)
                        for (int dx = 0; dx < 2; ++dx)
                            acc += (dx ? fi : 1 - fi) * (dy ? fj : 1 - fj) * (dz ? fk : 1 - fk) * hu(i0 + dx, j0 + dy, k0 + dz);
                out[std::size_t(ch) * n + std::size_t(v * S + u)] = window(intensity ? intensity(acc) : acc);
            }
        }
    }
}

void mapWindowBack(const float* map, const WindowPlacement& w, const long lo[2], const long hi[2], ProbabilityVolume& out) {
    const auto& g = out.geometry;
    const int S = w.size;
    const auto k = std::size_t(std::clamp(std::lround(w.ck), 0L, long(g.size[2]) - 1));
    for (long j = lo[1]; j <= hi[1]; ++j)
        for (long i = lo[0]; i <= hi[0]; ++i) {
            const double u = std::clamp(w.uOf(double(i), g), 0.0, double(S - 1));
            const double v = std::clamp(w.vOf(double(j), g), 0.0, double(S - 1));
            const int u0 = std::min(S - 2, int(u)), v0 = std::min(S - 2, int(v));
            const double fu = u - u0, fv = v - v0;
            const double value = (1 - fu) * (1 - fv) * map[v0 * S + u0] + fu * (1 - fv) * map[v0 * S + u0 + 1] +
                                 (1 - fu) * fv * map[(v0 + 1) * S + u0] + fu * fv * map[(v0 + 1) * S + u0 + 1];
            out.at(std::size_t(i), std::size_t(j), k) = std::uint8_t(std::lround(255 * std::clamp(value, 0.0, 1.0)));
        }
}

}  // namespace lsms::models
