#pragma once
// "This lesion": the lesion under a click, grown from the clicked voxel over
// CT values like its own, without a network. It is the fallback of a point
// prompt where the network has nothing at the point, and it is only as good
// as the lesion's contrast against what surrounds it: a lesion whose inside
// differs from its edge (a ring-enhancing lesion's dark core and bright rim)
// yields only the part like the click.
#include "lsms/core/volume.h"

#include <array>
#include <cstddef>

namespace lsms::edit {

struct LesionAtPointOptions {
    // The click's own value is the median of the smoothed CT in this ball: a
    // single voxel is too noisy, and a ball much larger than the smallest
    // lesions (5 mm) would mix in their surroundings.
    double seedRadiusMm = 2.0;
    // The first growth accepts smoothed values within k robust SDs (1.4826 x
    // the median absolute deviation, which an edge in the ball barely moves)
    // of the click's value, clamped to [min, max] HU: the floor keeps a very
    // uniform lesion from stopping at its own smoothed noise, the ceiling
    // keeps a textured one from spilling over a low-contrast edge.
    double spreadSds = 3.0;
    double minToleranceHu = 12.0;
    double maxToleranceHu = 40.0;
    // Where the first region is bounded by a clearly different tissue, the
    // region is grown again with the edge halfway between the lesion's median
    // and that tissue's (the median of a shell this thick just outside it,
    // past a 1-voxel partial-volume layer): the scanner's blur puts the true
    // edge at half contrast, so this edge follows it rather than the noise.
    double shellMm = 3.0;
    // No lesion edge is found within this distance of the click (mm), or the
    // region is larger than this volume (mL): the click was on parenchyma or
    // a lesion too large to grow, and the answer is a refusal, not a flood.
    double maxRadiusMm = 40.0;
    double maxVolumeMl = 200.0;
};

// The 6-connected region grown from `seed` (voxel indices) on the 3x3x3 mean
// of the CT (in-plane only on slices thicker than 2.5 mm, whose neighbours
// are another part of the anatomy), with enclosed holes filled. The growth
// needs a voxel's face neighbours alike too (then steps back two voxels), so
// it cannot run along the blurred sheet between two tissues; a flood is
// retried at narrower tolerances before it is refused. Throws
// lsms::InputError for a seed outside the volume, and "no lesion edge found
// near the click: ..." when the region reaches maxRadiusMm or maxVolumeMl.
MaskVolume lesionAtPoint(const CtVolume& ct, const std::array<std::size_t, 3>& seed,
                         const LesionAtPointOptions& options = {});

}  // namespace lsms::edit
