#pragma once
// Writes a volume as a DICOM CT (or other modality) image series, one file per slice.
#include "lsms/core/series_metadata.h"
#include "lsms/core/volume.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lsms {

struct SeriesWriteOptions {
    double sliceThicknessMm = 0;  // 0: the slice spacing
    // Instance number 1 is the last slice along the volume's k axis (the most
    // superior for an axial volume), as scanners usually number them.
    bool numberFromLastSlice = true;
    std::string filePrefix = "CT";
};

// Writes slice k to dir/<prefix>NNNN.dcm; returns the files in slice (k) order.
// Values are rounded to integers and stored as 16-bit with intercept -1024
// (CT) or 0 (others). Writes to temporary names and renames, so an
// interrupted write leaves no half-written file under a final name.
std::vector<std::filesystem::path> writeDicomSeries(const CtVolume& volume, const SeriesMetadata& metadata,
                                                    const std::filesystem::path& dir,
                                                    const SeriesWriteOptions& options = {});

}  // namespace lsms
