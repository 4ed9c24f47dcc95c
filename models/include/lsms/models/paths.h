#pragma once
// Where the shipped resources live: $LSMS_RESOURCE_DIR; else, installed,
// <prefix>/share/lsms-viewer beside the running binary's <prefix>/bin; else
// (a build-tree binary only) the source tree's resources/.
#include <filesystem>

namespace lsms::models {

std::filesystem::path resourceDir();

// resources/models/lsms-default.pt: the shipped LSMS weights.
std::filesystem::path defaultModelPath();
// resources/models/liver-coarse.pt: LSMS v2's coarse (liver) pass.
std::filesystem::path defaultLiverModelPath();
// resources/text/bert-base-uncased-vocab.txt: the WordPiece vocabulary.
std::filesystem::path defaultVocabPath();

}  // namespace lsms::models
