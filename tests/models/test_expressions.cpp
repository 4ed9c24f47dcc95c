#include "lsms/models/expressions.h"
#include "lsms/models/nn/text_encoder.h"
#include "lsms/models/tokenizer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace lsms::models;
using lsms::phantom::LesionKind;
using lsms::phantom::LesionTruth;
using lsms::phantom::Lobe;

namespace {

LesionTruth lesion(int id, LesionKind kind, Lobe lobe, int segment, double ml) {
    LesionTruth l;
    l.id = id;
    l.kind = kind;
    l.lobe = lobe;
    l.couinaud = segment;
    l.volumeMl = ml;
    return l;
}

// Two metastases (right VII large, left III small), a cyst (left II) and an
// enhancing lesion (right V).
std::vector<LesionTruth> sampleLesions() {
    return {lesion(1, LesionKind::Metastasis, Lobe::Right, 7, 30.0), lesion(2, LesionKind::Metastasis, Lobe::Left, 3, 2.0),
            lesion(3, LesionKind::Cyst, Lobe::Left, 2, 8.0), lesion(4, LesionKind::Enhancing, Lobe::Right, 5, 12.0)};
}

bool has(const std::string& text, const std::string& word) {
    const auto words = WordPieceTokenizer({"[PAD]", "[UNK]", "[CLS]", "[SEP]"}).basicTokens(text);
    return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

TEST_CASE("expressions: targets agree with the words", "[expressions]") {
    const auto lesions = sampleLesions();
    std::map<int, const LesionTruth*> byId;
    for (const auto& l : lesions) byId[l.id] = &l;
    std::mt19937_64 rng(7);
    std::set<std::string> categories, texts;
    for (int n = 0; n < 2000; ++n) {
        const auto e = generateExpression(lesions, rng);
        INFO(e.text << " [" << e.category << "]");
        categories.insert(e.category);
        texts.insert(e.text);
        CHECK(std::is_sorted(e.targets.begin(), e.targets.end()));
        if (e.category == "none") CHECK(e.targets.empty());
        if (e.category == "single" || e.category == "rank") CHECK(e.targets.size() == 1);
        if (e.category == "count") CHECK((e.targets.size() == 2 || e.targets.size() == 3));
        for (int id : e.targets) {
            const auto& l = *byId.at(id);
            if (has(e.text, "left")) CHECK(l.lobe == Lobe::Left);
            if (has(e.text, "right")) CHECK(l.lobe == Lobe::Right);
            if (has(e.text, "cyst") || has(e.text, "cysts") || has(e.text, "cystic")) CHECK(l.kind == LesionKind::Cyst);
            if (has(e.text, "hyperdense")) CHECK(l.kind == LesionKind::Enhancing);
            if (has(e.text, "vii") || has(e.text, "s7")) CHECK(l.couinaud == 7);
        }
        // No filter words at all: "all lesions" means all four, "the largest" the 30 ml one.
        const bool filtered = e.text.find("lobe") != std::string::npos || e.text.find("seg") != std::string::npos ||
                              has(e.text, "s7") || has(e.text, "cyst") || has(e.text, "cysts") || has(e.text, "dense") ||
                              e.text.find("dense") != std::string::npos || e.text.find("atten") != std::string::npos ||
                              e.text.find("enhanc") != std::string::npos || e.text.find("metasta") != std::string::npos ||
                              e.text.find("fluid") != std::string::npos || e.text.find("density") != std::string::npos || e.text.find("caudate") != std::string::npos ||
                              e.text.find("cystic") != std::string::npos || e.text.find(" s") != std::string::npos;
        if (!filtered && e.category == "set") CHECK(e.targets == std::vector<int>{1, 2, 3, 4});
        if (!filtered && e.category == "rank" && (has(e.text, "largest") || has(e.text, "biggest")))
            CHECK(e.targets == std::vector<int>{1});
        if (!filtered && e.category == "rank" && has(e.text, "smallest")) CHECK(e.targets == std::vector<int>{2});
    }
    CHECK(categories == std::set<std::string>{"single", "rank", "set", "count", "none"});
    CHECK(texts.size() > 300);  // synonyms and word order actually vary
}

TEST_CASE("expressions: deterministic per seed, empty phantoms refer to nothing", "[expressions]") {
    std::mt19937_64 a(3), b(3);
    for (int n = 0; n < 50; ++n) CHECK(generateExpression(sampleLesions(), a).text == generateExpression(sampleLesions(), b).text);
    std::mt19937_64 rng(1);
    for (int n = 0; n < 50; ++n) CHECK(generateExpression({}, rng).targets.empty());
}

TEST_CASE("expressions: the lexicon covers every generated token", "[expressions]") {
    const auto tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    const auto ids = lexiconVocabIds(tok);
    const std::set<std::int64_t> known(ids.begin(), ids.end());
    CHECK(known.count(tok.unkId()));
    CHECK(ids.size() < 400);  // compact: a few hundred rows, not 30522
    std::mt19937_64 rng(11);
    for (int n = 0; n < 1000; ++n) {
        const auto e = generateExpression(sampleLesions(), rng);
        for (const auto& t : tok.tokenize(e.text)) {
            INFO(e.text << " -> " << t);
            CHECK(t != "[UNK]");
            CHECK(known.count(tok.id(t)) == 1);
        }
    }
}

TEST_CASE("expressions: slice candidates and the 3D selection explain the targets", "[expressions]") {
    const auto lesions = sampleLesions();
    auto volume = [&](int id) { return lesions[std::size_t(id - 1)].volumeMl; };
    std::mt19937_64 rng(11);
    std::map<int, int> seen;
    for (int n = 0; n < 2000; ++n) {
        const auto e = generateExpression(lesions, rng);
        INFO(e.text);
        REQUIRE(e.selection >= 0);
        REQUIRE(e.selection < kSelectionClasses);
        ++seen[e.selection];
        // Applying the selection to the candidates gives the targets.
        std::vector<int> chosen;
        if (!e.candidates.empty()) {
            if (e.selection == int(Selection::All)) chosen = e.candidates;
            else if (e.selection == int(Selection::Smallest))
                chosen = {*std::min_element(e.candidates.begin(), e.candidates.end(),
                                            [&](int a, int b) { return volume(a) < volume(b); })};
            else
                chosen = {*std::max_element(e.candidates.begin(), e.candidates.end(),
                                            [&](int a, int b) { return volume(a) < volume(b); })};
        }
        CHECK(chosen == e.targets);
        if (e.category == "none") CHECK(e.candidates.empty());
        if (e.category == "rank") CHECK(e.candidates.size() >= 1);
    }
    CHECK(seen.size() == 3);
    CHECK(std::string(toString(Selection::Smallest)) == "smallest");
}
