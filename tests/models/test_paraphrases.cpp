// The held-out paraphrase grammar: its meaning follows phantom truth, and its
// wording is not the training generator's.
#include "lsms/models/expressions.h"
#include "lsms/models/paraphrases.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

using namespace lsms::models;
using lsms::phantom::LesionKind;
using lsms::phantom::LesionTruth;
using lsms::phantom::Lobe;

namespace {

LesionTruth lesion(int id, LesionKind kind, Lobe lobe, int segment, double diameter) {
    LesionTruth l;
    l.id = id;
    l.kind = kind;
    l.lobe = lobe;
    l.couinaud = segment;
    l.longestAxialDiameterMm = diameter;
    l.volumeMl = diameter * diameter * diameter * 5e-4;
    return l;
}

const std::vector<LesionTruth> kLesions{
    lesion(1, LesionKind::Cyst, Lobe::Right, 7, 25),
    lesion(2, LesionKind::Metastasis, Lobe::Left, 2, 12),
    lesion(3, LesionKind::Metastasis, Lobe::Left, 3, 31),
    lesion(4, LesionKind::Enhancing, Lobe::Left, 4, 18),
};

}  // namespace

TEST_CASE("paraphrases: deterministic, with targets that exist and fit the category", "[expressions]") {
    std::mt19937_64 a(5), b(5);
    std::set<std::string> categories;
    for (int i = 0; i < 3000; ++i) {
        const auto e = generateParaphrase(kLesions, a);
        const auto f = generateParaphrase(kLesions, b);
        REQUIRE(e.text == f.text);
        REQUIRE(!e.text.empty());
        INFO(e.text);
        categories.insert(e.category);
        REQUIRE(std::is_sorted(e.targets.begin(), e.targets.end()));
        for (int id : e.targets) REQUIRE((id >= 1 && id <= 4));
        if (e.category == "single" || e.category == "rank") REQUIRE(e.targets.size() == 1);
        if (e.category == "count") REQUIRE(e.targets.size() == 2);
        if (e.category == "none") REQUIRE(e.targets.empty());
    }
    CHECK(categories == std::set<std::string>{"count", "none", "rank", "set", "single"});
}

TEST_CASE("paraphrases: what the words say is what the targets are", "[expressions]") {
    std::mt19937_64 rng(11);
    int checked = 0;
    for (int i = 0; i < 5000; ++i) {
        const auto e = generateParaphrase(kLesions, rng);
        INFO(e.text);
        // The only cyst is lesion 1, in segment 7; the only hypervascular lesion is 4.
        if (e.text == "S7 cyst" || e.text == "segment 7 cyst") {
            CHECK(e.targets == std::vector<int>{1});
            ++checked;
        }
        if (e.text.find("HCC") != std::string::npos && e.category != "none") {
            CHECK(e.targets == std::vector<int>{4});
            ++checked;
        }
        if (e.category == "rank" && e.text.find("dominant") != std::string::npos && e.text.find("left") == std::string::npos &&
            e.text.find("L lobe") == std::string::npos && e.text.find("right") == std::string::npos &&
            e.text.find("R lobe") == std::string::npos) {
            CHECK(e.targets == std::vector<int>{3});  // the largest of all
            ++checked;
        }
    }
    CHECK(checked > 20);
}

TEST_CASE("paraphrases: mostly words and phrasings the training generator never emits", "[expressions]") {
    const auto lexicon = expressionLexicon();
    std::set<std::string> known;
    for (const auto& phrase : lexicon) {
        std::istringstream in(phrase);
        for (std::string w; in >> w;) {
            std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            known.insert(w);
        }
    }
    std::set<std::string> training;
    std::mt19937_64 t(3);
    for (int i = 0; i < 20000; ++i) training.insert(generateExpression(kLesions, t).text);

    std::mt19937_64 rng(7);
    int unknownWord = 0, same = 0;
    const int n = 2000;
    for (int i = 0; i < n; ++i) {
        const auto e = generateParaphrase(kLesions, rng);
        same += training.count(e.text) > 0;
        std::string w;
        bool unknown = false;
        for (char c : e.text + " ") {
            if (std::isalnum(static_cast<unsigned char>(c))) {
                w += char(std::tolower(static_cast<unsigned char>(c)));
            } else if (!w.empty()) {
                unknown |= !known.count(w);
                w.clear();
            }
        }
        unknownWord += unknown;
    }
    CHECK(unknownWord > n / 2);
    CHECK(same < n / 20);
}
