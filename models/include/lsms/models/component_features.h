#pragma once
// What the referring scorer knows of each 3D component of an answer besides
// the sentence: its size, its density against the tissue around it, the
// contrast between its core and its rim (ring enhancement), where it lies
// in the body, and how sure the network was of it. Measured on the CT in mm
// and HU; but the shipped scorer has only seen them measured on the 2 mm
// training grid (core and rim widths and the HU spread shift somewhat on
// finer grids).
//
// Position: x and y relative to the centre of the body outline on the
// component's middle slice (HU > -400), in mm and as a fraction of the
// body's half-width and half-depth; z is the patient z in mm. Phantoms put
// the portal plane (superior / inferior Couinaud segments) at a fixed patient
// z, so z is meaningful there; on real CT, z depends on the scanner's table
// origin, and the body outline may take in the table or the arms: the
// shipped scorer, trained on phantoms only, cannot be trusted there on lobe
// or segment words (SegmentOptions::useScorer, lsms segment --no-scorer).
#include "lsms/core/volume.h"
#include "lsms/models/components.h"

#include <array>
#include <string>
#include <vector>

namespace lsms::models {

inline constexpr int kComponentFeatures = 14;
using ComponentFeatures = std::array<float, kComponentFeatures>;

// Names of the features in order, for logs and documentation.
const std::array<std::string, kComponentFeatures>& componentFeatureNames();

// One row per component, in label order (row l - 1 for label l). The CT must
// lie on the probability volume's grid (InputError otherwise).
std::vector<ComponentFeatures> describeComponents(const CtVolume& ct, const LabelledComponents& labelled);

}  // namespace lsms::models
