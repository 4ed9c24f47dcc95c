#pragma once
// The phantom seed ranges of `lsms train` (both stages): --first-seed and
// --val-first-seed (default: 500000 further on, a range training never
// uses), negative seeds refused, validation overlapping training refused, and
// the held-out evaluation sets (held_out_sets.h) refused to both.
#include "args.h"

#include "lsms/core/error.h"
#include "lsms/models/held_out_sets.h"

#include <algorithm>
#include <cstdint>

namespace lsms::cli {

struct PhantomSeeds {
    std::uint64_t first = 0, valFirst = 0;
};

inline PhantomSeeds phantomSeeds(const Args& args, long long defaultFirst) {
    const long long first = args.integer("first-seed", defaultFirst);
    const long long valFirst = args.integer("val-first-seed", first + 500000);
    if (first < 0 || valFirst < 0)
        throw InputError("phantom seeds (--first-seed, --val-first-seed) cannot be negative");
    return {std::uint64_t(first), std::uint64_t(valFirst)};
}

// Seeds are at most 2^63 - 1 here, so these sums cannot wrap.
inline void refuseOverlap(const PhantomSeeds& s, int phantoms, int valPhantoms) {
    models::refuseHeldOutSeeds(s.first, std::uint64_t(std::max(phantoms, 0)), "training phantoms (--first-seed, --phantoms)");
    models::refuseHeldOutSeeds(s.valFirst, std::uint64_t(std::max(valPhantoms, 0)),
                               "validation phantoms (--val-first-seed, --val-phantoms)");
    if (valPhantoms > 0 && s.valFirst < s.first + std::uint64_t(phantoms) &&
        s.valFirst + std::uint64_t(valPhantoms) > s.first)
        throw InputError("validation phantoms (--val-first-seed) overlap the training phantoms");
}

}  // namespace lsms::cli
