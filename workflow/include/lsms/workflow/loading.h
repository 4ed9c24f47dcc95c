#pragma once
// Opening a study: scan a path, choose a loadable series, decode it in HU.
#include "lsms/core/volume.h"
#include "lsms/io/dicom_series.h"
#include "lsms/workflow/series_choice.h"

#include <cstddef>
#include <filesystem>

namespace lsms::workflow {

struct LoadedSeries {
    ScanResult scan;
    std::size_t seriesIndex = 0;  // into scan.series
    CtVolume ct;

    const SeriesInfo& series() const { return scan.series.at(seriesIndex); }
};

// scanDicom(path), chooseSeries(), loadSeries(). The choice is made before
// any pixel is decoded, so a wrong --series costs a header scan only.
// progress reports the decoding; returning false cancels (lsms::Cancelled).
LoadedSeries loadStudy(const std::filesystem::path& path, const SeriesChoice& choice = {},
                       const ProgressFn& progress = {});

// What the viewer holds for an open series, per voxel, at its peak: the CT
// in HU (4 bytes), the label volume (2) and the liver mask (1) stay; the
// liver pass, an answer's masks and the 3D surfaces' buffers come and go.
// `lsms-viewer --bench` measured about 8.4 bytes a voxel above the program
// itself (512x512x2000, five segments, the liver pass); 10 leaves a margin.
// Throws NotEnoughMemory
// before anything is decoded when free memory cannot hold that, so a study
// too large is refused up front rather than killed half-way.
constexpr std::size_t kViewerBytesPerVoxel = 10;
void requireMemoryToView(const SeriesInfo& series);

}  // namespace lsms::workflow
