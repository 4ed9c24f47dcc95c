#pragma once
// DICOM UIDs under the 2.25 root (ISO/IEC 9834-8): "2.25." and a 128-bit
// number in decimal. uidFromKey (series_metadata.h) and de-identification
// both make theirs here.
#include <cstdint>
#include <string>

namespace lsms {

// The UID of the 128-bit number given as its high and low 64 bits.
std::string uidFrom128Bits(std::uint64_t high, std::uint64_t low);

}  // namespace lsms
