// A typed prompt through the WordPiece tokenizer (the shipped vocabulary) and
// the prompt reader, at the shipped network's length.
#include "fuzz_input.h"
#include "lsms/models/prompt_reading.h"
#include "lsms/models/tokenizer.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto tokenizer = lsms::models::WordPieceTokenizer::fromFile(LSMS_FUZZ_VOCAB);
    const std::string prompt(reinterpret_cast<const char*>(data), size);
    lsms::fuzz::refusalsOnly([&] { lsms::models::readPrompt(tokenizer, prompt, 24); });
    lsms::fuzz::refusalsOnly([&] { tokenizer.encode(prompt, 64); });
    return 0;
}
