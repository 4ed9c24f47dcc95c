#pragma once
// Held-out prompts in a second grammar, written apart from the training
// generator (expressions.h) and never trained on: other synonyms and word
// orders, radiology shorthand ("2 cm hypoattenuating lesion in segment 4a",
// "S7 cyst", "HCC"), Couinaud numerals in Roman and Arabic form, sizes in
// cm or mm, and a few typos. Its meaning is resolved here from phantom
// truth, by its own rules, so a model that only learnt the training
// grammar's surface is found out.
#include "lsms/core/phantom.h"
#include "lsms/models/expressions.h"

#include <random>

namespace lsms::models {

// Categories as the training generator's: "single", "rank", "set", "count", "none".
ReferringExpression generateParaphrase(const std::vector<phantom::LesionTruth>& lesions, std::mt19937_64& rng);

}  // namespace lsms::models
