#pragma once
// Whether a series looks like what the model was trained on. The model file
// records its training domain (models/training_domain.h); this measures the
// same properties on a loaded CT and says, one plain sentence each, where it
// lies outside. Both front ends show the sentences next to every answer.
#include "lsms/core/volume.h"
#include "lsms/models/annotated_case.h"
#include "lsms/models/config.h"
#include "lsms/models/training_domain.h"

#include <cstddef>
#include <string>
#include <vector>

namespace lsms::workflow {

struct InputAppearance {
    double finestPixelMm = 0, coarsestPixelMm = 0;  // in-plane, native
    double sliceSpacingMm = 0;                      // native
    // On the network's input grid; negative when too little homogeneous soft
    // tissue was found to measure (see input_domain.cpp for how).
    double liverHu = -1e9;
    double noiseHu = -1;
    std::size_t patches = 0;  // homogeneous soft-tissue patches measured
    bool measured() const { return noiseHu >= 0; }
};

// Measures up to `maxSlices` slices spread over the series, each resampled to
// the model's input grid exactly as inference does (network_grid.h), so the
// HU level and noise are those the network would see.
InputAppearance measureInput(const CtVolume& ct, const models::LsmsOptions& model, std::size_t maxSlices = 24);

// Each way `a` lies outside `domain`, as a sentence; empty when it lies inside
// (or the domain records no range). Tolerances for the measurements' own
// error are in input_domain.cpp.
std::vector<std::string> domainFlags(const InputAppearance& a, const models::TrainingDomain& domain);

// measureInput then domainFlags with the model's own domain.
std::vector<std::string> checkInputDomain(const CtVolume& ct, const models::LsmsOptions& model);

// The domain of a network trained on annotated real cases as the trainer
// holds them (already on the network's grid, workflow/real_data.h): their
// slice spacings, liver-like levels and noise as measureInput finds them.
// The native pixel size is no longer known there and stays unrecorded.
models::TrainingDomain measuredDomain(const std::vector<models::PhantomCase>& cases, const models::LsmsOptions& model);

// The standing notice for a model: non-empty unless it was trained on real CT.
std::string modelNotice(const models::TrainingDomain& domain);

}  // namespace lsms::workflow
