#pragma once
// Finding DICOM image series on disk and loading one as a volume in HU.
#include "lsms/core/series_metadata.h"
#include "lsms/core/volume.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace lsms {

// One image file of a series, in slice order.
struct SliceRef {
    std::filesystem::path path;
    std::string sopClassUid;
    std::string sopInstanceUid;
    Vec3 position{};  // ImagePositionPatient
    int instanceNumber = 0;
    std::string transferSyntaxUid;
    int frame = 0;  // frame index within a multi-frame file
};
// A SliceRef with an empty path is a missing slice: a gap in the positions
// kept as an empty slice so that every real slice stays where it was scanned.

struct SeriesInfo {
    SeriesMetadata metadata;
    std::vector<SliceRef> slices;  // sorted along the slice normal
    Geometry geometry;             // valid when `problem` is empty
    std::vector<std::string> warnings;  // loadable, but the user must know
    // Routine facts worth a line in the series information, not a warning:
    // e.g. an overlapping reconstruction (3 mm slices every 2 mm).
    std::vector<std::string> notes;
    std::string problem;                // non-empty: cannot be loaded as one volume
    double sliceThicknessMm = 0;        // as stated in the files (0 if absent)
    double windowCentre = 0, windowWidth = 0;  // the series' own display window (width 0 if absent)
};

struct ScanResult {
    std::vector<SeriesInfo> series;
    // About the folder as a whole: unreadable files, non-image objects, ...
    std::vector<std::string> warnings;
};

// progress(done, total); return false to cancel (throws lsms::Cancelled).
using ProgressFn = std::function<bool(std::size_t done, std::size_t total)>;

// Scans a folder recursively, a DICOMDIR file, or a single DICOM file. Reads
// headers only. Throws IoError if the path does not exist, InputError if it
// holds no DICOM image at all.
ScanResult scanDicom(const std::filesystem::path& path, int threads = 0);

// Decodes the series' pixel data into one HU volume (RescaleSlope/Intercept
// applied per slice), reading files on `threads` threads straight into their
// slot of the volume. Throws InputError if series.problem is set,
// UnsupportedTransferSyntax for undecodable pixel data. `storage` Int16 keeps
// the voxels as int16 when every value is a whole number int16 holds (CT as
// scanners write it) and as float otherwise; Float always keeps float.
CtVolume loadSeries(const SeriesInfo& series, const ProgressFn& progress = {}, int threads = 0,
                    CtVolume::Storage storage = CtVolume::Storage::Int16);

// Decodes one DICOM file's first frame (for single-file samples and tests).
CtVolume loadSingleImage(const std::filesystem::path& file);

}  // namespace lsms
