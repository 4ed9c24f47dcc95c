#pragma once
// Unsigned LEB128 varints: the label deltas and the autosave's run-length
// slices are written with them.
#include "lsms/core/error.h"

#include <cstdint>
#include <vector>

namespace lsms::edit::detail {

inline void putVarint(std::vector<std::uint8_t>& out, std::size_t v) {
    while (v >= 0x80) {
        out.push_back(std::uint8_t(v | 0x80));
        v >>= 7;
    }
    out.push_back(std::uint8_t(v));
}

// Throws InputError for a varint cut off or longer than 64 bits.
inline std::size_t getVarint(const std::vector<std::uint8_t>& in, std::size_t& pos) {
    std::size_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= in.size()) throw InputError("truncated label delta");
        const std::uint8_t b = in[pos++];
        v |= std::size_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    throw InputError("corrupt label delta");
}

}  // namespace lsms::edit::detail
