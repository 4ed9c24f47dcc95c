#pragma once
// Which series the segmentation network may be given. It was trained on CT
// in Hounsfield units: on MR, PET or an unlabelled series its answer looks
// like any other and means nothing, so callers refuse unless the user
// insists (lsms segment --allow-modality, a confirmation in the viewer).
#include "lsms/core/series_metadata.h"

#include <string>

namespace lsms {

// Empty for CT; otherwise why segmenting this series is refused.
std::string segmentationModalityRefusal(const SeriesMetadata& series);

}  // namespace lsms
