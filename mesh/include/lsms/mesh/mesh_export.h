#pragma once
// Segment surfaces as mesh files (STL or OBJ), one per segment, for 3D
// printing, surgical planning and other viewers. Vertices are LPS millimetres
// (DICOM patient coordinates): neither format carries units or a frame, so
// this is stated once here and in the STL header.
#include "lsms/core/volume.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace lsms::mesh {

enum class MeshFormat { Stl, Obj };

// "stl" or "obj" (case-insensitive); anything else is an lsms::InputError.
MeshFormat meshFormatFromString(const std::string& text);

// The file a segment is written to: "<label>_<name with unsafe characters replaced>.<ext>".
std::filesystem::path meshFileName(std::uint16_t label, const std::string& name, MeshFormat format);

// Writes the smoothed surface of each label in `labelsAndNames` to `dir`
// (created if missing), triangles wound outwards. Checks everything before
// writing anything: an empty segment or an existing file is an
// lsms::InputError / lsms::IoError and no file is written. Each file is
// written under a temporary name and renamed. Returns the files in order.
std::vector<std::filesystem::path> exportMeshes(const LabelVolume& labels,
                                                const std::vector<std::pair<std::uint16_t, std::string>>& labelsAndNames,
                                                const std::filesystem::path& dir, MeshFormat format);

}  // namespace lsms::mesh
