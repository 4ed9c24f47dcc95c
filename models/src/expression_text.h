#pragma once
// The structured form of a referring expression, and its English renderings.
// Kept apart from the generator so the meaning (which lesions) and the
// wording (synonyms, order, shorthand) vary independently.
#include "lsms/core/phantom.h"

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace lsms::models::detail {

struct Query {
    enum class Mode { Single, All, Count };
    enum class Rank { None, Largest, Smallest };
    Mode mode = Mode::Single;
    Rank rank = Rank::None;
    std::optional<phantom::LesionKind> kind;
    std::optional<phantom::Lobe> lobe;
    std::optional<int> segment;  // Couinaud 1..8
    int count = 0;               // Mode::Count: 2 or 3
};

// Lesions passing the query's kind / lobe / segment filters.
std::vector<const phantom::LesionTruth*> filterLesions(const Query& q, const std::vector<phantom::LesionTruth>& lesions);

std::string render(const Query& q, std::mt19937_64& rng);

// All phrase tables, for the lexicon.
std::vector<std::string> allPhrases();

}  // namespace lsms::models::detail
