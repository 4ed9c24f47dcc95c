#pragma once
// Cases from annotated CT (real data): a CT in HU, a lesion label map on the
// same grid and written referring expressions over its label ids. Reading
// the files is the caller's job: models/ links no image I/O.
#include "lsms/models/phantom_slices.h"

#include <string>

namespace lsms::models {

// A case on the CT's own grid (imageSize 0: for whole-volume evaluation,
// where inference resamples and re-orients itself), or on a training grid
// (imageSize > 0): laid on the network's input by the map inference uses
// (network_grid.h: the training spacing, kTrainingFieldMm / imageSize, aspect
// kept, flipped as inference flips), labels by nearest neighbour. The 2.5D neighbour distance
// follows contextSpacingMm, as at inference. Every slice counts as a
// "liver" slice (real data brings no liver mask). Throws InputError if the
// grids differ or an expression targets an id the labels lack.
PhantomCase annotatedCase(const CtVolume& ct, const LabelVolume& labels, std::vector<ReferringExpression> expressions,
                          int imageSize, double contextSpacingMm);

// Report category of a written expression by its target count: "none", "single" or "set".
inline std::string writtenCategory(const std::vector<int>& targets) {
    return targets.empty() ? "none" : targets.size() == 1 ? "single" : "set";
}

}  // namespace lsms::models
