#pragma once
// Connected components ("islands") of one segment in 3D.
#include "lsms/core/edit/edit.h"

#include <cstdint>
#include <vector>

namespace lsms::edit {

// Face (6) connectivity by default: a diagonal touch does not join two lesions.
enum class Connectivity { Faces6 = 6, Full26 = 26 };

// Each removes voxels from `label` (they become background) and returns how
// many; a locked label throws EditError.
std::size_t keepLargestIsland(Edit& edit, std::uint16_t label, Connectivity c = Connectivity::Faces6);
std::size_t removeSmallIslands(Edit& edit, std::uint16_t label, double minVolumeMm3,
                               Connectivity c = Connectivity::Faces6);
// The largest island keeps `label`; every other becomes a new segment with the
// same metadata and name "<name> 2", "<name> 3"... (largest first). Returns the
// new labels.
std::vector<std::uint16_t> splitIslands(Edit& edit, std::uint16_t label, Connectivity c = Connectivity::Faces6);

}  // namespace lsms::edit
