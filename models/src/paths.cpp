#include "lsms/models/paths.h"

#include <cstdlib>

namespace lsms::models {

// Environment overrides let an installed or relocated binary find resources
// that are not where the build tree put them.
std::filesystem::path defaultModelPath() {
    if (const char* p = std::getenv("LSMS_MODEL")) return p;
    return LSMS_DEFAULT_MODEL_PATH;
}

std::filesystem::path defaultLiverModelPath() {
    if (const char* p = std::getenv("LSMS_LIVER_MODEL")) return p;
    return LSMS_DEFAULT_LIVER_MODEL_PATH;
}

std::filesystem::path defaultVocabPath() {
    if (const char* p = std::getenv("LSMS_VOCAB")) return p;
    return LSMS_DEFAULT_VOCAB_PATH;
}

}  // namespace lsms::models
