#pragma once
// The viewer benches' memory readings and the goal they are judged by.
#include <cstddef>
#include <fstream>
#include <string>

namespace lsms::app {

// A "VmHWM:"-style field of /proc/self/status, in KiB.
inline std::size_t statusKiB(const char* key) {
    std::size_t kib = 0;
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind(key, 0) == 0) kib = std::stoul(line.substr(std::string(key).size()));
    return kib;
}

// The goal as written: 1.6 x the int16 volume, + one 2-byte label volume, + 200 MiB.
inline double memoryGoalMiB(double voxels) { return 1.6 * (voxels * 2 / (1 << 20)) + voxels * 2 / (1 << 20) + 200; }

}  // namespace lsms::app
