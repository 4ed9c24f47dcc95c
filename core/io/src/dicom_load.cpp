#include "lsms/io/dicom_series.h"

#include "dicom_decode.h"
#include "lsms/core/error.h"
#include "lsms/core/memory_budget.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lsms {

namespace {

std::string voxelText(const SeriesInfo& series, std::size_t bytes) {
    const auto& size = series.geometry.size;
    return "the series (" + std::to_string(size[0]) + "×" + std::to_string(size[1]) + "×" + std::to_string(size[2]) +
           " voxels of " + std::to_string(bytes) + " bytes)";
}

// Decodes every slice straight into its place in `vol`. An int16 volume takes
// a slice when every value is a whole number int16 holds, and otherwise the
// decode stops and returns false (the caller loads the series again as float).
bool decodeSlices(const SeriesInfo& series, CtVolume& vol, const ProgressFn& progress, int threads) {
    const float empty = series.metadata.modality == "CT" ? -1024.f : 0.f;
    const int rows = int(series.geometry.size[1]), cols = int(series.geometry.size[0]);
    const std::size_t n = vol.geometry.sliceVoxels();
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false}, needsFloat{false};
    std::exception_ptr failure;
    std::mutex mutex;
    std::size_t done = 0;
    const std::size_t total = series.slices.size();
    auto worker = [&] {
        std::vector<float> scratch;
        for (std::size_t k; !stop && (k = next++) < total;) {
            try {
                const SliceRef& s = series.slices[k];
                if (std::int16_t* out = vol.data.int16Data()) {
                    if (s.path.empty()) {
                        std::fill_n(out + k * n, n, std::int16_t(empty));
                    } else {
                        scratch.resize(n);
                        if (detail::decodeFileIntoInt16(s.path, out + k * n, scratch.data(), rows, cols, s.sopInstanceUid) ==
                            detail::Int16Decode::NeedsFloat) {
                            needsFloat = stop = true;
                            return;
                        }
                    }
                } else if (!s.path.empty()) {
                    detail::decodeFileInto(s.path, vol.floatSlice(k), rows, cols, 1, s.sopInstanceUid);
                } else {
                    std::fill_n(vol.floatSlice(k), n, empty);
                }
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
    return !needsFloat;
}

}  // namespace

CtVolume loadSeries(const SeriesInfo& series, const ProgressFn& progress, int threads, CtVolume::Storage storage) {
    if (!series.problem.empty()) throw InputError("cannot load series: " + series.problem);
    if (series.slices.empty() || series.geometry.voxelCount() == 0) throw InputError("cannot load series: no slices");
    if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
    const std::uint64_t voxels = series.geometry.voxelCount();

    // A multi-frame file is decoded in one go, as float, then narrowed.
    if (series.slices.size() > 1 && series.slices.front().path == series.slices.back().path) {
        requireMemory(voxels * (sizeof(float) + sizeof(std::int16_t)), voxelText(series, sizeof(float) + sizeof(std::int16_t)));
        CtVolume vol(series.geometry, Uninitialized{}, CtVolume::Storage::Float);
        detail::decodeFileInto(series.slices.front().path, vol.data.floatData(), int(series.geometry.size[1]),
                               int(series.geometry.size[0]), int(series.slices.size()));
        if (progress && !progress(series.slices.size(), series.slices.size())) throw Cancelled();
        if (storage == CtVolume::Storage::Int16) vol.compact();
        return vol;
    }
    // The one allocation of the volume: every file decodes straight into its
    // slice. Pages are first touched by the decoding threads, not zero-filled here.
    if (storage == CtVolume::Storage::Int16) {
        requireMemory(voxels * sizeof(std::int16_t), voxelText(series, sizeof(std::int16_t)));
        CtVolume vol(series.geometry, Uninitialized{}, CtVolume::Storage::Int16);
        if (decodeSlices(series, vol, progress, threads)) return vol;
    }
    requireMemory(voxels * sizeof(float), voxelText(series, sizeof(float)));
    CtVolume vol(series.geometry, Uninitialized{}, CtVolume::Storage::Float);
    decodeSlices(series, vol, progress, threads);
    return vol;
}

CtVolume loadSingleImage(const std::filesystem::path& file) {
    ScanResult scan = scanDicom(file, 1);
    return loadSeries(scan.series.front(), {}, 1);
}

}  // namespace lsms
