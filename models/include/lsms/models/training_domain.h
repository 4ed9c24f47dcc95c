#pragma once
// What a model saw in training: phantoms, real CT or both, and the ranges of
// the image properties its inputs had. Stored in the model file as a few
// "domain.*" keys of the configuration text (LsmsOptions::toText), so a
// front end can say when a series lies outside them. Torch-free.
#include <map>
#include <string>

namespace lsms::models {

enum class TrainedOn { Unknown, Phantoms, Real, Mixed };

// "unknown", "phantoms", "real", "mixed"; fromString throws ModelError.
std::string toString(TrainedOn t);
TrainedOn trainedOnFromString(const std::string& s);

// A closed range; lo > hi (the default) means "not recorded": nothing is
// checked against it.
struct ValueRange {
    double lo = 1, hi = 0;
    bool known() const { return lo <= hi; }
    bool contains(double v) const { return !known() || (v >= lo && v <= hi); }
    // The smallest range holding both (an unknown side is ignored).
    static ValueRange hull(const ValueRange& a, const ValueRange& b);
};

struct TrainingDomain {
    TrainedOn trainedOn = TrainedOn::Unknown;
    // Native in-plane pixel size and slice spacing of the series (mm).
    ValueRange pixelSpacingMm, sliceSpacingMm;
    // Measured on the network's input grid (workflow/input_domain.h): the
    // level of the liver-like soft tissue and the noise SD in homogeneous
    // soft tissue (HU).
    ValueRange liverHu, noiseHu;
    // True when the model file did not record its domain and these values
    // are the documented assumption for such files (legacyTrainingDomain).
    bool assumed = false;

    bool phantomsOnly() const { return trainedOn == TrainedOn::Phantoms; }

    // "domain.*" keys and their values, the way the configuration text stores them.
    std::map<std::string, std::string> toKeys() const;
    // Sets one "domain.*" key; throws ModelError for an unknown key or a bad value.
    void setKey(const std::string& key, const std::string& value);
};

// Keys of the configuration text that belong to the training domain.
bool isTrainingDomainKey(const std::string& key);

// The domain of a network trained on generation-1 phantoms rendered on the
// training grid (phantom_slices.h trainingGrid) whose pixels are
// inputSpacingMm; see training_domain.cpp for where each range comes from.
TrainingDomain phantomTrainingDomain(double inputSpacingMm);

// Model files written before the domain was recorded: every one of them
// (the shipped weights included) was trained on generation-1 phantoms only,
// so they get phantomTrainingDomain, marked `assumed`.
TrainingDomain legacyTrainingDomain(double inputSpacingMm);

// Both domains: a network trained on one and continued on the other.
TrainingDomain combine(const TrainingDomain& first, const TrainingDomain& then);

}  // namespace lsms::models
