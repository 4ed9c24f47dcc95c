#pragma once
// Each label's voxels, inside the liver and in all, kept up to date edit by
// edit: the lesions' locations and the tumour burden follow a brush stroke
// from the voxels it changed, not from a pass over a 2,000-slice study.
#include "lsms/core/volume.h"
#include "lsms/workflow/liver_context.h"

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace lsms::workflow {

class LiverCounts {
public:
    // One pass over both volumes. A liver off the labels' grid or without a
    // voxel counts as none (every location Unknown, no burden).
    LiverCounts(const LabelVolume& labels, const MaskVolume& liver);

    // Voxels [start, start + length) went from label `from` to label `to`;
    // `liver` is the mask given at construction.
    void move(const MaskVolume& liver, std::size_t start, std::size_t length, std::uint16_t from, std::uint16_t to);

    bool liverKnown() const { return known_; }
    // As locateLesions and tumourBurden of the volumes as they are now.
    std::map<std::uint16_t, LiverLocation> locations() const;
    TumourBurden burden(const Geometry& grid) const;

private:
    bool known_ = false;
    std::size_t liverVoxels_ = 0;
    std::vector<std::array<std::size_t, 2>> counts_;  // by label: inside the liver, all
};

}  // namespace lsms::workflow
