#pragma once
// Placing a kept lesion's edge on the CT itself. The network marks the
// lesion's centre with confidence but is unsure at its edge: a
// ring-enhancing lesion's bright rim, the partial-volume voxels of a small
// lesion and its first and last slices are often left out (phantom 900019:
// 164 of 506 voxels marked). Each kept component therefore grows, a few mm
// at most, into neighbouring voxels that differ from the surrounding
// parenchyma by at least half the lesion's own contrast (the half-maximum
// edge) and by more than the noise there; the component's own voxels that
// do not differ so are taken away (the network's mask of a small lesion is
// often wider than the lesion). Other components are never entered, and a
// lesion with too little contrast to its surroundings is left as the
// network marked it.
#include "lsms/core/volume.h"
#include "lsms/models/components.h"

#include <cstddef>

namespace lsms::models {

struct EdgeRefinementOptions {
    double maxGrowMm = 4;       // farthest a voxel may lie from the network's mask
    // Where the surrounding tissue is measured: voxels this far from the
    // mask (mm), other components and air/bone (outside -200..400 HU) left out.
    double shellInnerMm = 4, shellOuterMm = 10;
    double contrastFraction = 0.5;  // of |lesion - surroundings|: the half-maximum edge
    double noiseFactor = 2;         // and at least this many robust SDs of the surroundings
    // A voxel counts only where at least this many of the 3x3 in-plane
    // voxels around it (itself included) pass, so lone noisy voxels do not.
    int planeMajority = 4;
    // Also take away the component's voxels nearer the surroundings' value
    // than the lesion's (the network's mask of a small lesion is often wider
    // than the lesion).
    bool trim = true;
    std::size_t minShellVoxels = 20;
    double minContrastHu = 10;  // below this the edge is not read from the intensities
    // Growth only into voxels of this range (soft tissue, contrast-filled
    // vessels and lesions; not fat, air or bone) that differ from the
    // parenchyma by at most max(2 x the lesion's contrast, its contrast + 3 SD).
    double tissueLowHu = -50, tissueHighHu = 300;
};

struct EdgeRefinement {
    bool applied = false;  // false: too few surrounding voxels, or too little contrast
    std::size_t added = 0, removed = 0;  // voxels set in / cleared from the mask
    // Medians of the component's core and of its surroundings; robust SD of
    // the surroundings; the |HU - surroundings| a voxel needs to be added.
    double lesionHu = 0, surroundingHu = 0, surroundingSd = 0, cutHu = 0;
};

// Places the edge of component `label` of `labelled` (found on `ct`'s grid)
// in `mask`, which must lie on the same grid; also fills the holes the
// lesion then encloses.
// Throws InputError for mismatched grids or an unknown label.
EdgeRefinement refineEdge(const CtVolume& ct, const LabelledComponents& labelled, int label, MaskVolume& mask,
                          const EdgeRefinementOptions& options = {});

}  // namespace lsms::models
