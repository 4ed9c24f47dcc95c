#pragma once
// The lesion measurements of a study as a DICOM Structured Report: a TID 1500
// Measurement Report (DCMTK's dcmsr/cmr) with one TID 1411 Volumetric ROI
// Measurements group per lesion, each pointing at its segment in the DICOM-SEG
// that holds the masks, so that a PACS or another workstation finds which
// voxels a number was measured on.
#include "lsms/io/dicom_series.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lsms {

struct LesionMeasurement {
    std::uint16_t segmentNumber = 0;  // the segment's number in the SEG file referenced
    std::string name;                 // tracking identifier text, e.g. "left lobe lesion 1"
    // Drawn by hand (else: the LSMS model). The SR does not repeat it: TID 1411
    // has no row for how a region was drawn, and the referenced SEG segment's
    // Segment Algorithm Type already records it.
    bool manual = false;
    double volumeMl = 0;
    double longAxisMm = 0, shortAxisMm = 0;  // RECIST long axis and perpendicular short axis (0: not measured -> omitted)
    bool hasHu = false;                      // mean and SD in HU: CT only
    double huMean = 0, huSd = 0;
};

struct MeasurementReportOptions {
    std::string seriesDescription = "LSMS lesion measurements";
    int seriesNumber = 301;
    std::string observerName;  // person observer; empty -> device observer "LSMS Viewer"
    std::string sopInstanceUid, seriesInstanceUid;  // empty: generated
};

// Writes an Enhanced SR holding a TID 1500 Measurement Report: per lesion its
// tracking identifier and a new tracking UID, finding "Lesion", finding site
// "Liver", the Referenced Segment (the SEG's SOP instance and segment number,
// read from `segFile`), the source series (source's Series Instance UID) and
// the measurements volume (mL), long and short axis (mm) and mean and standard
// deviation of the attenuation ([hnsf'U]). Patient and study are copied from
// the source's first image (same study, new series); the Current Requested
// Procedure Evidence lists the SEG and every source image. Writes a temporary
// file and renames it.
// Throws InputError for no lesions, an empty name, a segment number given twice
// or not in the SEG, a SEG that does not reference source's series, NaN,
// infinite or negative values, or HU for a series that is not CT; IoError when
// the file cannot be written.
void writeMeasurementReport(const SeriesInfo& source, const std::filesystem::path& segFile,
                            const std::vector<LesionMeasurement>& lesions, const std::filesystem::path& out,
                            const MeasurementReportOptions& options = {});

}  // namespace lsms
