#pragma once
// Logical operations into a target segment. With one label per voxel two
// segments never overlap, so between segments: Union moves the modifier's
// voxels into the target, Subtract changes nothing, Intersect empties the
// target. Against a mask (an AI result, a liver mask) all three are useful.
#include "lsms/core/edit/edit.h"

#include <cstdint>

namespace lsms::edit {

enum class LogicalOp { Union, Subtract, Intersect };

// Union paints the mask into the target (taking voxels from unlocked segments
// when overwriteOthers, else only background); Subtract removes the target's
// voxels inside the mask; Intersect those outside it. The mask must be on the
// label grid (else lsms::InputError). Returns voxels changed.
std::size_t combineWithMask(Edit& edit, std::uint16_t target, LogicalOp op, const MaskVolume& mask,
                            bool overwriteOthers = true);
// The modifier segment as the mask (its voxels before the operation).
std::size_t combineSegments(Edit& edit, std::uint16_t target, LogicalOp op, std::uint16_t modifier);

}  // namespace lsms::edit
