#include "lsms/models/prompt_reading.h"

#include "lsms/core/error.h"

#include <algorithm>

namespace lsms::models {

PromptReading readPrompt(const WordPieceTokenizer& tokenizer, const std::string& prompt, std::size_t maxLength) {
    if (maxLength < 2) throw InputError("maximum token length must be at least 2");
    const std::vector<std::string> words = tokenizer.basicTokens(prompt);
    if (words.empty()) throw InputError("the prompt is empty or only white space: say what to segment, e.g. \"the largest lesion\"");
    PromptReading r;
    const std::size_t room = maxLength - 2;
    const std::string* firstLeftOut = nullptr;
    for (const auto& w : words) {
        const std::size_t n = tokenizer.wordPieces(w).size();
        // A word cut between its pieces counts as left out.
        if (!firstLeftOut && r.pieces + n > room) firstLeftOut = &w;
        r.pieces += n;
    }
    r.readPieces = std::min(r.pieces, room);
    if (firstLeftOut)
        r.warning = "prompt cut: the model reads " + std::to_string(room) + " word pieces and this prompt has " +
                    std::to_string(r.pieces) + ", so the words from \"" + *firstLeftOut + "\" on were not read";
    return r;
}

}  // namespace lsms::models
