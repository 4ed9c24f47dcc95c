#pragma once
// Small, fast, platform-independent RNG (SplitMix64): std::*_distribution
// results differ between standard libraries, and phantoms must be the same
// everywhere for a given seed.
#include <cmath>
#include <cstdint>

namespace lsms::phantom {

class Rng {
public:
    // The seed is hashed so that neighbouring seeds (slice k and k+1) give
    // unrelated streams, not the same stream shifted by one draw.
    explicit Rng(std::uint64_t seed) : state_(mix(seed + 0x632BE59BD9B4E019ULL)) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int integer(int lo, int hiInclusive) { return lo + int(next() % std::uint64_t(hiInclusive - lo + 1)); }
    double normal() {
        // Box-Muller; one value per call keeps the stream simple.
        double u1 = uniform();
        if (u1 < 1e-300) u1 = 1e-300;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * uniform());
    }

private:
    static std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

}  // namespace lsms::phantom
