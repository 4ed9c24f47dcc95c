#pragma once
// The liver around the lesions: its mask and volume (from the coarse pass,
// models/liver_finder.h), where each lesion lies relative to it, and the
// tumour burden (lesion volume inside the liver over the liver's volume).
#include "lsms/core/volume.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lsms::workflow {

struct LiverContext {
    MaskVolume mask;  // on the study's grid
    double volumeMl = 0;
    bool lowerBound = false;  // the liver reaches an end of the series
    std::vector<std::string> notes;
    bool found() const { return volumeMl > 0; }
};

// Where a lesion lies: Liver when at least 90 % of its voxels are inside
// the liver mask, OutsideLiver under 10 %, LiverEdge between (an exophytic
// lesion, or the 4 mm coarse outline cutting a lesion at the capsule).
// Unknown when there is no liver.
enum class LiverLocation { Unknown, Liver, LiverEdge, OutsideLiver };
// "", "liver", "liver edge", "outside liver".
const char* toString(LiverLocation location);
LiverLocation locationOf(std::size_t voxelsInside, std::size_t voxels);

// Each non-empty label's location, in one pass over the volumes; every
// label Unknown when `liver` has no voxel or is not on the labels' grid.
std::map<std::uint16_t, LiverLocation> locateLesions(const LabelVolume& labels, const MaskVolume& liver);

// Tumour burden: the whole volume of the lesions in the liver or at its
// edge over the liver's volume, those lesions included. The coarse liver
// outline can cut a lesion at the capsule; the lesion still counts whole,
// and the liver takes in its voxels outside the mask. Zero without a liver
// (no voxel, or not on the labels' grid).
struct TumourBurden {
    double lesionsMl = 0;
    double liverMl = 0;  // the mask's voxels and those lesions'
    double percent() const { return liverMl > 0 ? 100.0 * lesionsMl / liverMl : 0; }
};
// (LiverCounts keeps both up to date through edits.)
TumourBurden tumourBurden(const LabelVolume& labels, const MaskVolume& liver);

// "Liver 1612 mL · tumour burden 3.2 %" ("≥ 1612 mL" and "≤" on the burden
// when lowerBound; "no liver found" when there is none).
std::string liverSummary(const LiverContext& liver, const TumourBurden& burden);

}  // namespace lsms::workflow
