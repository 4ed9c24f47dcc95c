#pragma once
// Training crops for the fine pass: small 2.5D windows on ~1 mm pixels
// around the liver, most of them centred on a lesion drawn evenly across
// size bins (small lesions are few pixels of few phantoms; drawn by pixel
// they would hardly be seen), each with a sentence whose words a crop can
// show — kind and density, or "all lesions" — and its target. Rank, count,
// lobe and segment are left to the 3D referring scorer: a crop cannot see
// them, so using them here would make visible lesions background.
// Torch-free.
#include "lsms/models/phantom_slices.h"

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace lsms::models {

struct CropOptions {
    int size = 128;            // pixels per side
    double spacingMm = 1.0;    // pixel size before scale jitter
    double contextMm = 3.0;    // distance of the 2.5D neighbours
    double lesionShare = 0.6;  // crops centred on a lesion
    double liverShare = 0.32;  // on a random liver voxel (the rest: anywhere in the body)
    // Upper edges of the size bins (longest axial diameter, mm) lesion crops
    // are drawn evenly from; the last bin is open.
    std::vector<double> binEdgesMm{10, 20, 40};
    double minScale = 0.8, maxScale = 1.25;  // pixel size jitter (log-uniform)
    double huGain = 0.08, huShiftHu = 15, extraNoiseHu = 6;  // intensity re-draw
    // A lesion at least this many HU from the liver is "hypo-" or
    // "hyperdense"; closer, the density words neither take nor exclude it.
    double densityStepHu = 12;
    // BCE weight per lesion pixel: referenceAreaPx / the lesion's area in the
    // crop, clamped to [1, maxLesionWeight], so each lesion counts about
    // equally and a small one is not drowned by the background.
    double referenceAreaPx = 300, maxLesionWeight = 12;
    SliceWindow window{-100, 250};
    // The coarse pass's crops instead: the whole slice around the volume's
    // centre (jittered), mostly at liver levels, target the liver mask, no words.
    bool liverTarget = false;
};

struct CropSample {
    std::vector<float> image;   // 3 x S x S, windowed
    std::vector<float> target;  // S x S: the sentence's lesions
    std::vector<float> weight;  // S x S: per-pixel loss weight; 0 where the words cannot tell
    std::string text;
    int bin = -1;            // size bin of the lesion the crop is centred on; -1: none
    std::vector<int> shown;  // lesion ids on the centre slice of the crop
    std::size_t caseIndex = 0;
};

// A crop's sentence: words it can show and the lesions they take. `undecided`:
// lesions the words neither take nor exclude (isodense for a density word).
struct CropSentence {
    std::string text;
    std::vector<int> targets, undecided;
};
// From the case's lesions and the liver's HU; `rng` picks the family
// ("all lesions", density, kind) and the wording.
CropSentence cropSentence(const std::vector<phantom::LesionTruth>& lesions, double liverHu, std::mt19937_64& rng,
                          const CropOptions& options = {});
// Every word the crop sentences use (for the text encoder's vocabulary).
std::vector<std::string> cropLexicon();

class LesionCropSampler {
public:
    // Cases on any grid (the crop resamples); throws InputError if none has
    // a liver.
    LesionCropSampler(std::vector<PhantomCase> cases, CropOptions options = {});
    CropSample sample(std::mt19937_64& rng) const;
    // The crop centred at (i, j, k) (voxel indices, fractional) of case c.
    CropSample crop(std::size_t c, double i, double j, double k, double scale, const CropSentence& sentence,
                    std::mt19937_64& rng) const;
    const std::vector<PhantomCase>& cases() const { return cases_; }
    // Lesions per size bin (over all cases), as sampled.
    std::vector<std::size_t> lesionsPerBin() const;
    int binOf(double diameterMm) const;

private:
    struct LesionRef {
        std::size_t caseIndex;
        int id;
    };
    std::vector<PhantomCase> cases_;
    CropOptions options_;
    std::vector<double> liverHu_;
    std::vector<std::vector<LesionRef>> bins_;
    std::vector<std::vector<std::array<std::uint16_t, 3>>> liverVoxels_;  // a subsample per case
};

}  // namespace lsms::models
