#pragma once
// The strict referring judgement: an answer is right only when it finds
// every lesion the sentence refers to, each on its own, and takes no other.
// The lenient judgement (metrics.h: the set's IoU >= 0.5) passes a set
// answer with a small referred lesion missed, or with a piece merged over
// two lesions; a radiologist would not.
#include "lsms/core/volume.h"

#include <utility>
#include <vector>

namespace lsms::models {

struct StrictJudgement {
    bool correct = false;
    // Per referred lesion (by id): Dice with the answer's 3D pieces that touch it.
    std::vector<std::pair<int, double>> referredDice;
    std::vector<int> missed;  // referred lesions whose IoU with their pieces is below 0.5
    std::vector<int> taken;   // other lesions at least half covered by the answer
    double meanReferredDice() const;  // 0 when nothing is referred
};

// A referred lesion is found when its IoU with the union of the answer's
// pieces touching it is at least 0.5; for an empty referred set the answer
// must be empty. Throws InputError if the grids differ or an id is not positive.
StrictJudgement judgeStrict(const MaskVolume& answer, const LabelVolume& labels, const std::vector<int>& referred);

}  // namespace lsms::models
