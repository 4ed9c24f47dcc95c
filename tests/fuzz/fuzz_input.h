#pragma once
// For the fuzz harnesses: the readers under test take files, so each input
// is written to a file in a private folder first. A reader may throw
// lsms::Error — that is how it refuses bad input — and nothing else: any
// other exception, a crash or a sanitizer report is a bug the fuzzer found.
#include "lsms/core/error.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace lsms::fuzz {

inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "lsms-fuzz-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) std::abort();
        return std::filesystem::path(pattern);
    }();
    return dir;
}

inline std::filesystem::path writeInput(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const auto path = scratch() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
    return path;
}

// Runs `read`, accepting lsms::Error as a refusal.
template <typename F>
void refusalsOnly(F&& read) {
    try {
        read();
    } catch (const lsms::Error&) {
    }
}

}  // namespace lsms::fuzz
