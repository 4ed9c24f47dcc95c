#pragma once
// CT noise with the texture of filtered back projection: a stationary field
// whose noise power spectrum is ramp-shaped at low frequency and rolled off
// by the reconstruction kernel, NPS(f) ~ f exp(-f^2/fc^2), peaking at
// f = fc / sqrt(2). The spectrum is defined in physical units (mm^-1), so a
// finer grid samples the same texture (it is not cleaner) and a coarser one
// averages part of it away; the variance scales as 1 / slice thickness.
#include "phantom_rng.h"

#include <complex>
#include <cstddef>
#include <vector>

namespace lsms::phantom {

struct NoiseTexture {
    double sigmaAtReferenceHu = 10;  // fine-grid SD at the reference slice thickness
    double peakPerMm = 0.3;          // where the NPS peaks
    static constexpr double kReferenceThicknessMm = 2.5;
};

// SD the field has on a grid of this pixel size and slice thickness.
double noiseSigmaOnGrid(const NoiseTexture& t, double pixelMm, double thicknessMm);

class NoiseField {
public:
    NoiseField(const NoiseTexture& t, std::size_t nx, std::size_t ny, double pixelXMm, double pixelYMm, double thicknessMm);
    // Two independent slices of noise from one inverse FFT (the real and
    // imaginary parts of a circular complex Gaussian field).
    void pair(Rng& rng, float* a, float* b) const;
    double sigma() const { return sigma_; }

private:
    std::size_t nx_, ny_, n_;
    std::vector<double> amplitude_;  // sqrt(NPS * df^2) per frequency bin
    double sigma_ = 0;
};

}  // namespace lsms::phantom
