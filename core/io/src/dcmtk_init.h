#pragma once
namespace lsms::detail {
// Registers DCMTK's decompression codecs once per process (thread-safe).
void ensureDcmtkCodecs();
}
