// sRGB <-> DICOM-scaled CIELab (D65 white point), for segment display colours.
#include "lsms/io/dicom_seg.h"

#include <algorithm>
#include <cmath>

namespace lsms {

namespace {

constexpr double kWhite[3] = {0.95047, 1.0, 1.08883};  // D65

double srgbToLinear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double linearToSrgb(double c) { return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055; }
double labF(double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16) / 116; }
double labFInv(double t) { return t * t * t > 216.0 / 24389.0 ? t * t * t : (116 * t - 16) * 27.0 / 24389.0; }

}  // namespace

std::array<std::uint16_t, 3> rgbToDicomLab(const std::array<std::uint8_t, 3>& rgb) {
    const double r = srgbToLinear(rgb[0] / 255.0), g = srgbToLinear(rgb[1] / 255.0), b = srgbToLinear(rgb[2] / 255.0);
    const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
    const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
    const double fx = labF(x / kWhite[0]), fy = labF(y / kWhite[1]), fz = labF(z / kWhite[2]);
    const double L = 116 * fy - 16, A = 500 * (fx - fy), B = 200 * (fy - fz);
    // PS3.3 C.10.7.1.1: L* 0..100 -> 0..65535, a*, b* -128..127 -> 0..65535.
    auto scale = [](double v, double lo, double hi) {
        return std::uint16_t(std::lround(std::clamp((v - lo) / (hi - lo), 0.0, 1.0) * 65535.0));
    };
    return {scale(L, 0, 100), scale(A, -128, 127), scale(B, -128, 127)};
}

std::array<std::uint8_t, 3> dicomLabToRgb(const std::array<std::uint16_t, 3>& lab) {
    const double L = lab[0] / 65535.0 * 100, A = lab[1] / 65535.0 * 255 - 128, B = lab[2] / 65535.0 * 255 - 128;
    const double fy = (L + 16) / 116, fx = fy + A / 500, fz = fy - B / 200;
    const double x = kWhite[0] * labFInv(fx), y = kWhite[1] * labFInv(fy), z = kWhite[2] * labFInv(fz);
    const double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
    const double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
    const double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
    auto to8 = [](double c) { return std::uint8_t(std::lround(std::clamp(linearToSrgb(std::clamp(c, 0.0, 1.0)), 0.0, 1.0) * 255)); };
    return {to8(r), to8(g), to8(b)};
}

}  // namespace lsms
