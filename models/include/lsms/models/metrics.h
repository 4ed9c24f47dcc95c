#pragma once
// Segmentation metrics for referring segmentation. Conventions: a sample
// whose target and prediction are both empty (a "none" prompt answered with
// nothing) has IoU = Dice = 1; exactly one of them empty gives 0.
#include "lsms/core/volume.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lsms::models {

struct Overlap {
    std::int64_t intersection = 0;
    std::int64_t predicted = 0;
    std::int64_t target = 0;
    std::int64_t unionCount() const { return predicted + target - intersection; }
    double iou() const;
    double dice() const;
};

// Pixels > 0 count as foreground.
Overlap overlap(const std::uint8_t* predicted, const std::uint8_t* target, std::size_t n);

// Per-slice (2D) referring segmentation metrics, as in the RIS literature:
// mIoU = mean per-sample IoU, oIoU = total intersection / total union,
// Precision@t = share of samples with IoU > t.
struct SliceMetrics {
    std::size_t samples = 0;
    double mIoU = 0, oIoU = 0, dice = 0;
    double precisionAt50 = 0, precisionAt70 = 0, precisionAt90 = 0;
};

class SliceMetricAccumulator {
public:
    void add(const Overlap& o);
    SliceMetrics result() const;

private:
    std::size_t n_ = 0;
    double iouSum_ = 0, diceSum_ = 0;
    std::int64_t interSum_ = 0, unionSum_ = 0;
    std::size_t p50_ = 0, p70_ = 0, p90_ = 0;
};

// One prompt's 3D answer judged against the lesion labels.
struct ReferringJudgement {
    bool correct = false;
    double dice = 0;  // Dice of the prediction vs the union of the referred lesions
    std::int64_t predictedVoxels = 0;
    // Every lesion the prediction touches, by id: its IoU with the whole prediction.
    std::vector<std::pair<int, double>> lesionIoU;
};

// Right when the prediction overlaps the referred set with IoU >= 0.5 and
// no other lesion with IoU >= 0.5; for an empty referred set, right when
// the prediction is empty. Throws InputError if the grids differ.
ReferringJudgement judgeReferring(const MaskVolume& predicted, const LabelVolume& labels,
                                  const std::vector<int>& referred);

}  // namespace lsms::models

namespace lsms::models {
// {"samples":..,"mIoU":..,"oIoU":..,"dice":..,"precision@0.5":..,...}
std::string toJson(const SliceMetrics& m);
}  // namespace lsms::models
