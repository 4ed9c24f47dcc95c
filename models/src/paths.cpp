#include "lsms/models/paths.h"

#include <cstdlib>
#include <system_error>

namespace fs = std::filesystem;

namespace lsms::models {

fs::path resourceDir() {
    if (const char* p = std::getenv("LSMS_RESOURCE_DIR")) return p;
    // Installed: <prefix>/bin/<program> reads <prefix>/<datadir>/lsms-viewer,
    // wherever the prefix was moved to.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    const fs::path installed = ec ? fs::path(LSMS_INSTALL_DATA_DIR) : exe.parent_path().parent_path() / LSMS_INSTALL_DATA_DIR;
#ifdef LSMS_BUILD_TREE_RESOURCE_DIR
    // A build-tree binary reads the source tree's resources/; a package build
    // has no source path compiled in.
    if (!fs::is_directory(installed / "models", ec)) return LSMS_BUILD_TREE_RESOURCE_DIR;
#endif
    return installed;
}

// The per-file overrides come first, so a test or a user can swap one model
// without moving the others.
fs::path defaultModelPath() {
    if (const char* p = std::getenv("LSMS_MODEL")) return p;
    return resourceDir() / "models" / "lsms-default.pt";
}

fs::path defaultLiverModelPath() {
    if (const char* p = std::getenv("LSMS_LIVER_MODEL")) return p;
    return resourceDir() / "models" / "liver-coarse.pt";
}

fs::path defaultVocabPath() {
    if (const char* p = std::getenv("LSMS_VOCAB")) return p;
    return resourceDir() / "text" / "bert-base-uncased-vocab.txt";
}

}  // namespace lsms::models
