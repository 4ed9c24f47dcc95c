#pragma once
// Exports for sharing: the DICOM objects are written first into a private
// scratch folder (0700, removed afterwards) and only their de-identified
// copies (lsms/io/deidentify.h) reach the chosen paths, so no identifiable
// version ever lies under the name the user will share.
#include "lsms/io/deidentify.h"

#include <filesystem>
#include <functional>
#include <vector>

namespace lsms::workflow {

// Calls write(scratch) with a fresh private folder; then each file it names
// in `files` (scratch-relative -> final path) is de-identified under `options`
// into its final path. Throws what write and deidentifyFile throw; the scratch
// folder is removed in every case.
void writeDeidentified(const std::function<void(const std::filesystem::path& scratch)>& write,
                       const std::vector<std::pair<std::filesystem::path, std::filesystem::path>>& files,
                       const DeidentifyOptions& options);

}  // namespace lsms::workflow
