#pragma once
// Allocator for voxel buffers. Volumes are hundreds of MB: the default
// std::vector zero-fill touches every page from one thread before any real
// work starts. This allocator leaves elements uninitialised when constructed
// without a value (writers fill them, in parallel) and asks the kernel for
// transparent huge pages, which cuts page-fault cost by about half.
// Large buffers are fresh anonymous mappings, so they read as zero without
// being written: an empty label volume or a mask of one lesion costs memory
// only for the pages its voxels reach.
#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace lsms {

// Fresh zeroed pages, aligned to 2 MiB (kHugeBytes), for `bytes` >= kHugeBytes.
void* allocateZeroedPages(std::size_t bytes);
void freeZeroedPages(void* p, std::size_t bytes);
inline constexpr std::size_t kHugeBytes = std::size_t(2) << 20;

template <typename T>
struct VolumeAllocator {
    using value_type = T;
    VolumeAllocator() = default;
    template <typename U>
    VolumeAllocator(const VolumeAllocator<U>&) {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (zeroed(n)) return static_cast<T*>(allocateZeroedPages(bytes));
        void* p = std::malloc(bytes ? bytes : 1);
        if (!p) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) {
        if (zeroed(n))
            freeZeroedPages(p, n * sizeof(T));
        else
            std::free(p);
    }
    // Whether a buffer of n elements comes zeroed from the allocator.
    static constexpr bool zeroed(std::size_t n) { return n * sizeof(T) >= kHugeBytes; }

    // Default construction leaves trivially constructible elements as they are.
    template <typename U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    template <typename U, typename... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
    template <typename U>
    bool operator==(const VolumeAllocator<U>&) const { return true; }
};

}  // namespace lsms
