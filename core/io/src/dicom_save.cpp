#include "dicom_save.h"

#include "lsms/core/error.h"

namespace fs = std::filesystem;

namespace lsms::detail {

void saveAtomically(const fs::path& out, const std::function<OFCondition(const char* path)>& save) {
    std::error_code ec;
    if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
    const fs::path tmp = (out.has_parent_path() ? out.parent_path() : fs::path(".")) / ("." + out.filename().string() + ".tmp");
    const OFCondition saved = save(tmp.c_str());
    if (saved.bad()) {
        fs::remove(tmp, ec);
        throw IoError("cannot write " + out.string() + ": " + saved.text());
    }
    fs::rename(tmp, out, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw IoError("cannot write " + out.string() + ": " + ec.message());
    }
}

}  // namespace lsms::detail
