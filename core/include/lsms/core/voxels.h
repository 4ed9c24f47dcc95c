#pragma once
// A 3D scalar image with its geometry. Voxel (i,j,k) is stored at
// i + size[0] * (j + size[1] * k): slices are contiguous, as DICOM frames are.
#include "lsms/core/geometry.h"
#include "lsms/core/volume_allocator.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace lsms {

// Tag for a volume whose voxels the caller will write before reading.
struct Uninitialized {};

template <typename T>
struct Volume {
    using Buffer = std::vector<T, VolumeAllocator<T>>;
    Geometry geometry;
    Buffer data;

    Volume() = default;
    // A large buffer filled with zero is left unwritten: it reads as zero
    // and costs memory only where voxels are set later.
    explicit Volume(const Geometry& g, T fill = T{}) : geometry(g), data(g.voxelCount()) {
        if (!(fill == T{} && VolumeAllocator<T>::zeroed(data.size()))) std::fill(data.begin(), data.end(), fill);
    }
    Volume(const Geometry& g, Uninitialized) : geometry(g), data(g.voxelCount()) {}

    std::size_t index(std::size_t i, std::size_t j, std::size_t k) const {
        return i + geometry.size[0] * (j + geometry.size[1] * k);
    }
    T& at(std::size_t i, std::size_t j, std::size_t k) { return data[index(i, j, k)]; }
    const T& at(std::size_t i, std::size_t j, std::size_t k) const { return data[index(i, j, k)]; }
    T* slice(std::size_t k) { return data.data() + k * geometry.sliceVoxels(); }
    const T* slice(std::size_t k) const { return data.data() + k * geometry.sliceVoxels(); }
};

}  // namespace lsms
