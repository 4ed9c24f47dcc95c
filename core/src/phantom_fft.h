#pragma once
// In-place radix-2 FFT (size a power of two), enough for shaping phantom
// noise; lsms_core takes no third-party dependency.
#include <complex>
#include <cstddef>
#include <vector>

namespace lsms::phantom {

// Unnormalised: inverse(forward(x)) == n * x.
void fft(std::complex<double>* a, std::size_t n, bool inverse);
// n x n, row-major.
void fft2d(std::vector<std::complex<double>>& a, std::size_t n, bool inverse);
std::size_t nextPowerOfTwo(std::size_t n);

}  // namespace lsms::phantom
