#pragma once
// A test double for the segmentation engine: a text-blind HU threshold inside
// a bounding box, one slice at a time with a delay, so the worker thread,
// progress and cancel can be tested without trained weights. The real
// network's own tests live in tests/models.
#include "lsms/ui/segmentation_engine.h"

#include <atomic>
#include <chrono>
#include <thread>

namespace lsms::test {

class ThresholdEngine : public ui::SegmentationEngine {
public:
    ThresholdEngine(float lo, float hi, int msPerSlice) : lo_(lo), hi_(hi), ms_(msPerSlice) {}
    std::string deviceName() const override { return "test threshold engine"; }
    MaskVolume segment(const CtVolume& ct, const ui::SegmentationRequest& request, const ui::EngineProgress& progress) override {
        lastFilterBySentence = request.filterBySentence ? 1 : 0;
        lastEdgesOnCt = request.edgesOnCt ? 1 : 0;
        MaskVolume mask(ct.geometry, 0);
        const std::size_t n = ct.geometry.sliceVoxels(), nk = ct.geometry.size[2];
        for (std::size_t k = 0; k < nk; ++k) {
            std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
            for (std::size_t v = 0; v < n; ++v) {
                const float x = ct.data[k * n + v];
                mask.slice(k)[v] = x >= lo_ && x <= hi_;
            }
            if (progress && !progress(k + 1, nk)) throw Cancelled();
        }
        return mask;
    }

    std::atomic<int> lastFilterBySentence{-1};  // what the last request asked; -1: none yet
    std::atomic<int> lastEdgesOnCt{-1};

private:
    float lo_, hi_;
    int ms_;
};

}  // namespace lsms::test
