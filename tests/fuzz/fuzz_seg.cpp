// A DICOM-SEG from anywhere: its description, then its segments on its own grid.
#include "fuzz_input.h"
#include "lsms/io/dicom_seg.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = lsms::fuzz::writeInput(data, size, "seg.dcm");
    lsms::fuzz::refusalsOnly([&] { lsms::readDicomSeg(file); });
    lsms::fuzz::refusalsOnly([&] { lsms::segmentsToLabels(lsms::importDicomSegOwnGrid(file)); });
    return 0;
}
