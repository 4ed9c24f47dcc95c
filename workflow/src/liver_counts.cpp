#include "lsms/workflow/liver_counts.h"

#include <algorithm>

namespace lsms::workflow {

LiverCounts::LiverCounts(const LabelVolume& labels, const MaskVolume& liver) : counts_(65536, {0, 0}) {
    const std::size_t n = labels.data.size();
    known_ = !liver.data.empty() && liver.data.size() == n && liver.geometry.sameGrid(labels.geometry);
    const std::uint16_t* l = labels.data.data();
    if (known_) {
        const std::uint8_t* m = liver.data.data();
        for (std::size_t v = 0; v < n; ++v) {
            const std::size_t in = m[v] != 0;
            liverVoxels_ += in;
            if (l[v]) {
                counts_[l[v]][0] += in;
                ++counts_[l[v]][1];
            }
        }
        known_ = liverVoxels_ > 0;  // an empty mask: no liver was found
    } else {
        for (std::size_t v = 0; v < n; ++v)
            if (l[v]) ++counts_[l[v]][1];
    }
}

void LiverCounts::move(const MaskVolume& liver, std::size_t start, std::size_t length, std::uint16_t from, std::uint16_t to) {
    if (length == 0 || from == to) return;
    std::size_t inside = 0;
    if (known_) {
        const std::size_t end = std::min(start + length, liver.data.size());
        for (std::size_t v = start; v < end; ++v) inside += liver.data[v] != 0;
    }
    if (from) {
        counts_[from][0] -= inside;
        counts_[from][1] -= length;
    }
    if (to) {
        counts_[to][0] += inside;
        counts_[to][1] += length;
    }
}

std::map<std::uint16_t, LiverLocation> LiverCounts::locations() const {
    std::map<std::uint16_t, LiverLocation> out;
    for (std::size_t label = 1; label < counts_.size(); ++label)
        if (counts_[label][1])
            out[std::uint16_t(label)] = known_ ? locationOf(counts_[label][0], counts_[label][1]) : LiverLocation::Unknown;
    return out;
}

TumourBurden LiverCounts::burden(const Geometry& grid) const {
    TumourBurden b;
    if (!known_) return b;
    // A lesion at the liver's edge counts whole, and the liver takes in its
    // voxels outside the mask.
    std::size_t lesion = 0, outside = 0;
    for (std::size_t label = 1; label < counts_.size(); ++label) {
        const auto [in, all] = counts_[label];
        if (!all) continue;
        const LiverLocation where = locationOf(in, all);
        if (where != LiverLocation::Liver && where != LiverLocation::LiverEdge) continue;
        lesion += all;
        outside += all - in;
    }
    const double ml = grid.voxelVolumeMm3() / 1000.0;
    b.lesionsMl = double(lesion) * ml;
    b.liverMl = double(liverVoxels_ + outside) * ml;
    return b;
}

}  // namespace lsms::workflow
