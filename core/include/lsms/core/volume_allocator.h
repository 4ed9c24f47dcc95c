#pragma once
// Allocator for voxel buffers. Volumes are hundreds of MB: the default
// std::vector zero-fill touches every page from one thread before any real
// work starts. This allocator leaves elements uninitialised when constructed
// without a value (writers fill them, in parallel) and asks the kernel for
// transparent huge pages, which cuts page-fault cost by about half.
#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace lsms {

void adviseHugePages(void* p, std::size_t bytes);

template <typename T>
struct VolumeAllocator {
    using value_type = T;
    VolumeAllocator() = default;
    template <typename U>
    VolumeAllocator(const VolumeAllocator<U>&) {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        constexpr std::size_t kHuge = std::size_t(2) << 20;
        if (bytes >= kHuge) {
            const std::size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
            void* p = std::aligned_alloc(kHuge, rounded);
            if (!p) throw std::bad_alloc();
            adviseHugePages(p, rounded);
            return static_cast<T*>(p);
        }
        void* p = std::malloc(bytes ? bytes : 1);
        if (!p) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t) { std::free(p); }

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
