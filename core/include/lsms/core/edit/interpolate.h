#pragma once
// "Fill between slices": a segment drawn on some slices along an axis is
// interpolated on the slices between each pair of consecutive drawn slices by
// shape-based interpolation (Raya & Udupa 1990): the signed distance maps of
// the two drawn slices are blended linearly and the zero level set taken.
#include "lsms/core/edit/brush.h"

#include <cstdint>

namespace lsms::edit {

// Drawn slices are those holding any voxel of `label`. Only background voxels
// are filled. Returns the number of voxels filled.
std::size_t fillBetweenSlices(Edit& edit, std::uint16_t label, SliceAxis axis = SliceAxis::Axial);

}  // namespace lsms::edit
