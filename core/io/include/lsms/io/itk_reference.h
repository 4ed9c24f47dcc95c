#pragma once
// ITK's own DICOM series reading (GDCMSeriesFileNames + ImageSeriesReader
// with GDCMImageIO), kept only as the peer our loader is benchmarked against.
#include "lsms/core/volume.h"

#include <filesystem>

namespace lsms {

// Reads the first series ITK finds in `dir`; returns the voxel count read.
std::size_t readSeriesWithItk(const std::filesystem::path& dir);

}  // namespace lsms

namespace lsms {
// Decodes one file with ITK's GDCMImageIO (an independent decoder used to
// cross-check ours in tests); values rescaled like ours.
CtVolume readImageWithItk(const std::filesystem::path& file);
}  // namespace lsms
