#pragma once
// NIfTI-1 images (.nii or .nii.gz). DICOM LPS geometry is converted to NIfTI
// RAS (qform and sform) on write and back on read.
#include "lsms/core/volume.h"

#include <filesystem>

namespace lsms {

void writeNifti(const LabelVolume& volume, const std::filesystem::path& file);
void writeNifti(const MaskVolume& volume, const std::filesystem::path& file);
void writeNifti(const CtVolume& volume, const std::filesystem::path& file);
LabelVolume readNiftiLabels(const std::filesystem::path& file);
CtVolume readNiftiCt(const std::filesystem::path& file);

}  // namespace lsms
