#pragma once
// Smoothing of one segment. Voxels a smoothing adds are taken only from
// background, never from another segment; voxels it removes become background.
#include "lsms/core/edit/edit.h"

#include <cstdint>

namespace lsms::edit {

// Binary 3x3x3 median: a voxel is in the segment when at least 14 of the 27
// voxels around it (itself included) are. Returns voxels changed.
std::size_t medianSmooth(Edit& edit, std::uint16_t label);
// Opening (erode then dilate) removes spurs thinner than the ball; closing
// (dilate then erode) fills gaps narrower than it. The ball is every voxel
// within `radiusMm` of the centre, in mm, so it is round on anisotropic grids.
std::size_t openSegment(Edit& edit, std::uint16_t label, double radiusMm);
std::size_t closeSegment(Edit& edit, std::uint16_t label, double radiusMm);

}  // namespace lsms::edit
