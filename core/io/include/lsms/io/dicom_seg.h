#pragma once
// DICOM Segmentation objects (DICOM-SEG, PS3.3 A.51): export of lesion label
// volumes drawn on a loaded CT series, and import of SEGs back onto a series.
//
// Export writes a BINARY segmentation that references the source series
// (Referenced Series Sequence, and per frame the exact source SOP instance in
// the Derivation Image Sequence), shares its Frame of Reference and copies its
// patient and study. Import places frames by Frame of Reference and plane
// position, never by file order.
#include "lsms/core/volume.h"
#include "lsms/io/dicom_series.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lsms {

// A coded concept (Code Sequence Macro): e.g. {"52988006", "SCT", "Lesion"}.
struct SegCode {
    std::string value;
    std::string scheme;
    std::string meaning;
};

// What one label value of the label volume becomes in the SEG.
struct SegmentSpec {
    enum class AlgorithmType { Automatic, Semiautomatic, Manual };
    std::uint16_t labelValue = 1;  // voxels of the label volume equal to this value
    std::string label;             // Segment Label, e.g. "Lesion 1"
    std::string description;       // Segment Description: the prompt text
    AlgorithmType algorithmType = AlgorithmType::Automatic;
    std::string algorithmName;     // required unless Manual, e.g. "LSMS"
    std::string algorithmVersion;  // optional
    std::array<std::uint8_t, 3> rgb{255, 64, 64};  // written as CIELab
    bool massInsteadOfLesion = false;              // type SCT 4147007 "Mass" instead of 52988006 "Lesion"
};

struct SegExportOptions {
    bool keepEmptyFrames = false;  // by default slices where a segment is empty get no frame
    std::string seriesDescription = "LSMS lesion segmentation";
    int seriesNumber = 300;
    std::string contentLabel = "LESIONS";  // CS: upper case, at most 16 characters
    std::string contentCreator;            // person name, may be empty
    // Empty: generated.
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
};

// Writes `labels` (on exactly source.geometry) as a BINARY DICOM-SEG with one
// segment per entry of `segments`, numbered 1.. in the order given. Writes a
// temporary file and renames it. Throws InputError for a grid that is not the
// source's, a series that cannot be referenced, duplicate or missing label
// values, or when every segment is empty (no file is written); IoError when
// the file cannot be written.
void writeDicomSeg(const SeriesInfo& source, const LabelVolume& labels, const std::vector<SegmentSpec>& segments,
                   const std::filesystem::path& out, const SegExportOptions& options = {});
// The same from one mask per segment (masks[i] for segments[i], each on
// source.geometry; labelValue is not used): segments may overlap.
void writeDicomSeg(const SeriesInfo& source, const std::vector<MaskVolume>& masks, const std::vector<SegmentSpec>& segments,
                   const std::filesystem::path& out, const SegExportOptions& options = {});

struct SegSegmentInfo {
    std::uint16_t number = 0;
    std::string label;
    std::string description;
    std::string algorithmType;  // "AUTOMATIC", "SEMIAUTOMATIC", "MANUAL"
    std::string algorithmName;
    std::string algorithmVersion;  // from the Segmentation Algorithm Identification, if any
    SegCode category;
    SegCode type;
    SegCode anatomicRegion;  // empty value if absent
    bool hasCielab = false;
    std::array<std::uint16_t, 3> cielab{0, 0, 0};  // DICOM-scaled L*a*b*
};

struct SegFrameInfo {
    Vec3 position{};  // ImagePositionPatient of the frame
    std::uint16_t segmentNumber = 0;
    std::string sourceSopInstanceUid;  // from the Derivation Image Sequence, if any
    std::size_t voxels = 0;            // pixels set (FRACTIONAL: at least 50 %)
};

struct SegInfo {
    std::string sopInstanceUid;
    std::string seriesInstanceUid;
    std::string studyInstanceUid;
    std::string patientName;
    std::string patientId;
    std::string seriesDescription;
    std::string segmentationType;  // "BINARY" or "FRACTIONAL"
    int maxFractionalValue = 0;    // FRACTIONAL only
    std::size_t rows = 0, columns = 0;
    std::vector<SegSegmentInfo> segments;
    std::vector<SegFrameInfo> frames;
    std::vector<std::size_t> voxelsPerSegment;  // sum over its frames, parallel to `segments`
    std::string referencedSeriesUid;  // first item of the Referenced Series Sequence
    std::string frameOfReferenceUid;
    // Shared (or first frame's) plane orientation and pixel measures.
    Vec3 rowDirection{1, 0, 0};
    Vec3 columnDirection{0, 1, 0};
    double rowSpacingMm = 1, columnSpacingMm = 1;  // PixelSpacing: between rows, between columns
    double sliceThicknessMm = 0, spacingBetweenSlicesMm = 0;
    std::vector<std::string> warnings;  // e.g. NumberOfFrames missing and inferred
};

// Reads the header, segments and per-frame positions, and counts the set
// pixels of every frame. A SEG without NumberOfFrames gets it from the pixel
// data length (with a warning). Throws InputError for what is not a SEG.
SegInfo readDicomSeg(const std::filesystem::path& path);

// A SEG's segments placed on a grid: masks[i] belongs to info.segments[i].
struct SegImport {
    SegInfo info;
    std::vector<MaskVolume> masks;
    std::vector<std::size_t> voxelCounts;  // voxels set per segment, as placed
};

// Places every frame on `target` by Frame of Reference and plane position.
// FRACTIONAL values are thresholded at 50 %. Throws InputError when the FoR,
// orientation, pixel grid or any frame position does not fit the series.
SegImport importDicomSegOnto(const std::filesystem::path& path, const SeriesInfo& target);
// Places the frames on a grid made from the SEG itself (its orientation, pixel
// spacing and frame positions), for a SEG whose source series is not at hand.
SegImport importDicomSegOwnGrid(const std::filesystem::path& path);

// One label volume from imported masks: voxel = segment number (the later
// segment wins where segments overlap).
LabelVolume segmentsToLabels(const SegImport& imported);

// The DICOM-scaled CIELab (PS3.3 C.10.7.1.1) of an sRGB colour, and back.
std::array<std::uint16_t, 3> rgbToDicomLab(const std::array<std::uint8_t, 3>& rgb);
std::array<std::uint8_t, 3> dicomLabToRgb(const std::array<std::uint16_t, 3>& lab);

}  // namespace lsms
