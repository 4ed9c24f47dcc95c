#include "lsms/core/error.h"
#include "lsms/models/tokenizer.h"

#include <catch2/catch.hpp>

using lsms::models::WordPieceTokenizer;
using Tokens = std::vector<std::string>;

namespace {

const WordPieceTokenizer& bert() {
    static const WordPieceTokenizer t = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    return t;
}

}  // namespace

TEST_CASE("tokenizer: special token ids of bert-base-uncased", "[tokenizer]") {
    const auto& t = bert();
    CHECK(t.size() == 30522);
    CHECK(t.padId() == 0);
    CHECK(t.unkId() == 100);
    CHECK(t.clsId() == 101);
    CHECK(t.sepId() == 102);
    CHECK(t.id("hello") == 7592);
    CHECK(t.id("world") == 2088);
    CHECK(t.id("the") == 1996);
}

TEST_CASE("tokenizer: WordPiece is greedy longest-match-first", "[tokenizer]") {
    // The reference tokenizer's documented example, on its own toy vocabulary.
    WordPieceTokenizer toy({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "runn", "##ing"});
    CHECK(toy.tokenize("unaffable") == Tokens{"un", "##aff", "##able"});
    CHECK(toy.tokenize("running unaffable") == Tokens{"runn", "##ing", "un", "##aff", "##able"});
    CHECK(toy.tokenize("unaffablex") == Tokens{"[UNK]"});  // a word that cannot be covered is one [UNK]
    // bert-base-uncased contains "una" and "##ffa", so longest-match-first
    // splits the same word differently there (as Hugging Face's does).
    CHECK(bert().tokenize("unaffable") == Tokens{"una", "##ffa", "##ble"});
}

TEST_CASE("tokenizer: known bert-base-uncased tokenizations", "[tokenizer]") {
    const auto& t = bert();
    CHECK(t.tokenize("embeddings") == Tokens{"em", "##bed", "##ding", "##s"});
    CHECK(t.tokenize("Tokenization") == Tokens{"token", "##ization"});
    CHECK(t.tokenize("Hello, World!") == Tokens{"hello", ",", "world", "!"});
    CHECK(t.tokenize("don't") == Tokens{"don", "'", "t"});
}

TEST_CASE("tokenizer: basic tokenization lower-cases, strips accents, splits punctuation", "[tokenizer]") {
    const auto& t = bert();
    CHECK(t.basicTokens("  Héllo\tWORLD\n") == Tokens{"hello", "world"});
    CHECK(t.basicTokens("Café naïve Ångström") == Tokens{"cafe", "naive", "angstrom"});
    CHECK(t.basicTokens("largest lesion, segment VII") == Tokens{"largest", "lesion", ",", "segment", "vii"});
    CHECK(t.basicTokens("ring-enhancing (2 cm)") == Tokens{"ring", "-", "enhancing", "(", "2", "cm", ")"});
    // Combining marks (decomposed accents) vanish too.
    CHECK(t.basicTokens("e\xCC\x81t\xC3\xA9") == Tokens{"ete"});
    // Control characters are dropped; malformed UTF-8 does not throw.
    CHECK(t.basicTokens(std::string("a\x01" "b")) == Tokens{"ab"});
    CHECK_NOTHROW(t.tokenize("\xFF\xFE lesion"));
}

TEST_CASE("tokenizer: encode adds [CLS]/[SEP], pads and masks", "[tokenizer]") {
    const auto& t = bert();
    const auto e = t.encode("hello world", 8);
    CHECK(e.ids == std::vector<std::int64_t>{101, 7592, 2088, 102, 0, 0, 0, 0});
    CHECK(e.attention == std::vector<std::uint8_t>{1, 1, 1, 1, 0, 0, 0, 0});
    CHECK_FALSE(e.truncated);

    const auto cut = t.encode("hello world hello world", 4);
    CHECK(cut.ids == std::vector<std::int64_t>{101, 7592, 2088, 102});
    CHECK(cut.truncated);

    const auto empty = t.encode("", 4);
    CHECK(empty.ids == std::vector<std::int64_t>{101, 102, 0, 0});
    CHECK_THROWS_AS(t.encode("x", 1), lsms::InputError);
}

TEST_CASE("tokenizer: bad vocabulary files are clear errors", "[tokenizer]") {
    CHECK_THROWS_AS(WordPieceTokenizer::fromFile("/nonexistent/vocab.txt"), lsms::IoError);
    CHECK_THROWS_AS(WordPieceTokenizer(std::vector<std::string>{"a", "b"}), lsms::InputError);
}
