#pragma once
// Dice overlap of two masks on the same grid (1 when both are empty).
#include "lsms/core/volume.h"

namespace lsms::test {

inline double maskDice(const MaskVolume& a, const MaskVolume& b) {
    double both = 0, sum = 0;
    for (std::size_t n = 0; n < a.data.size(); ++n) {
        both += a.data[n] && b.data[n];
        sum += double(a.data[n] != 0) + double(b.data[n] != 0);
    }
    return sum > 0 ? 2 * both / sum : 1;
}

}  // namespace lsms::test
