#pragma once
// A NIfTI label volume placed on the DICOM series it was drawn on: NIfTI
// stores single-precision geometry, so the series' own exact geometry is
// adopted (export-seg and export-mesh must sit exactly on the CT).
#include "lsms/core/volume.h"
#include "lsms/io/dicom_series.h"

#include <string>

namespace lsms::workflow {

struct LabelsOnSeries {
    LabelVolume labels;  // with the series' geometry
    ScanResult scan;
    std::size_t seriesIndex = 0;  // the matching series in scan.series

    const SeriesInfo& series() const { return scan.series.at(seriesIndex); }
};

// Throws InputError when no loadable series in dicomDir has the labels' grid.
LabelsOnSeries readLabelsOnSeries(const std::string& dicomDir, const std::string& niftiFile);

}  // namespace lsms::workflow
