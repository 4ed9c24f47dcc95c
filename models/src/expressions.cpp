#include "lsms/models/expressions.h"

#include "expression_text.h"

#include <algorithm>

namespace lsms::models {

using detail::Query;
using phantom::LesionKind;
using phantom::LesionTruth;
using phantom::Lobe;

namespace {

bool coin(std::mt19937_64& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

ReferringExpression expression(std::string text, std::vector<int> targets, std::string category) {
    ReferringExpression e;
    e.text = std::move(text);
    e.targets = std::move(targets);
    e.category = std::move(category);
    return e;
}

std::vector<int> ids(const std::vector<const LesionTruth*>& ls) {
    std::vector<int> out;
    for (const auto* l : ls) out.push_back(l->id);
    std::sort(out.begin(), out.end());
    return out;
}

// A random subset of the lesion's own attributes as filters.
Query describe(const LesionTruth& l, std::mt19937_64& rng) {
    Query q;
    if (coin(rng, 0.5)) q.kind = l.kind;
    if (coin(rng, 0.5)) {
        if (coin(rng, 0.5)) q.segment = l.couinaud;
        else q.lobe = l.lobe;
        if (q.segment && coin(rng, 0.2)) q.lobe = l.lobe;
    }
    return q;
}

std::optional<ReferringExpression> singleTarget(const std::vector<LesionTruth>& lesions, std::mt19937_64& rng) {
    if (lesions.empty()) return std::nullopt;
    const auto& target = lesions[std::uniform_int_distribution<std::size_t>(0, lesions.size() - 1)(rng)];
    for (int attempt = 0; attempt < 8; ++attempt) {
        Query q = describe(target, rng);
        auto matches = detail::filterLesions(q, lesions);
        if (matches.size() > 1 || coin(rng, 0.15)) {
            // Needs (or, for variety, gets) a size rank to single it out.
            auto byVolume = [](const LesionTruth* a, const LesionTruth* b) { return a->volumeMl < b->volumeMl; };
            const auto* largest = *std::max_element(matches.begin(), matches.end(), byVolume);
            const auto* smallest = *std::min_element(matches.begin(), matches.end(), byVolume);
            if (largest == &target && (smallest != &target || coin(rng, 0.5))) q.rank = Query::Rank::Largest;
            else if (smallest == &target) q.rank = Query::Rank::Smallest;
            else continue;
        }
        auto e = expression(detail::render(q, rng), {target.id}, q.rank == Query::Rank::None ? "single" : "rank");
        e.candidates = ids(matches);
        e.selection = int(q.rank == Query::Rank::Smallest ? Selection::Smallest : Selection::One);
        return e;
    }
    return std::nullopt;
}

Query randomFilter(const std::vector<LesionTruth>& lesions, std::mt19937_64& rng) {
    Query q;
    // Filters drawn from a real lesion mostly, so sets are rarely empty.
    if (!lesions.empty() && coin(rng, 0.8)) {
        const auto& l = lesions[std::uniform_int_distribution<std::size_t>(0, lesions.size() - 1)(rng)];
        if (coin(rng, 0.5)) q.kind = l.kind;
        if (coin(rng, 0.5)) q.lobe = l.lobe;
    } else {
        if (coin(rng, 0.5)) q.kind = LesionKind(std::uniform_int_distribution<int>(0, 3)(rng));
        if (coin(rng, 0.5)) q.lobe = Lobe(std::uniform_int_distribution<int>(0, 2)(rng));
    }
    return q;
}

std::optional<ReferringExpression> setOrCount(const std::vector<LesionTruth>& lesions, bool count, std::mt19937_64& rng) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        Query q = randomFilter(lesions, rng);
        auto matches = detail::filterLesions(q, lesions);
        if (count) {
            if (matches.size() != 2 && matches.size() != 3) continue;
            q.mode = Query::Mode::Count;
            q.count = int(matches.size());
            auto e = expression(detail::render(q, rng), ids(matches), "count");
            e.candidates = e.targets;
            e.selection = int(Selection::All);
            return e;
        }
        q.mode = Query::Mode::All;
        auto e = expression(detail::render(q, rng), ids(matches), matches.empty() ? "none" : "set");
        e.candidates = e.targets;
        e.selection = int(Selection::All);
        return e;
    }
    return std::nullopt;
}

// A description of a lesion that is not there: the right answer is empty.
std::optional<ReferringExpression> absent(const std::vector<LesionTruth>& lesions, std::mt19937_64& rng) {
    for (int attempt = 0; attempt < 16; ++attempt) {
        Query q;
        q.kind = LesionKind(std::uniform_int_distribution<int>(0, 3)(rng));
        const int segment = std::uniform_int_distribution<int>(1, 8)(rng);
        if (coin(rng, 0.5)) q.segment = segment;
        else q.lobe = segment == 1 ? Lobe::Caudate : segment <= 4 ? Lobe::Left : Lobe::Right;
        if (!detail::filterLesions(q, lesions).empty()) continue;
        if (coin(rng, 0.3)) q.rank = coin(rng, 0.5) ? Query::Rank::Largest : Query::Rank::Smallest;
        auto e = expression(detail::render(q, rng), {}, "none");
        e.selection = int(q.rank == Query::Rank::Smallest ? Selection::Smallest : Selection::One);
        return e;
    }
    return std::nullopt;
}

}  // namespace

ReferringExpression generateExpression(const std::vector<LesionTruth>& lesions, std::mt19937_64& rng,
                                       const ExpressionOptions& options) {
    for (int attempt = 0; attempt < 16; ++attempt) {
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        std::optional<ReferringExpression> e;
        if (u < options.noneProbability) e = absent(lesions, rng);
        else if (u < options.noneProbability + options.setProbability) e = setOrCount(lesions, false, rng);
        else if (u < options.noneProbability + options.setProbability + options.countProbability)
            e = setOrCount(lesions, true, rng);
        else e = singleTarget(lesions, rng);
        if (e) return *e;
    }
    // Every lesion-free phantom ends up here: "all lesions" -> empty.
    Query q;
    q.mode = Query::Mode::All;
    auto matches = detail::filterLesions(q, lesions);
    auto e = expression(detail::render(q, rng), ids(matches), matches.empty() ? "none" : "set");
    e.candidates = e.targets;
    e.selection = int(Selection::All);
    return e;
}

std::vector<std::string> expressionLexicon() { return detail::allPhrases(); }

const char* toString(Selection s) {
    switch (s) {
        case Selection::One: return "one";
        case Selection::All: return "all";
        case Selection::Smallest: return "smallest";
    }
    return "?";
}

}  // namespace lsms::models
