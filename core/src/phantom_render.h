#pragma once
// Rendering helpers shared by both phantom generators (phantom.cpp holds
// generation 1, phantom_v2.cpp generation 2).
#include "lsms/core/phantom.h"
#include "phantom_anatomy.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace lsms::phantom {

Phantom generatePhantomV2(const PhantomOptions& o);

namespace detail {

template <typename F>
void parallelFor(std::size_t n, int threads, F&& f) {
    if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t k; (k = next++) < n;) f(k);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
}

// Separable Gaussian blur along one axis of a float volume.
void blurAxis(HuValues::FloatBuffer& v, const Geometry& g, int axis, double sigmaVoxels, int threads);
double longestAxialDiameter(const LabelVolume& labels, std::uint16_t id);
SeriesMetadata makeMetadata(std::uint64_t seed);
// Lesion truth measured on the rendered volumes; drops lesions of < 3 voxels
// and renumbers labels 1..n. lesionParameters (one list per anatomy lesion)
// is copied into each kept lesion's truth.
void measureLesions(Phantom& ph, const Anatomy& anatomy, const std::vector<std::vector<DrawnParameter>>* lesionParameters);

}  // namespace detail
}  // namespace lsms::phantom
