#pragma once
// Writing a DICOM object so that a reader never sees half of it (private to lsms_io).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/ofstd/ofcond.h>

#include <filesystem>
#include <functional>

namespace lsms::detail {

// Calls save(temporary path) through writeFileAtomically (lsms/core/atomic_file.h):
// `out` is the previous file or the whole new one; creates out's folder.
void saveAtomically(const std::filesystem::path& out, const std::function<OFCondition(const char* path)>& save,
                    bool durable = true);

}  // namespace lsms::detail
