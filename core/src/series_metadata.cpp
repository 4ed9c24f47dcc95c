#include "lsms/core/series_metadata.h"

#include "lsms/core/uid.h"

#include <algorithm>
#include <cstdint>

namespace lsms {

namespace {
std::uint64_t fnv1a(const std::string& s, std::uint64_t h) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    // Final avalanche so that similar keys give unrelated numbers.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}
}  // namespace

std::string uidFromKey(const std::string& key) {
    return uidFrom128Bits(fnv1a(key, 0xcbf29ce484222325ULL), fnv1a(key, 0x84222325cbf29ce4ULL));
}

std::string uidFrom128Bits(std::uint64_t high, std::uint64_t low) {
    unsigned __int128 v = (static_cast<unsigned __int128>(high) << 64) | low;
    std::string digits;
    do {
        digits.push_back(char('0' + int(v % 10)));
        v /= 10;
    } while (v != 0);
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;
}

}  // namespace lsms
