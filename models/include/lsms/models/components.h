#pragma once
// Turning per-slice probabilities into one consistent 3D answer: 3D
// connected components of the thresholded probability, each scored by its
// probability mass, then kept according to the prompt's Selection (one
// whole lesion for "the largest lesion", every one for "all", the one of
// least volume for "the smallest").
#include "lsms/core/volume.h"
#include "lsms/models/expressions.h"

#include <cstdint>
#include <vector>

namespace lsms::models {

// Probabilities quantised to 0..255 (p * 255): a 512x512x300 study then
// needs 79 MB instead of 315 MB of floats.
using ProbabilityVolume = Volume<std::uint8_t>;

struct Component {
    int label = 0;               // 1-based, in the component label volume
    std::size_t voxels = 0;
    double mass = 0;             // sum of probabilities
    double meanProbability = 0;
    double volumeMl = 0;
};

struct ConsolidationOptions {
    double threshold = 0.5;
    double minVolumeMl = 0.02;  // drops speckles smaller than a few voxels
};

struct Consolidated {
    MaskVolume mask;
    std::vector<Component> components;  // all found, by decreasing mass
    std::vector<int> kept;              // labels of the kept ones
};

// 26-connected components of probability >= threshold.
std::vector<Component> connectedComponents(const ProbabilityVolume& prob, double threshold,
                                           Volume<std::int32_t>& labelsOut);

Consolidated consolidate(const ProbabilityVolume& prob, Selection selection,
                         const ConsolidationOptions& options = {});

}  // namespace lsms::models
