#pragma once
// A square 2.5D window of a CT at any pixel size, centred anywhere: what the
// fine pass reads, in training crops and over a liver at inference. The
// three channels are the slices contextMm below, at and above the centre,
// interpolated between the CT's slices (trilinear); beyond the field is air.
// Torch-free.
#include "lsms/core/volume.h"
#include "lsms/models/components.h"
#include "lsms/models/phantom_slices.h"

#include <functional>

namespace lsms::models {

struct WindowPlacement {
    double ci = 0, cj = 0, ck = 0;  // centre, fractional voxel indices of the CT
    int size = 128;                 // pixels per side
    double pixelMm = 1.0;
    double contextMm = 3.0;
    // Index of the CT at window pixel (u, v) of the centre channel.
    double columnAt(int u, const Geometry& g) const { return ci + (u - size / 2 + 0.5) * pixelMm / g.spacing[0]; }
    double rowAt(int v, const Geometry& g) const { return cj + (v - size / 2 + 0.5) * pixelMm / g.spacing[1]; }
    // Window pixel coordinates of CT voxel column i / row j (inverse of the above).
    double uOf(double i, const Geometry& g) const { return (i - ci) * g.spacing[0] / pixelMm + size / 2 - 0.5; }
    double vOf(double j, const Geometry& g) const { return (j - cj) * g.spacing[1] / pixelMm + size / 2 - 0.5; }
};

// The inverse: a size x size map of values in [0, 1] on the window's centre
// slice, read back (bilinear) at voxels [lo, hi] of row and column of slice
// k = round(ck) of `out` (on the CT's grid), quantised to 0..255.
void mapWindowBack(const float* map, const WindowPlacement& w, const long lo[2], const long hi[2], ProbabilityVolume& out);

// Writes 3 x size x size windowed values to out; `intensity` (may be empty)
// maps each interpolated HU before windowing (training's intensity re-draw).
void sampleWindow(const CtVolume& ct, const WindowPlacement& w, const SliceWindow& window, float* out,
                  const std::function<float(float)>& intensity = {});

}  // namespace lsms::models
