#pragma once
// Referring expressions over phantom ground truth: a random query (size
// rank, lobe, Couinaud segment, lesion kind, sets and counts) rendered as
// varied radiology English, with the lesion ids it refers to. Targets may be
// one lesion, several, or none (then the right answer is an empty mask).
#include "lsms/core/phantom.h"

#include <random>
#include <string>
#include <vector>

namespace lsms::models {

// How the 3D answer is chosen among the candidate lesions the network marks
// slice by slice: one (the most certain whole lesion; also "the largest"),
// all of them, or the smallest. A size rank is a property of whole 3D
// lesions, which a single slice cannot show, so the network learns it as a
// sentence-level choice rather than in its per-slice masks.
enum class Selection { One = 0, All = 1, Smallest = 2 };
inline constexpr int kSelectionClasses = 3;
const char* toString(Selection s);

struct ReferringExpression {
    std::string text;
    std::vector<int> targets;  // LesionTruth::id values, sorted; empty: refers to nothing
    std::string category;      // "single", "rank", "set", "count" or "none"
    // Lesions passing the expression's kind / lobe / segment filters, without
    // its size rank: what the per-slice masks are trained to mark. Empty
    // with non-empty targets (written expressions): the targets.
    std::vector<int> candidates;
    int selection = -1;  // Selection as int; -1: unknown (written expressions)

    const std::vector<int>& sliceTargets() const { return candidates.empty() ? targets : candidates; }
};

struct ExpressionOptions {
    double setProbability = 0.2;    // "all lesions in the left lobe"
    double countProbability = 0.1;  // "both cysts"
    double noneProbability = 0.12;  // describes a lesion that is not there
};

// Words for kinds follow the phantom's densities (liver ~105 HU):
// metastasis = hypodense, enhancing = hyperdense, cyst = cystic / fluid,
// ring-enhancing = rim-enhancing. Left/right are the patient's sides.
ReferringExpression generateExpression(const std::vector<phantom::LesionTruth>& lesions, std::mt19937_64& rng,
                                       const ExpressionOptions& options = {});

// Every phrase and numeral the generator can emit, for building the text
// encoder's compact vocabulary.
std::vector<std::string> expressionLexicon();


}  // namespace lsms::models
