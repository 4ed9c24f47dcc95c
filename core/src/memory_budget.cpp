#include "lsms/core/memory_budget.h"

#include "lsms/core/error.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

namespace lsms {

namespace {

constexpr std::uint64_t kUnknown = std::numeric_limits<std::uint64_t>::max();

std::uint64_t memAvailableBytes() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    return kUnknown;
}

std::uint64_t readNumber(const std::string& file) {
    std::ifstream in(file);
    std::string text;
    if (!(in >> text) || text == "max") return kUnknown;
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        return kUnknown;
    }
}

// cgroup v2 only (a single "0::/path" line); v1 hosts fall back to MemAvailable.
std::uint64_t cgroupLeftBytes() {
    std::ifstream in("/proc/self/cgroup");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("0::", 0) != 0) continue;
        const std::string dir = "/sys/fs/cgroup" + line.substr(3);
        const std::uint64_t limit = readNumber(dir + "/memory.max"), used = readNumber(dir + "/memory.current");
        if (limit == kUnknown) return kUnknown;
        return used == kUnknown || used >= limit ? (used == kUnknown ? limit : 0) : limit - used;
    }
    return kUnknown;
}

std::uint64_t addressSpaceLeftBytes() {
    rlimit r{};
    if (getrlimit(RLIMIT_AS, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return kUnknown;
    std::ifstream in("/proc/self/statm");
    std::uint64_t pages = 0;
    if (!(in >> pages)) return kUnknown;
    const std::uint64_t used = pages * std::uint64_t(sysconf(_SC_PAGESIZE));
    return used >= r.rlim_cur ? 0 : std::uint64_t(r.rlim_cur) - used;
}

}  // namespace

AvailableMemory availableMemory() {
    AvailableMemory a{memAvailableBytes(), "the memory this machine has available"};
    if (const auto c = cgroupLeftBytes(); c < a.bytes) a = {c, "the memory limit of this container"};
    if (const auto l = addressSpaceLeftBytes(); l < a.bytes) a = {l, "this process's address-space limit (ulimit -v)"};
    return a;
}

std::string formatBytes(std::uint64_t bytes) {
    char text[32];
    if (bytes >= (std::uint64_t(1) << 30)) std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(1u << 30));
    else std::snprintf(text, sizeof text, "%llu MiB", static_cast<unsigned long long>((bytes + (1u << 20) - 1) >> 20));
    std::string s = text;
    for (char& c : s)
        if (c == ',') c = '.';  // a comma locale must not change the message
    return s;
}

void requireMemory(std::uint64_t bytes, const std::string& what) {
    const AvailableMemory a = availableMemory();
    if (a.bytes == kUnknown || bytes <= a.bytes) return;
    throw NotEnoughMemory(what + " needs " + formatBytes(bytes) + " of memory, but only " + formatBytes(a.bytes) +
                          " is free (" + a.limitedBy + "); nothing was loaded");
}

}  // namespace lsms
