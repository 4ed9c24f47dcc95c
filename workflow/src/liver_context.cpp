#include "lsms/workflow/liver_context.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace lsms::workflow {

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return std::string(buf, r.ptr);
}

// A liver to locate against: on the labels' grid and not empty (an empty
// mask means no liver was found, not that every lesion lies outside it).
bool known(const LabelVolume& labels, const MaskVolume& liver) {
    return !liver.data.empty() && liver.data.size() == labels.data.size() &&
           liver.geometry.sameGrid(labels.geometry) &&
           std::any_of(liver.data.begin(), liver.data.end(), [](std::uint8_t v) { return v != 0; });
}

}  // namespace

const char* toString(LiverLocation location) {
    switch (location) {
    case LiverLocation::Liver: return "liver";
    case LiverLocation::LiverEdge: return "liver edge";
    case LiverLocation::OutsideLiver: return "outside liver";
    case LiverLocation::Unknown: break;
    }
    return "";
}

LiverLocation locationOf(std::size_t inside, std::size_t voxels) {
    if (voxels == 0) return LiverLocation::Unknown;
    if (inside * 10 >= voxels * 9) return LiverLocation::Liver;
    if (inside * 10 < voxels) return LiverLocation::OutsideLiver;
    return LiverLocation::LiverEdge;
}

std::map<std::uint16_t, LiverLocation> locateLesions(const LabelVolume& labels, const MaskVolume& liver) {
    std::map<std::uint16_t, std::pair<std::size_t, std::size_t>> counts;  // inside, all
    const bool isKnown = known(labels, liver);
    for (std::size_t n = 0; n < labels.data.size(); ++n) {
        const auto l = labels.data[n];
        if (!l) continue;
        auto& c = counts[l];
        ++c.second;
        if (isKnown && liver.data[n]) ++c.first;
    }
    std::map<std::uint16_t, LiverLocation> out;
    for (const auto& [label, c] : counts) out[label] = isKnown ? locationOf(c.first, c.second) : LiverLocation::Unknown;
    return out;
}

TumourBurden tumourBurden(const LabelVolume& labels, const MaskVolume& liver) {
    return tumourBurden(labels, liver, locateLesions(labels, liver));
}

TumourBurden tumourBurden(const LabelVolume& labels, const MaskVolume& liver,
                          const std::map<std::uint16_t, LiverLocation>& where) {
    TumourBurden b;
    if (!known(labels, liver)) return b;
    std::vector<bool> counted(65536, false);
    for (const auto& [label, location] : where)
        counted[label] = location == LiverLocation::Liver || location == LiverLocation::LiverEdge;
    std::size_t lesionVoxels = 0, liverVoxels = 0;
    for (std::size_t n = 0; n < labels.data.size(); ++n) {
        const bool lesion = counted[labels.data[n]] && labels.data[n] != 0;
        lesionVoxels += lesion;
        liverVoxels += lesion || liver.data[n] != 0;
    }
    const double ml = labels.geometry.voxelVolumeMm3() / 1000.0;
    b.lesionsMl = double(lesionVoxels) * ml;
    b.liverMl = double(liverVoxels) * ml;
    return b;
}

std::string liverSummary(const LiverContext& liver, const TumourBurden& burden) {
    if (!liver.found()) return "no liver found";
    const double liverMl = burden.liverMl > 0 ? burden.liverMl : liver.volumeMl;
    std::string s = "Liver " + std::string(liver.lowerBound ? "\u2265 " : "") + fixed(liverMl, 0) + " mL";
    s += " \u00b7 tumour burden " + std::string(liver.lowerBound ? "\u2264 " : "") +
         fixed(100.0 * burden.lesionsMl / liverMl, 1) + " %";
    return s;
}

}  // namespace lsms::workflow
