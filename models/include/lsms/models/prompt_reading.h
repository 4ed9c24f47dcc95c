#pragma once
// What a network reading at most `maxLength` tokens ([CLS] and [SEP]
// included) makes of a prompt, known before it runs.
#include "lsms/models/tokenizer.h"

#include <cstddef>
#include <string>

namespace lsms::models {

struct PromptReading {
    std::size_t pieces = 0;      // word pieces of the whole prompt
    std::size_t readPieces = 0;  // of those, the ones the network reads
    std::string warning;         // non-empty when the prompt was cut
};

// Throws InputError for a prompt without a word (empty, white space or
// control characters only): the network would answer a sentence nobody
// wrote. A longer prompt than the network reads gets a warning naming the
// first word it left out.
PromptReading readPrompt(const WordPieceTokenizer& tokenizer, const std::string& prompt, std::size_t maxLength);

}  // namespace lsms::models
