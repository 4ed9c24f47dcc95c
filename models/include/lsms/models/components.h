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
    // The referring scorer's probability that the sentence refers to this
    // component (nn/referring_scorer.h); -1 where the model has no scorer.
    double referringScore = -1;
};

struct ConsolidationOptions {
    double threshold = 0.5;
    // Below threshold: components grow into neighbours above it (hysteresis);
    // at or above threshold (the default): no growth.
    double growThreshold = 1.0;
    double minVolumeMl = 0.02;  // drops speckles smaller than a few voxels
    double referringThreshold = 0.5;  // components the scorer rates below this are never kept
};

struct Consolidated {
    MaskVolume mask;
    std::vector<Component> components;  // all found, by decreasing mass
    std::vector<int> kept;              // labels of the kept ones
};

// 26-connected components of probability >= threshold.
std::vector<Component> connectedComponents(const ProbabilityVolume& prob, double threshold,
                                           Volume<std::int32_t>& labelsOut);

// The same components with their labels kept only inside the box around the
// foreground (a full int32 label grid of a 512x512x300 study is 315 MB).
struct LabelledComponents {
    Geometry grid;                      // of the probability volume labelled
    std::vector<Component> components;  // label order: components[l - 1] has label l
    long lo[3] = {0, 0, 0}, hi[3] = {-1, -1, -1};  // the box, inclusive grid indices
    std::vector<std::int32_t> labels;   // over the box, row-major
    bool empty() const { return components.empty(); }
    long extent(int axis) const { return hi[axis] - lo[axis] + 1; }
    // 0 outside the box and for background.
    int labelAt(long i, long j, long k) const;
};
// With growThreshold < threshold, each component also takes in the voxels
// above growThreshold connected to it (hysteresis): the network is less sure
// at a lesion's edge, and small lesions otherwise come out too small.
LabelledComponents labelComponents(const ProbabilityVolume& prob, double threshold, double growThreshold = 1);

// The answer from labelled components: components smaller than
// options.minVolumeMl and those whose entry in `candidates` (indexed by
// label; empty: all pass) is false are never kept; the rest are kept by
// `selection`.
Consolidated choose(const LabelledComponents& labelled, const Geometry& grid, Selection selection,
                    const ConsolidationOptions& options = {}, const std::vector<bool>& candidates = {});

// The components found but not kept (at least options.minVolumeMl, so no
// speckle), on `grid`: what the sentence or the selection left out, which a
// reader may still want to see. Voxels set in `answer` (the kept lesions,
// whose refined edges may reach past their component) are left out.
// Empty (no grid) when there is none.
MaskVolume leftOut(const LabelledComponents& labelled, const Geometry& grid, const std::vector<int>& kept,
                   const MaskVolume& answer, const ConsolidationOptions& options = {});

Consolidated consolidate(const ProbabilityVolume& prob, Selection selection,
                         const ConsolidationOptions& options = {});

}  // namespace lsms::models
