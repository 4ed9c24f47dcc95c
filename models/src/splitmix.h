#pragma once
// splitmix64 (Steele, Lea and Flood 2014): decorrelates the random streams of
// neighbouring indices (batches, steps) drawn from one seed.
#include <cstdint>

namespace lsms::models {

inline std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

}  // namespace lsms::models
