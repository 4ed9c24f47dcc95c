#pragma once
// The liver of a CT from LSMS v2's coarse pass (docs/model-v2.md): the
// network without words on 4 mm pixels, trained on the project's synthetic
// phantoms only. Torch-free, so the viewer can hold one.
#include "lsms/core/volume.h"
#include "lsms/models/paths.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lsms::models {

struct LiverOptions {
    int batch = 8;
    // progress(slicesDone, slicesTotal); returning false throws lsms::Cancelled.
    std::function<bool(std::size_t, std::size_t)> progress;
};

struct LiverAnswer {
    MaskVolume mask;  // on the CT's grid; all zero when no liver was found
    double volumeMl = 0;
    // The liver touches the first or last slice: the series may not hold all
    // of it, so its volume (and a tumour burden over it) is a lower bound.
    bool reachesSeriesEnd = false;
    double seconds = 0;
    // What the user must read with the volume, one sentence each.
    std::vector<std::string> notes;
};

class LiverFinder {
public:
    // device: "auto", "cpu" or "cuda". Throws ModelError for a missing,
    // corrupt or unsuitable model file (one that reads words is not a liver pass).
    explicit LiverFinder(const std::filesystem::path& modelFile = defaultLiverModelPath(), const std::string& device = "auto");
    ~LiverFinder();
    LiverFinder(LiverFinder&&) noexcept;
    LiverFinder& operator=(LiverFinder&&) noexcept;

    // The largest connected piece the network calls liver, with the holes of
    // each axial slice filled (lesions inside the liver belong to its volume,
    // as tumour burden counts them). In-plane orientations other than LPS are
    // flipped for the network and back. Throws InputError for an empty CT,
    // Cancelled, ModelError for failures inside LibTorch.
    LiverAnswer find(const CtVolume& ct, const LiverOptions& options = {}) const;

    std::string deviceName() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lsms::models
