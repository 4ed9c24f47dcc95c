#include "lsms/models/lesion_detection.h"

#include "lsms/core/edit/measurements.h"
#include "lsms/core/error.h"
#include "lsms/models/json_writer.h"

#include <algorithm>
#include <map>

namespace lsms::models {

namespace {

// Upper bounds of the diameter bins, mm; the last bin is open.
constexpr double kBinEdges[] = {10, 20, 40};
const char* const kBinNames[] = {"< 10 mm", "10-20 mm", "20-40 mm", ">= 40 mm"};

std::size_t binOf(double diameterMm) {
    std::size_t b = 0;
    while (b < std::size(kBinEdges) && diameterMm >= kBinEdges[b]) ++b;
    return b;
}

}  // namespace

CaseDetection findLesions(const LabelledComponents& found, const LabelVolume& truth, double minVolumeMl) {
    const Geometry& g = truth.geometry;
    if (truth.data.size() != g.voxelCount()) throw InputError("inconsistent lesion label volume");
    if (!found.empty() && found.grid.size != g.size)
        throw InputError("network components and lesion labels are on different grids");

    std::map<int, std::int64_t> lesionVoxels;
    for (auto v : truth.data)
        if (v != 0) ++lesionVoxels[v];

    // overlap[component label][lesion id] = shared voxels, big components only.
    std::vector<bool> counted(found.components.size() + 1, false);
    for (const auto& c : found.components)
        counted[std::size_t(c.label)] = c.volumeMl >= minVolumeMl;
    std::map<int, std::map<int, std::int64_t>> overlap;
    const long nx = long(g.size[0]), ny = long(g.size[1]);
    std::size_t v = 0;
    for (long k = found.lo[2]; k <= found.hi[2]; ++k)
        for (long j = found.lo[1]; j <= found.hi[1]; ++j)
            for (long i = found.lo[0]; i <= found.hi[0]; ++i, ++v) {
                const int c = found.labels[v];
                if (c <= 0 || !counted[std::size_t(c)]) continue;
                const int lesion = truth.data[std::size_t(i + nx * (j + ny * k))];
                if (lesion != 0) ++overlap[c][lesion];
            }

    CaseDetection out;
    for (const auto& c : found.components) {
        if (!counted[std::size_t(c.label)]) continue;
        ++out.components;
        if (!overlap.count(c.label)) {
            ++out.falseComponents;
            out.falseScores.push_back(c.meanProbability);
        }
    }
    for (const auto& [id, voxels] : lesionVoxels) {
        LesionFinding f;
        f.id = id;
        f.voxels = voxels;
        f.diameterMm = edit::measureSegment(truth, std::uint16_t(id)).longestAxialDiameterMm;
        std::int64_t unionOfComponents = 0, shared = 0;
        for (const auto& [c, lesions] : overlap)
            if (auto it = lesions.find(id); it != lesions.end()) {
                const auto& comp = found.components[std::size_t(c) - 1];
                unionOfComponents += std::int64_t(comp.voxels);
                shared += it->second;
                f.score = std::max(f.score, comp.meanProbability);
            }
        f.iou = shared == 0 ? 0.0 : double(shared) / double(unionOfComponents + voxels - shared);
        out.lesions.push_back(f);
    }
    return out;
}

DetectionAccumulator::DetectionAccumulator() {
    for (const char* name : kBinNames) r_.byDiameter.push_back({name});
}

void DetectionAccumulator::add(const CaseDetection& c) {
    ++r_.cases;
    r_.components += c.components;
    r_.falseComponents += c.falseComponents;
    falseScores_.insert(falseScores_.end(), c.falseScores.begin(), c.falseScores.end());
    for (const auto& f : c.lesions) {
        auto& bin = r_.byDiameter[binOf(f.diameterMm)];
        ++bin.lesions;
        bin.touched += f.touched();
        bin.found += f.found();
        ++r_.lesions;
        r_.touched += f.touched();
        r_.found += f.found();
        if (f.found()) foundScores_.push_back(f.score);
    }
    // Each cut keeps the pieces of at least that confidence: a found
    // lesion stays found while its most confident piece is kept.
    r_.froc.clear();
    std::vector<double> cuts = foundScores_;
    cuts.insert(cuts.end(), falseScores_.begin(), falseScores_.end());
    cuts.push_back(2.0);  // keeps nothing
    for (double rate : {0.5, 1.0, 2.0}) {
        FrocPoint p{rate, 0.0};
        for (double cut : cuts) {
            const auto fp = std::count_if(falseScores_.begin(), falseScores_.end(), [&](double s) { return s >= cut; });
            if (double(fp) > rate * r_.cases) continue;
            const auto tp = std::count_if(foundScores_.begin(), foundScores_.end(), [&](double s) { return s >= cut; });
            if (r_.lesions > 0) p.sensitivity = std::max(p.sensitivity, double(tp) / r_.lesions);
        }
        r_.froc.push_back(p);
    }
}

std::string toJson(const DetectionReport& r) {
    return json::Object()
        .add("cases", r.cases)
        .add("lesions", r.lesions)
        .add("touched", r.touched)
        .add("found", r.found)
        .add("components", r.components)
        .add("false_components", r.falseComponents)
        .raw("froc", json::array(r.froc,
                                 [](const FrocPoint& p) {
                                     return json::Object()
                                         .add("false_per_volume", p.falsePerVolume)
                                         .add("sensitivity", p.sensitivity)
                                         .str();
                                 }))
        .raw("by_diameter", json::array(r.byDiameter,
                                        [](const DetectionBin& b) {
                                            return json::Object()
                                                .add("range", b.range)
                                                .add("lesions", b.lesions)
                                                .add("touched", b.touched)
                                                .add("found", b.found)
                                                .str();
                                        }))
        .str();
}

}  // namespace lsms::models
