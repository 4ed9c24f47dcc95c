#pragma once
// The image types of the project: the CT, its segment labels and binary masks.
#include "lsms/core/ct_volume.h"
#include "lsms/core/voxels.h"

#include <cstdint>

namespace lsms {

using LabelVolume = Volume<std::uint16_t>;  // 0 = background, n = segment/lesion id
using MaskVolume = Volume<std::uint8_t>;    // 0 / 1

}  // namespace lsms
