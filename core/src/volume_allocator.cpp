#include "lsms/core/volume_allocator.h"

#include <cstdint>
#include <new>
#include <sys/mman.h>

namespace lsms {

namespace {

std::size_t roundedUp(std::size_t bytes) { return (bytes + kHugeBytes - 1) / kHugeBytes * kHugeBytes; }

}  // namespace

void* allocateZeroedPages(std::size_t bytes) {
    const std::size_t rounded = roundedUp(bytes);
    // Over-ask by one huge page and give back the ends, so the buffer starts
    // on a 2 MiB boundary the kernel can back with huge pages.
    const std::size_t asked = rounded + kHugeBytes;
    void* raw = ::mmap(nullptr, asked, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto at = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (at + kHugeBytes - 1) / kHugeBytes * kHugeBytes;
    if (aligned > at) ::munmap(raw, aligned - at);
    if (const std::uintptr_t tail = at + asked - (aligned + rounded); tail > 0)
        ::munmap(reinterpret_cast<void*>(aligned + rounded), tail);
    void* p = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
    ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
    return p;
}

void freeZeroedPages(void* p, std::size_t bytes) {
    if (p) ::munmap(p, roundedUp(bytes));
}

}  // namespace lsms
