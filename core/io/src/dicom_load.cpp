#include "lsms/io/dicom_series.h"

#include "dicom_decode.h"
#include "lsms/core/error.h"
#include "lsms/core/memory_budget.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>

namespace lsms {

CtVolume loadSeries(const SeriesInfo& series, const ProgressFn& progress, int threads) {
    if (!series.problem.empty()) throw InputError("cannot load series: " + series.problem);
    if (series.slices.empty() || series.geometry.voxelCount() == 0) throw InputError("cannot load series: no slices");
    // The one allocation of the volume: every file decodes straight into its slice.
    // Pages are first touched by the decoding threads, not zero-filled here.
    const auto& size = series.geometry.size;
    requireMemory(std::uint64_t(series.geometry.voxelCount()) * sizeof(float),
                  "the series (" + std::to_string(size[0]) + "×" + std::to_string(size[1]) + "×" + std::to_string(size[2]) +
                      " voxels of " + std::to_string(sizeof(float)) + " bytes)");
    CtVolume vol(series.geometry, Uninitialized{});
    const float empty = series.metadata.modality == "CT" ? -1024.f : 0.f;
    const int rows = int(series.geometry.size[1]), cols = int(series.geometry.size[0]);
    if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));

    // A multi-frame file is decoded in one go.
    if (series.slices.size() > 1 && series.slices.front().path == series.slices.back().path) {
        detail::decodeFileInto(series.slices.front().path, vol.data.data(), rows, cols, int(series.slices.size()));
        if (progress && !progress(series.slices.size(), series.slices.size())) throw Cancelled();
        return vol;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex mutex;
    std::size_t done = 0;
    const std::size_t total = series.slices.size();
    auto worker = [&] {
        for (std::size_t k; !stop && (k = next++) < total;) {
            try {
                const SliceRef& s = series.slices[k];
                if (!s.path.empty())
                    detail::decodeFileInto(s.path, vol.slice(k), rows, cols, 1, s.sopInstanceUid);
                else
                    std::fill_n(vol.slice(k), vol.geometry.sliceVoxels(), empty);
                std::lock_guard<std::mutex> lock(mutex);
                ++done;
                if (progress && !progress(done, total)) {
                    stop = true;
                    if (!failure) failure = std::make_exception_ptr(Cancelled());
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
                stop = true;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads && std::size_t(t) < total; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    return vol;
}

CtVolume loadSingleImage(const std::filesystem::path& file) {
    ScanResult scan = scanDicom(file, 1);
    return loadSeries(scan.series.front(), {}, 1);
}

}  // namespace lsms
