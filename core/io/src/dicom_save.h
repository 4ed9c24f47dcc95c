#pragma once
// Writing a DICOM object so that a reader never sees half of it (private to lsms_io).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/ofstd/ofcond.h>

#include <filesystem>
#include <functional>

namespace lsms::detail {

// Calls save(temporary path) for a hidden name next to `out`, then renames it
// to `out`; creates out's folder. Throws IoError (and leaves no temporary
// file) when saving or renaming fails.
void saveAtomically(const std::filesystem::path& out, const std::function<OFCondition(const char* path)>& save);

}  // namespace lsms::detail
