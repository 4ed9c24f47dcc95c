#pragma once
// The phantom seed ranges kept for judging models, never for training them:
// a development set for choices (variants, thresholds, checkpoints) and a
// sealed test set, run only to report a model once it has been chosen, each
// run logged (docs/evaluation-log.md). `lsms train` refuses seeds in either;
// `lsms eval` reaches the sealed range only through --set sealed --log FILE.
#include "lsms/core/error.h"

#include <cstdint>
#include <string>

namespace lsms::models {

struct SeedRange {
    std::uint64_t first = 0;
    int count = 0;
    bool overlaps(std::uint64_t from, std::uint64_t n) const {
        return n > 0 && from < first + std::uint64_t(count) && from + n > first;
    }
};

inline constexpr SeedRange kDevelopmentSet{960000, 40};
inline constexpr SeedRange kSealedSet{980000, 60};

// Throws InputError naming `what` (e.g. "training phantoms") when [from, from + n)
// reaches a held-out set.
inline void refuseHeldOutSeeds(std::uint64_t from, std::uint64_t n, const std::string& what) {
    if (kSealedSet.overlaps(from, n))
        throw InputError(what + " reach the sealed test set (seeds " + std::to_string(kSealedSet.first) + "-" +
                         std::to_string(kSealedSet.first + std::uint64_t(kSealedSet.count) - 1) + ")");
    if (kDevelopmentSet.overlaps(from, n))
        throw InputError(what + " reach the development set (seeds " + std::to_string(kDevelopmentSet.first) + "-" +
                         std::to_string(kDevelopmentSet.first + std::uint64_t(kDevelopmentSet.count) - 1) + ")");
}

}  // namespace lsms::models
