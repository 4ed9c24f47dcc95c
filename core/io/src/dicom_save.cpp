#include "dicom_save.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"

namespace fs = std::filesystem;

namespace lsms::detail {

void saveAtomically(const fs::path& out, const std::function<OFCondition(const char* path)>& save, bool durable) {
    writeFileAtomically(
        out,
        [&](const fs::path& tmp) {
            const OFCondition saved = save(tmp.c_str());
            if (saved.bad()) throw IoError(saved.text());
            return true;
        },
        {.durable = durable, .createFolder = true});
}

}  // namespace lsms::detail
