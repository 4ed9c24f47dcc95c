#pragma once
// Where the shipped resources live (set at configure time from resources/).
#include <filesystem>

namespace lsms::models {

// resources/models/lsms-default.pt: the shipped LSMS weights.
std::filesystem::path defaultModelPath();
// resources/models/liver-coarse.pt: LSMS v2's coarse (liver) pass.
std::filesystem::path defaultLiverModelPath();
// resources/text/bert-base-uncased-vocab.txt: the WordPiece vocabulary.
std::filesystem::path defaultVocabPath();

}  // namespace lsms::models
