#pragma once
// The process's resident memory now, for tests that bound what an operation adds.
#include <cstddef>
#include <fstream>
#include <unistd.h>

namespace lsms::test {

inline std::size_t residentBytes() {
    std::ifstream f("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    f >> size >> resident;
    return resident * std::size_t(sysconf(_SC_PAGESIZE));
}

}  // namespace lsms::test
