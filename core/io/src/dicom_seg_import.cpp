// Placing a DICOM-SEG's frames on a grid by Frame of Reference and plane position.
#include "lsms/io/dicom_seg.h"

#include "dicom_seg_load.h"
#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace lsms {

namespace {

std::string mm(const Vec3& p) {
    std::ostringstream os;
    os.precision(6);
    os << "(" << p[0] << ", " << p[1] << ", " << p[2] << ")";
    return os.str();
}

SegImport place(const detail::LoadedSeg& seg, const Geometry& g) {
    const SegInfo& info = seg.info;
    if (info.rows != g.size[1] || info.columns != g.size[0])
        throw InputError("the segmentation's frames are " + std::to_string(info.columns) + "x" + std::to_string(info.rows) +
                         " pixels but the series' slices are " + std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]));
    if (norm(info.rowDirection - g.direction[0]) > 1e-3 || norm(info.columnDirection - g.direction[1]) > 1e-3)
        throw InputError("the segmentation's plane orientation is not the series' orientation");
    const double tolSpacing = 1e-3 * std::max(g.spacing[0], g.spacing[1]) + 1e-4;
    if (std::abs(info.rowSpacingMm - g.spacing[1]) > tolSpacing || std::abs(info.columnSpacingMm - g.spacing[0]) > tolSpacing)
        throw InputError("the segmentation's pixel spacing is not the series' pixel spacing");

    std::map<std::uint16_t, std::size_t> segIndex;
    for (std::size_t s = 0; s < info.segments.size(); ++s) segIndex[info.segments[s].number] = s;
    SegImport out;
    out.info = info;
    out.masks.assign(info.segments.size(), MaskVolume(g, 0));
    const std::size_t n = g.sliceVoxels();
    const double tolMm = std::max(1e-3, 0.02 * std::min({g.spacing[0], g.spacing[1], g.spacing[2]}));
    for (std::size_t f = 0; f < info.frames.size(); ++f) {
        const SegFrameInfo& fr = info.frames[f];
        const Vec3 ijk = g.worldToIndex(fr.position);
        const long k = std::lround(ijk[2]);
        const Vec3 expected = g.indexToWorld({0, 0, double(k)});
        if (k < 0 || k >= long(g.size[2]) || norm(expected - fr.position) > tolMm)
            throw InputError("frame " + std::to_string(f + 1) + " at " + mm(fr.position) +
                             " mm is not at the position of any slice of the series");
        const auto m = seg.mask(f);
        std::uint8_t* dst = out.masks[segIndex.at(fr.segmentNumber)].slice(std::size_t(k));
        for (std::size_t v = 0; v < n; ++v) dst[v] |= m[v];
    }
    for (const auto& mask : out.masks)
        out.voxelCounts.push_back(std::size_t(std::count(mask.data.begin(), mask.data.end(), std::uint8_t(1))));
    return out;
}

// A grid from the SEG alone: its orientation, pixel spacing and the span of its frame positions.
Geometry ownGrid(const SegInfo& info) {
    Geometry g;
    const Vec3 normal = normalized(cross(info.rowDirection, info.columnDirection));
    g.direction = {info.rowDirection, info.columnDirection, normal};
    g.spacing = {info.columnSpacingMm, info.rowSpacingMm, 1.0};
    std::vector<double> d;
    for (const auto& f : info.frames) d.push_back(dot(f.position, normal));
    std::sort(d.begin(), d.end());
    std::vector<double> unique;
    for (double v : d)
        if (unique.empty() || v - unique.back() > 1e-3) unique.push_back(v);
    const SegFrameInfo* first = &info.frames.front();
    for (const auto& f : info.frames)
        if (dot(f.position, normal) < dot(first->position, normal)) first = &f;
    double step = info.spacingBetweenSlicesMm > 0 ? info.spacingBetweenSlicesMm
                  : info.sliceThicknessMm > 0     ? info.sliceThicknessMm
                                                  : 1.0;
    if (unique.size() > 1) {
        double minGap = unique[1] - unique[0];
        for (std::size_t i = 2; i < unique.size(); ++i) minGap = std::min(minGap, unique[i] - unique[i - 1]);
        auto fits = [&](double s) {
            for (std::size_t i = 1; i < unique.size(); ++i) {
                const double r = (unique[i] - unique[i - 1]) / s;
                if (std::abs(r - std::round(r)) > 0.05) return false;
            }
            return true;
        };
        if (!(info.spacingBetweenSlicesMm > 0 && fits(info.spacingBetweenSlicesMm))) {
            if (!fits(minGap)) throw InputError("the segmentation's frames are unevenly spaced: they make no regular grid");
            step = minGap;
        }
    }
    g.spacing[2] = step;
    g.origin = first->position;
    g.size = {info.columns, info.rows, unique.empty() ? 1 : std::size_t(std::lround((unique.back() - unique.front()) / step)) + 1};
    return g;
}

