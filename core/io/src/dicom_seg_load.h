#pragma once
// Loading a DICOM-SEG with DCMTK's dcmseg, tolerating what real files get
// wrong (missing NumberOfFrames), and decoding its frames to 0/1 masks.
#include "lsms/io/dicom_seg.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

class DcmSegmentation;

namespace lsms::detail {

struct LoadedSeg {
    std::shared_ptr<DcmSegmentation> doc;
    SegInfo info;  // every field filled, voxel counts included
    // Frame f as 0/1 bytes, rows x columns, row by row (FRACTIONAL thresholded at 50 %).
    std::vector<std::uint8_t> mask(std::size_t frame) const;
};

LoadedSeg loadSeg(const std::filesystem::path& path);

}  // namespace lsms::detail
