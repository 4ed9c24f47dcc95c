#pragma once
// A phantom written to disk as a study: DICOM CT series + ground truth.
//   DIR/dicom/CT0001.dcm ...   the CT series
//   DIR/labels.nii.gz          lesion id per voxel (same grid as the CT)
//   DIR/liver.nii.gz           liver mask
//   DIR/truth.json             lesions with kind, centre, volume, HU, diameter, lobe, segment
#include "lsms/core/phantom.h"

#include <filesystem>
#include <vector>

namespace lsms {

void writePhantomStudy(const phantom::Phantom& phantom, const std::filesystem::path& dir);

struct PhantomTruth {
    std::uint64_t seed = 0;
    std::vector<phantom::LesionTruth> lesions;
};
PhantomTruth readTruthJson(const std::filesystem::path& file);

}  // namespace lsms