// One Frame of Reference holds every series of a scan (other phases, other
// reconstructions), often on the same grid: the frames' own references to
// their source images decide whether the SEG was drawn on this series. A SEG
// that references nothing (some tools write none) is placed by position alone.
void checkDrawnOn(const SegInfo& info, const SeriesInfo& target) {
    const std::string& series = target.metadata.seriesInstanceUid;
    const std::string drawnOn = info.referencedSeriesUid.empty() ? std::string("another series") : "series " + info.referencedSeriesUid;
    std::set<std::string> images;
    for (const auto& s : target.slices)
        if (!s.path.empty() && !s.sopInstanceUid.empty()) images.insert(s.sopInstanceUid);
    bool framesReference = false;
    if (!images.empty())
        for (std::size_t f = 0; f < info.frames.size(); ++f) {
            const std::string& uid = info.frames[f].sourceSopInstanceUid;
            if (uid.empty()) continue;
            framesReference = true;
            if (!images.count(uid))
                throw InputError("the segmentation was drawn on " + drawnOn + ", not on this series (" + series + "): its frame " +
                                 std::to_string(f + 1) + " references image " + uid + ", which this series does not hold");
        }
    if (!framesReference && !info.referencedSeriesUid.empty() && !series.empty() && info.referencedSeriesUid != series)
        throw InputError("the segmentation was drawn on " + drawnOn + ", not on this series (" + series + ")");
}

}  // namespace

SegImport importDicomSegOnto(const fs::path& path, const SeriesInfo& target) {
    if (!target.problem.empty()) throw InputError("the series cannot be loaded: " + target.problem);
    const detail::LoadedSeg seg = detail::loadSeg(path);
    const std::string& segFor = seg.info.frameOfReferenceUid;
    const std::string& seriesFor = target.metadata.frameOfReferenceUid;
    if (segFor.empty()) throw InputError("the segmentation has no Frame of Reference UID: it cannot be placed on a series");
    if (seriesFor.empty()) throw InputError("the series has no Frame of Reference UID: the segmentation cannot be placed on it");
    if (segFor != seriesFor)
        throw InputError("the segmentation's Frame of Reference (" + segFor + ") is not the series' (" + seriesFor +
                         "): it was not drawn on this patient position");
    checkDrawnOn(seg.info, target);
    return place(seg, target.geometry);
}

SegImport importDicomSegOwnGrid(const fs::path& path) {
    const detail::LoadedSeg seg = detail::loadSeg(path);
    if (seg.info.frames.empty()) throw InputError("the segmentation has no frames");
    return place(seg, ownGrid(seg.info));
}

LabelVolume segmentsToLabels(const SegImport& imported) {
    if (imported.masks.empty()) return {};
    LabelVolume labels(imported.masks.front().geometry, 0);
    for (std::size_t s = 0; s < imported.masks.size(); ++s) {
        const auto& m = imported.masks[s].data;
        const std::uint16_t value = imported.info.segments[s].number;
        for (std::size_t v = 0; v < m.size(); ++v)
            if (m[v]) labels.data[v] = value;
    }
    return labels;
}

}  // namespace lsms
