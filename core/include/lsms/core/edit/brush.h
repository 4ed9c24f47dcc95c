#pragma once
// Brush, eraser and threshold brush. A dab is a disc on one slice (radius in
// mm, so it looks round whatever the pixel spacing) or a sphere. Centres are
// continuous voxel indices (i, j, k); the slice is the nearest one to the centre.
// A dab always takes the voxel nearest its centre, so a brush smaller than a
// pixel still paints. Strokes put dabs along each segment between successive
// mouse positions, so a fast drag leaves one connected stroke, not holes.
#include "lsms/core/edit/edit.h"

#include <cstdint>
#include <vector>

namespace lsms::edit {

// The index axis normal to the painted slice: for an axial CT series, k is
// axial, j coronal, i sagittal.
enum class SliceAxis { Sagittal = 0, Coronal = 1, Axial = 2 };

struct BrushShape {
    double radiusMm = 5.0;
    SliceAxis axis = SliceAxis::Axial;
    bool sphere = false;  // 3D ball instead of a disc on one slice
};

// Paints `label` (an existing, unlocked segment; else EditError). With
// overwriteOthers false only background is painted. Returns voxels changed.
std::size_t paintDab(Edit& edit, std::uint16_t label, const Vec3& centre, const BrushShape& shape,
                     bool overwriteOthers = true);
// Sets voxels to background: only those of `onlyLabel`, or of any unlocked
// segment when onlyLabel is 0 (the viewer's "erase all unlocked segments").
std::size_t eraseDab(Edit& edit, const Vec3& centre, const BrushShape& shape, std::uint16_t onlyLabel = 0);
// Paints only voxels whose CT value is within [loHu, hiHu]; `ct` must be on the
// label grid (else lsms::InputError).
std::size_t paintThresholdDab(Edit& edit, std::uint16_t label, const Vec3& centre, const BrushShape& shape,
                              const CtVolume& ct, float loHu, float hiHu, bool overwriteOthers = true);
// Dab centres on the segment from `from` to `to`: `to` included, `from` not
// (the previous point's dab is already down), at most a third of the radius
// apart in mm. One centre (`to`) when the points coincide.
std::vector<Vec3> dabsAlong(const Geometry& g, const Vec3& from, const Vec3& to, const BrushShape& shape);

// Strokes through `points`: a dab at the first, then dabsAlong each segment.
std::size_t paintStroke(Edit& edit, std::uint16_t label, const std::vector<Vec3>& points, const BrushShape& shape,
                        bool overwriteOthers = true);
std::size_t eraseStroke(Edit& edit, const std::vector<Vec3>& points, const BrushShape& shape, std::uint16_t onlyLabel = 0);
std::size_t paintThresholdStroke(Edit& edit, std::uint16_t label, const std::vector<Vec3>& points, const BrushShape& shape,
                                 const CtVolume& ct, float loHu, float hiHu, bool overwriteOthers = true);

// Throws EditError unless `label` is an existing, unlocked segment.
void requirePaintable(const Edit& edit, std::uint16_t label);

}  // namespace lsms::edit
