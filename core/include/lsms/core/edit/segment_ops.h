#pragma once
// Whole-segment operations and the entry point for AI results.
#include "lsms/core/edit/edit.h"

#include <cstdint>
#include <string>

namespace lsms::edit {

// Moves every voxel of `source` into `target` and removes `source`'s metadata.
// Either locked: EditError.
void mergeSegments(Edit& edit, std::uint16_t target, std::uint16_t source);
// A new, empty segment with `label`'s metadata and name "<name> copy". One
// label per voxel means it cannot share voxels; paint or combine into it (for
// example to split a lesion in two). Returns the new label.
std::uint16_t duplicateSegment(Edit& edit, std::uint16_t label);

// Adds an Automatic segment named (and prompted) `prompt` from the non-zero
// voxels of `mask` (on the label grid, else lsms::InputError). It takes
// background voxels, and voxels of other unlocked segments only when
// overwriteOthers; locked segments are never touched. Returns the new label.
std::uint16_t applyAiResult(Edit& edit, const MaskVolume& mask, const std::string& prompt, bool overwriteOthers);

}  // namespace lsms::edit
