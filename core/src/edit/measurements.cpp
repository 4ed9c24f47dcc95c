#include "lsms/core/edit/measurements.h"

#include "calipers.h"
#include "slice_outline.h"

#include "lsms/core/edit/region.h"
#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lsms::edit {

namespace {
using detail::Calipers;
using detail::OutlineKind;
using detail::SliceExtent;

// One pixel: a lone one-pixel bump then moves the outline by a third of a
// pixel, a two-pixel rim still reaches 0.5 (a 1.5-pixel blur would erase it),
// and a convex lesion's outline moves in by about sigma^2 / (2 R), a
// hundredth of a pixel for a 1 cm lesion on 0.7 mm pixels.
constexpr double kSigmaPixels = 1.0;
// Short axis, in pixels, from which the blur moves an outline by less than a
// pixel (it rounds the corners of a 5 x 5 block, 0.8 pixel off its long axis).
constexpr double kSmoothFromPixels = 5.0;

void setAxes(SegmentMeasurements& m, const Calipers& c, const Geometry& g, std::size_t k, AxisOutline outline) {
    m.longestAxialDiameterMm = c.longMm;
    m.perpendicularDiameterMm = c.shortMm;
    m.diameterSlice = k;
    m.outline = outline;
    auto toIjk = [&](const detail::PlanePoint& p) { return Vec3{p.x / g.spacing[0], p.y / g.spacing[1], double(k)}; };
    m.longAxis = {toIjk(c.a), toIjk(c.b)};
    m.shortAxis = {toIjk(c.c), toIjk(c.d)};
}
}  // namespace

SegmentMeasurements measureSegment(const LabelVolume& labels, std::uint16_t label, const CtVolume* ct) {
    const Geometry& g = labels.geometry;
    if (ct && !g.sameGrid(ct->geometry)) throw InputError("the CT volume is not on the label grid");
    SegmentMeasurements m;
    const Box box = boundingBox(labels, label);
    if (box.empty()) return m;
    double sum = 0, sum2 = 0;
    std::vector<SliceExtent> slices;
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k) {
        SliceExtent e;
        e.k = k;
        e.lo[0] = box.hi[0], e.lo[1] = box.hi[1];
        for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
            for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) {
                const std::size_t idx = labels.index(i, j, k);
                if (labels.data[idx] != label) continue;
                ++m.voxels;
                if (ct) {
                    const double hu = ct->data[idx];
                    sum += hu;
                    sum2 += hu * hu;
                }
                e.lo[0] = std::min(e.lo[0], i), e.hi[0] = std::max(e.hi[0], i + 1);
                e.lo[1] = std::min(e.lo[1], j), e.hi[1] = std::max(e.hi[1], j + 1);
            }
        if (e.hi[0] > e.lo[0]) slices.push_back(e);
    }
    m.volumeMl = double(m.voxels) * g.voxelVolumeMm3() / 1000.0;
    if (ct) {
        m.hasHu = true;
        m.huMean = sum / double(m.voxels);
        m.huSd = std::sqrt(std::max(0.0, sum2 / double(m.voxels) - m.huMean * m.huMean));
    }

    // Each slice's raw pixel outline is cheap and bounds what the others can
    // reach (the smoothed outline stays within the pixels' convex hull, at
    // most half a pixel beyond the pixel outline at either end), so only the
    // slices that could still win are measured further, widest first.
    std::vector<std::pair<Calipers, std::size_t>> raw;  // calipers, index into slices
    for (std::size_t s = 0; s < slices.size(); ++s)
        raw.push_back({detail::calipersOf(detail::outlinePoints(labels, label, slices[s], OutlineKind::Raw)), s});
    std::stable_sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) { return a.first.longMm > b.first.longMm; });
    const double pixelMm = std::max(g.spacing[0], g.spacing[1]);
    Calipers best;
    std::size_t bestSlice = 0;
    AxisOutline bestOutline = AxisOutline::None;
    for (const auto& [bound, s] : raw) {
        if (bound.longMm + 2 * pixelMm <= best.longMm) break;
        // Thin parts, spurs and islands of one pixel go first. What stays
        // thinner than kSmoothFromPixels reads on its pixel outline, because
        // the blur would shrink it (a 4 x 2 pixel lesion by a third).
        Calipers c = detail::calipersOf(detail::outlinePoints(labels, label, slices[s], OutlineKind::Opened));
        AxisOutline outline = AxisOutline::Pixels;
        if (c.shortMm >= kSmoothFromPixels * pixelMm) {
            c = detail::calipersOf(detail::outlinePoints(labels, label, slices[s], OutlineKind::Smoothed, kSigmaPixels));
            outline = AxisOutline::Smoothed;
        }
        if (c.longMm > best.longMm || (c.longMm == best.longMm && c.longMm > 0 && slices[s].k < bestSlice))
            best = c, bestSlice = slices[s].k, bestOutline = outline;
    }
    if (best.longMm > 0) {
        setAxes(m, best, g, bestSlice, bestOutline);
    } else {
        // Nothing two pixels thick anywhere (a voxel, a line, scattered
        // voxels): the raw pixel outline of the widest slice, ties to the lower.
        const auto widest = std::min_element(raw.begin(), raw.end(), [&](const auto& a, const auto& b) {
            return a.first.longMm > b.first.longMm || (a.first.longMm == b.first.longMm && slices[a.second].k < slices[b.second].k);
        });
        setAxes(m, widest->first, g, slices[widest->second].k, AxisOutline::Pixels);
    }
    return m;
}

}  // namespace lsms::edit
