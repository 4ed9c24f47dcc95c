#pragma once
// Whether a label map read from a file (a NIfTI's affine, single precision)
// lies on a DICOM series' grid, and in words what differs when it does not:
// a label map on another grid would put every lesion in the wrong place.
#include "lsms/core/geometry.h"
#include "lsms/io/dicom_series.h"

#include <cstddef>
#include <string>

namespace lsms {

// Empty when `labels` is `series` within tolMm at every corner; else what
// differs (size, axis directions, spacing, origin) and by how much.
std::string gridDifference(const Geometry& labels, const Geometry& series, double tolMm = 1e-2);

// The index in scan.series of the loadable series the label map lies on.
// Throws InputError saying what differs from the only loadable series, or
// that none of several has the label map's grid. `labelsName` and
// `seriesPlace` (file and folder) name them in the message.
std::size_t seriesUnderLabels(const ScanResult& scan, const Geometry& labels, const std::string& labelsName,
                              const std::string& seriesPlace, double tolMm = 1e-2);

}  // namespace lsms
