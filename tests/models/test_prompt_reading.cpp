#include "lsms/core/error.h"
#include "lsms/models/prompt_reading.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

const WordPieceTokenizer& bert() {
    static const WordPieceTokenizer t = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    return t;
}

std::string refusal(const std::string& prompt) {
    try {
        readPrompt(bert(), prompt, 24);
    } catch (const lsms::InputError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("prompt reading: an empty or white-space prompt is refused before the network runs", "[tokenizer][prompt]") {
    const std::string message = "the prompt is empty or only white space: say what to segment, e.g. \"the largest lesion\"";
    CHECK(refusal("") == message);
    CHECK(refusal("   ") == message);
    CHECK(refusal("\t\n\r ") == message);
    CHECK(refusal("\xE3\x80\x80\xC2\xA0") == message);  // ideographic and no-break spaces
    CHECK(refusal("\x01\x7F") == message);              // control characters only
    CHECK(refusal("\xE2\x80\x8B") == message);          // a zero-width space
    CHECK(refusal(" all lesions ") == "accepted");
    CHECK(refusal("?") == "accepted");  // punctuation is read (and answered) as it is
}

TEST_CASE("prompt reading: a prompt longer than the network reads says where it was cut", "[tokenizer][prompt]") {
    // Twelve words, one word piece each.
    const std::string prompt = "the largest of all lesions in the right lobe of the liver";
    const PromptReading cut = readPrompt(bert(), prompt, 9);  // [CLS] + 7 + [SEP]
    CHECK(cut.pieces == 12);
    CHECK(cut.readPieces == 7);
    CHECK(cut.warning == "prompt cut: the model reads 7 word pieces and this prompt has 12, so the words from \"right\" on were not read");

    const PromptReading fits = readPrompt(bert(), prompt, 14);
    CHECK(fits.readPieces == 12);
    CHECK(fits.warning.empty());

    // A word cut between its pieces was not read: the warning names it.
    const std::size_t hypodense = bert().wordPieces("hypodense").size();
    REQUIRE(hypodense >= 2);
    const PromptReading mid = readPrompt(bert(), "all HYPODENSE lesions", 4);
    CHECK(mid.warning == "prompt cut: the model reads 2 word pieces and this prompt has " + std::to_string(hypodense + 2) +
                             ", so the words from \"hypodense\" on were not read");
}
