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
enum class ContrastPhase { NonContrast, LateArterial, PortalVenous, Delayed };
enum class Lobe { Right, Left, Caudate };

// "metastasis", "enhancing", "cyst", "ring-enhancing"; fromString throws InputError.
std::string toString(LesionKind kind);
LesionKind lesionKindFromString(const std::string& s);
std::string toString(Lobe lobe);
// "non-contrast", "late-arterial", "portal-venous", "delayed"; fromString throws InputError.
std::string toString(ContrastPhase phase);
ContrastPhase contrastPhaseFromString(const std::string& s);
// Couinaud segment 1..8 as a Roman numeral, "I".."VIII".
std::string couinaudRoman(int segment);

// One value drawn from the seed (or forced by an option), with the range it
// was drawn from, so that truth.json holds every appearance parameter of a
// generation-2 phantom and tests can check each against its range.
// Text-valued draws (a phase, a liver state) have lo == hi == number == index.
struct DrawnParameter {
    std::string name;  // dotted, e.g. "noise.sigma_hu"
    double number = 0;
    double lo = 0, hi = 0;
    std::string text;  // non-empty for categorical draws
};
// The parameter of that name, or nullptr.
const DrawnParameter* findParameter(const std::vector<DrawnParameter>& params, const std::string& name);

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
    std::vector<DrawnParameter> parameters;  // generation 2: appearance and shape draws
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
    // Generator: 1 is the original (one portal-venous appearance; the shipped
    // network was trained on it and it stays bit for bit the same); 2 draws
    // contrast phase, liver state, lesion appearance, CT noise texture, partial
    // volume, body habitus, shapes and artefacts per seed (docs/phantoms.md).
    int version = 1;
    // Generation 2 only: force a contrast phase instead of drawing it. With
    // version 2, noiseSigmaHu >= 0 sets the noise level at the reference
    // 2.5 mm slice (0: no noise).
    std::optional<ContrastPhase> phase;
};

struct Phantom {
    CtVolume ct;          // HU, integer-valued (what the DICOM files store)
    LabelVolume labels;   // lesion id per voxel
    MaskVolume liver;     // 1 inside the liver (lesions included)
    std::vector<LesionTruth> lesions;
    SeriesMetadata metadata;
    std::uint64_t seed = 0;
    int version = 1;
    std::vector<DrawnParameter> parameters;  // generation 2: every study-level draw
    // Generation 2: a few named places inside one tissue each, where a
    // realism check can put an axial circular region of interest: "liver",
    // "spleen", "aorta", "subcutaneous_fat", "paraspinal_muscle".
    struct ReferencePoint {
        std::string name;
        Vec3 centre{};  // LPS mm
        double radiusMm = 0;
    };
    std::vector<ReferencePoint> referencePoints;
};

Phantom generatePhantom(const PhantomOptions& options);
// Generation 2: what a seed draws, without rendering (the same values
// generatePhantom records): the study's parameters and those of each placed
// lesion (before rendering drops lesions that hit fewer than 3 voxels). The
// noise SD on the grid ("noise.sigma_hu") is only known after rendering.
struct DrawnPhantom {
    std::vector<DrawnParameter> study;
    std::vector<std::vector<DrawnParameter>> lesions;
};
DrawnPhantom drawnParameters(const PhantomOptions& options);

// Which lobe / Couinaud segment a point of the phantom's liver belongs to.
struct LiverRegion {
    Lobe lobe;
    int couinaud;
};

}  // namespace lsms::phantom
