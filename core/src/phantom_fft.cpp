#include "phantom_fft.h"

#include <cmath>
#include <utility>

namespace lsms::phantom {

void fft(std::complex<double>* a, std::size_t n, bool inverse) {
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double ang = 2 * 3.14159265358979323846 / double(len) * (inverse ? 1 : -1);
        const std::complex<double> wl(std::cos(ang), std::sin(ang));
        for (std::size_t i = 0; i < n; i += len) {
            std::complex<double> w(1);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const auto u = a[i + k], v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= wl;
            }
        }
    }
}

void fft2d(std::vector<std::complex<double>>& a, std::size_t n, bool inverse) {
    for (std::size_t r = 0; r < n; ++r) fft(a.data() + r * n, n, inverse);
    std::vector<std::complex<double>> col(n);
    for (std::size_t c = 0; c < n; ++c) {
        for (std::size_t r = 0; r < n; ++r) col[r] = a[r * n + c];
        fft(col.data(), n, inverse);
        for (std::size_t r = 0; r < n; ++r) a[r * n + c] = col[r];
    }
}

std::size_t nextPowerOfTwo(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

}  // namespace lsms::phantom
