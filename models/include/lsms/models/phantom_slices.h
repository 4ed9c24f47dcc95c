#pragma once
// Training and evaluation data from phantoms rendered in memory on a coarse
// grid (imageSize x imageSize in-plane, 2.5-5 mm slices): 2.5D windowed
// slices paired with referring expressions and their target masks. No flips
// or other geometric augmentation: left/right are part of the language.
#include "lsms/core/phantom.h"
#include "lsms/models/expressions.h"

#include <cstdint>
#include <random>
#include <vector>

namespace lsms::models {

struct SliceWindow {
    double lowHu = -100, highHu = 250;
    float operator()(float hu) const;  // clipped to [low, high], scaled to [0, 1]
};

// Writes slice k of the CT, windowed, into out[nx * ny].
void windowSlice(const CtVolume& ct, std::size_t k, const SliceWindow& window, float* out);

// Writes the 3 channels (slices k-offset, k, k+offset, clamped at the ends)
// of the windowed CT into out[3 * nx * ny].
void extract25D(const CtVolume& ct, std::size_t k, std::size_t offset, const SliceWindow& window, float* out);

// Phantom options for a training grid: imageSize^2 pixels covering the same
// field of view (384 mm) at any imageSize, slice thickness 2.5-5 mm drawn
// from the seed, enough slices to span the liver.
phantom::PhantomOptions trainingGrid(std::uint64_t seed, int imageSize);

// A phantom, or an annotated real CT (see annotated_case.h): then the
// phantom's lesion truth and liver mask are empty and the case brings its
// own written expressions, since there is no truth to generate them from.
struct PhantomCase {
    phantom::Phantom phantom;
    std::vector<std::size_t> liverSlices;                // slices with liver
    std::vector<std::vector<std::size_t>> lesionSlices;  // [lesion id] -> slices containing it
    std::vector<ReferringExpression> fixedExpressions;   // non-empty: sampled instead of generated
    std::size_t contextOffset = 1;                       // 2.5D neighbour distance in slices
};

// A phantom on the training grid (trainingGrid), or on any grid.
PhantomCase renderCase(std::uint64_t seed, int imageSize, int threads = 0);
PhantomCase renderCase(const phantom::PhantomOptions& options);

// Held-out phantoms are judged on a grid drawn from the seed alone, never
// the model's, so any two models are scored on identical images, and at
// scales the network must map itself: fields of 300-500 mm over
// kEvaluationPixels pixels (0.94-1.56 mm), slices 2-5 mm apart. Coarser
// than clinical 512 x 512 so that a 2-core CPU can evaluate.
inline constexpr int kEvaluationPixels = 320;
// `version`: the phantom generator's (PhantomOptions::version).
phantom::PhantomOptions evaluationGrid(std::uint64_t seed, int version = 1);
// Many phantoms at once, one per thread (threads 0: all cores): on a
// training grid one phantom is too small to keep many cores busy.
std::vector<PhantomCase> renderCases(const std::vector<std::uint64_t>& seeds, int imageSize, int threads = 0);

struct SliceSample {
    std::vector<float> image;   // 3 x S x S
    std::vector<float> target;  // S x S, 1 on the expression's slice targets (candidates)
    // S x S, 1 on the lesions of this slice that the expression does not
    // refer to: where a network that ignores the words goes wrong.
    std::vector<float> distractor;
    ReferringExpression expression;
    std::size_t caseIndex = 0, slice = 0;
};

class PhantomSliceSampler {
public:
    PhantomSliceSampler(std::vector<PhantomCase> cases, int imageSize, SliceWindow window,
                        ExpressionOptions expressions = {});
    // A random expression on a random case and a slice chosen to show the
    // target most of the time, otherwise any liver slice, and now and then any
    // slice of the volume (no liver: the answer is empty).
    SliceSample sample(std::mt19937_64& rng) const;
    SliceSample make(std::size_t caseIndex, std::size_t slice, const ReferringExpression& e) const;
    // The same slice as `s` with another expression whose answer on it is
    // different (other lesions, or none): the image alone cannot tell the
    // two apart, only the words can. A fresh sample() when the case has no
    // such expression (a single lesion not on this slice, say).
    SliceSample contrast(const SliceSample& s, std::mt19937_64& rng) const;
    const std::vector<PhantomCase>& cases() const { return cases_; }

private:
    std::vector<PhantomCase> cases_;
    int size_;
    SliceWindow window_;
    ExpressionOptions expressionOptions_;
};

}  // namespace lsms::models
