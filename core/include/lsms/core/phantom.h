#pragma once
// Deterministic synthetic abdominal CT phantoms (seed -> study) with lesion
// ground truth. The anatomy is a set of analytic shapes in LPS millimetres, so
// the same study can be rendered on any voxel grid (full 512x512 for the demo
// and DICOM, coarse grids for training).
#include "lsms/core/series_metadata.h"
#include "lsms/core/volume.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lsms::phantom {

enum class LesionKind { Metastasis, Enhancing, Cyst, RingEnhancing };
enum class Lobe { Right, Left, Caudate };

// "metastasis", "enhancing", "cyst", "ring-enhancing"; fromString throws InputError.
std::string toString(LesionKind kind);
LesionKind lesionKindFromString(const std::string& s);
std::string toString(Lobe lobe);
// Couinaud segment 1..8 as a Roman numeral, "I".."VIII".
std::string couinaudRoman(int segment);

struct LesionTruth {
    int id = 0;  // label value in the label volume, 1..n
    LesionKind kind = LesionKind::Metastasis;
    Vec3 centre{};  // LPS mm (centre of the analytic shape)
    double volumeMl = 0;          // measured on the rendered label volume
    double meanHu = 0;            // measured on the rendered CT
    double longestAxialDiameterMm = 0;  // measured on the rendered label volume
    Lobe lobe = Lobe::Right;
    int couinaud = 5;  // 1..8
    double nominalDiameterMm = 0;  // size the shape was drawn with
};

struct PhantomOptions {
    std::uint64_t seed = 1;
    // Grid overrides; 0 (or negative) picks a typical CT grid from the seed:
    // 512x512 at 0.6-0.9 mm, 1-5 mm slices, 100-300 slices.
    int columns = 0;
    int rows = 0;
    int slices = 0;
    double pixelSpacingMm = 0;
    double sliceThicknessMm = 0;
    int lesionCount = -1;     // -1: 0..6 from the seed
    double noiseSigmaHu = -1;  // -1: 8..18 HU from the seed
    int threads = 0;           // 0: hardware concurrency
};

struct Phantom {
    CtVolume ct;          // HU, integer-valued (what the DICOM files store)
    LabelVolume labels;   // lesion id per voxel
    MaskVolume liver;     // 1 inside the liver (lesions included)
    std::vector<LesionTruth> lesions;
    SeriesMetadata metadata;
    std::uint64_t seed = 0;
};

Phantom generatePhantom(const PhantomOptions& options);

// Which lobe / Couinaud segment a point of the phantom's liver belongs to.
struct LiverRegion {
    Lobe lobe;
    int couinaud;
};

}  // namespace lsms::phantom
