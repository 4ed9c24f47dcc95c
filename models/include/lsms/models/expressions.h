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

struct ReferringExpression {
    std::string text;
    std::vector<int> targets;  // LesionTruth::id values, sorted; empty: refers to nothing
    std::string category;      // "single", "rank", "set", "count" or "none"
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

// Whether a prompt asks for one lesion or possibly several ("all", "both",
// plural nouns); decides how the 3D answer is consolidated.
enum class Cardinality { One, Many };
Cardinality promptCardinality(const std::string& prompt);

}  // namespace lsms::models
