#pragma once
// Refusing work that cannot fit in memory before allocating it. A study larger
// than what is free would otherwise be killed by the kernel half-way through a
// load, or push the desktop into swap, with the user's other work at risk.
#include <cstdint>
#include <string>

namespace lsms {

struct AvailableMemory {
    std::uint64_t bytes = 0;
    std::string limitedBy;  // what sets the figure, in words for the message
};

// The least of: the RAM the kernel says is available without swapping, the
// container's (cgroup v2) memory limit less its use, and what is left of the
// process's address-space limit (ulimit -v).
AvailableMemory availableMemory();

// Throws NotEnoughMemory, naming `what` and both figures, when `bytes` is more
// than availableMemory() allows.
void requireMemory(std::uint64_t bytes, const std::string& what);

// "312 MiB", "85.0 GiB".
std::string formatBytes(std::uint64_t bytes);

}  // namespace lsms
