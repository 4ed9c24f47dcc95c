#include "lsms/workflow/liver_context.h"

#include "lsms/workflow/liver_counts.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <vector>

namespace lsms::workflow {

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return std::string(buf, r.ptr);
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
    return LiverCounts(labels, liver).locations();
}

TumourBurden tumourBurden(const LabelVolume& labels, const MaskVolume& liver) {
    return LiverCounts(labels, liver).burden(labels.geometry);
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
