#pragma once
// A classical multi-scale blob detector inside the liver (scale-normalised
// Laplacian of Gaussian, Lindeberg 1998): no learning, so what it finds says
// how visible lesions are on an image, and its pieces can serve as a recall
// net whose candidates a network checks. Torch-free.
//
// Each scale's response is divided by its own robust spread inside the liver,
// so a response reads "so many noise units": the noise of the image decides
// what is visible, not a fixed HU step.
#include "lsms/core/volume.h"
#include "lsms/models/components.h"
#include "lsms/models/lesion_detection.h"

#include <vector>

namespace lsms::models {

struct BlobProbeOptions {
    // Gaussian scales (mm). A ball of radius r answers most at sigma = r / sqrt(3).
    std::vector<double> sigmasMm{1.2, 2.0, 3.2, 5.0, 8.0};
    // Responses, in robust-spread units, mapped linearly onto 0..1 up to
    // `saturation`. A voxel has evidence only where the finest smoothed image
    // departs from the liver's median by at least `floor` of its robust
    // spread, in the blob's direction.
    double floor = 2.0;
    double saturation = 20.0;
    // A voxel is blob-like where its Hessian's weakest eigenvalue is at
    // least this share of the strongest (1: a perfect ball, 0: a tube).
    double blobRatio = 0.2;
    // Dark (hypodense) blobs, bright (hyperdense) blobs, or both.
    bool dark = true, bright = true;
    // A piece starts where the response reaches `detect` and grows over
    // connected voxels with evidence (hysteresis, as answers grow).
    double detect = 6.0;
};

// 0..255 blob evidence inside `liver` (0 elsewhere), on the CT's grid.
// Throws InputError if the grids differ or the mask is empty.
ProbabilityVolume blobEvidence(const CtVolume& ct, const MaskVolume& liver, const BlobProbeOptions& options = {});

// The probe's pieces on one case, matched to its lesion labels as the
// evaluation's detection pass matches a network's (lesion_detection.h);
// a piece's score is its mean evidence.
CaseDetection probeLesions(const CtVolume& ct, const MaskVolume& liver, const LabelVolume& truth,
                           const BlobProbeOptions& options = {}, double minVolumeMl = 0.02);

}  // namespace lsms::models
