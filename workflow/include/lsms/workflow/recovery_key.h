#pragma once
// The name a series' autosave (recovery file) is kept under. Normally its
// Series Instance UID. A series without one (anonymisers and some exports
// drop it) still needs autosave, so it gets a key made from what identifies
// it on disk: a 2.25 UID hashed (uidFromKey) from its study and series
// attributes, its grid, and per slice the SOP Instance UID and position, or
// the file's absolute path when no slice has a SOP Instance UID. The same
// files give the same key in every session; another series of the same
// scan differs by description, number, grid or instance UIDs.
#include "lsms/io/dicom_series.h"

#include <string>

namespace lsms::workflow {

std::string recoveryKey(const SeriesInfo& series);

}  // namespace lsms::workflow
