#include "lsms/core/edit/segment.h"

#include "lsms/core/error.h"

#include <cmath>

namespace lsms::edit {

namespace {
// Well-separated colours that read on grey CT (no greys, no near-white).
constexpr Rgb kPalette[] = {
    {230, 25, 75},  {60, 180, 75},   {255, 225, 25}, {0, 130, 200},  {245, 130, 48},
    {145, 30, 180}, {70, 240, 240},  {240, 50, 230}, {210, 245, 60}, {250, 190, 212},
    {0, 128, 128},  {170, 110, 40},
};

Rgb hsv(double h, double s, double v) {
    const double c = v * s, x = c * (1 - std::abs(std::fmod(h * 6, 2.0) - 1)), m = v - c;
    double r = 0, g = 0, b = 0;
    switch (int(h * 6) % 6) {
        case 0: r = c, g = x; break;
        case 1: r = x, g = c; break;
        case 2: g = c, b = x; break;
        case 3: g = x, b = c; break;
        case 4: r = x, b = c; break;
        default: r = c, b = x; break;
    }
    auto q = [&](double u) { return std::uint8_t(std::lround((u + m) * 255)); };
    return {q(r), q(g), q(b)};
}

bool used(const std::vector<Segment>& existing, const Rgb& c) {
    for (const Segment& s : existing)
        if (s.colour == c) return true;
    return false;
}
}  // namespace

Rgb defaultColour(const std::vector<Segment>& existing) {
    for (const Rgb& c : kPalette)
        if (!used(existing, c)) return c;
    // Golden-angle hue steps never repeat and stay far apart for small n.
    for (std::size_t n = 0;; ++n) {
        const double h = std::fmod(0.11 + double(n) * 0.6180339887498949, 1.0);
        const Rgb c = hsv(h, n % 2 ? 0.65 : 0.9, n % 3 ? 0.95 : 0.8);
        if (!used(existing, c)) return c;
    }
}

std::string toString(ReviewStatus s) {
    switch (s) {
        case ReviewStatus::Reviewed: return "reviewed";
        case ReviewStatus::Flagged: return "flagged";
        default: return "not-reviewed";
    }
}

std::string toString(Algorithm a) {
    switch (a) {
        case Algorithm::Automatic: return "automatic";
        case Algorithm::Semiautomatic: return "semiautomatic";
        default: return "manual";
    }
}

ReviewStatus reviewStatusFromString(const std::string& s) {
    if (s == "not-reviewed") return ReviewStatus::NotReviewed;
    if (s == "reviewed") return ReviewStatus::Reviewed;
    if (s == "flagged") return ReviewStatus::Flagged;
    throw InputError("unknown review status '" + s + "'");
}

Algorithm algorithmFromString(const std::string& s) {
    if (s == "automatic") return Algorithm::Automatic;
    if (s == "semiautomatic") return Algorithm::Semiautomatic;
    if (s == "manual") return Algorithm::Manual;
    throw InputError("unknown segment algorithm '" + s + "'");
}

}  // namespace lsms::edit
