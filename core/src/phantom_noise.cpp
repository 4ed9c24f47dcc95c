#include "phantom_noise.h"

#include "phantom_fft.h"

#include <algorithm>
#include <cmath>

namespace lsms::phantom {

namespace {
constexpr double kPi = 3.14159265358979323846;

// NPS(f) = A f exp(-f^2/fc^2), with A such that its integral over the plane
// (the variance of the unsampled field) is sigma^2.
double nps(double f, double sigma, double fc) {
    const double a = sigma * sigma / (2 * kPi * (std::sqrt(kPi) / 4) * fc * fc * fc);
    return a * f * std::exp(-f * f / (fc * fc));
}

double bandVariance(double sigma, double fc, double dfx, double dfy, std::size_t n) {
    double v = 0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) {
            const double fx = (i <= n / 2 ? double(i) : double(i) - double(n)) * dfx;
            const double fy = (j <= n / 2 ? double(j) : double(j) - double(n)) * dfy;
            v += nps(std::hypot(fx, fy), sigma, fc) * dfx * dfy;
        }
    return v;
}
}  // namespace

double noiseSigmaOnGrid(const NoiseTexture& t, double pixelMm, double thicknessMm) {
    const std::size_t n = 256;
    const double df = 1.0 / (double(n) * pixelMm);
    const double sigma = t.sigmaAtReferenceHu * std::sqrt(NoiseTexture::kReferenceThicknessMm / thicknessMm);
    return std::sqrt(bandVariance(sigma, std::sqrt(2.0) * t.peakPerMm, df, df, n));
}

NoiseField::NoiseField(const NoiseTexture& t, std::size_t nx, std::size_t ny, double px, double py, double thicknessMm)
    : nx_(nx), ny_(ny), n_(nextPowerOfTwo(std::max(nx, ny))) {
    const double sigma = t.sigmaAtReferenceHu * std::sqrt(NoiseTexture::kReferenceThicknessMm / thicknessMm);
    const double fc = std::sqrt(2.0) * t.peakPerMm;
    const double dfx = 1.0 / (double(n_) * px), dfy = 1.0 / (double(n_) * py);
    amplitude_.resize(n_ * n_);
    double var = 0;
    for (std::size_t j = 0; j < n_; ++j)
        for (std::size_t i = 0; i < n_; ++i) {
            const double fx = (i <= n_ / 2 ? double(i) : double(i) - double(n_)) * dfx;
            const double fy = (j <= n_ / 2 ? double(j) : double(j) - double(n_)) * dfy;
            const double p = nps(std::hypot(fx, fy), sigma, fc) * dfx * dfy;
            amplitude_[j * n_ + i] = std::sqrt(p);
            var += p;
        }
    // Bins with a millionth of the peak power add nothing visible.
    const double peak = *std::max_element(amplitude_.begin(), amplitude_.end());
    var = 0;
    for (auto& a : amplitude_) {
        if (a < 1e-3 * peak) a = 0;
        var += a * a;
    }
    sigma_ = std::sqrt(var);
}

void NoiseField::pair(Rng& rng, float* a, float* b) const {
    std::vector<std::complex<double>> z(n_ * n_);
    for (std::size_t k = 0; k < z.size(); ++k) {
        // Box-Muller giving both normals of a pair; bins the kernel has
        // rolled off to nothing still draw, so the stream stays the same.
        double u1 = rng.uniform();
        if (u1 < 1e-300) u1 = 1e-300;
        const double u2 = rng.uniform();
        if (amplitude_[k] == 0) continue;
        const double r = amplitude_[k] * std::sqrt(-2.0 * std::log(u1)), t = 2 * kPi * u2;
        z[k] = {r * std::cos(t), r * std::sin(t)};
    }
    // Unnormalised inverse: each output is sum_k H_k W_k e^{..}, whose real
    // and imaginary parts each have variance sum_k |H_k|^2 = sigma^2.
    fft2d(z, n_, true);
    for (std::size_t j = 0; j < ny_; ++j)
        for (std::size_t i = 0; i < nx_; ++i) {
            a[j * nx_ + i] = float(z[j * n_ + i].real());
            if (b) b[j * nx_ + i] = float(z[j * n_ + i].imag());
        }
}

}  // namespace lsms::phantom
