// A NIfTI-1 file read as labels and as CT.
#include "fuzz_input.h"
#include "lsms/io/nifti_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = lsms::fuzz::writeInput(data, size, "image.nii");
    lsms::fuzz::refusalsOnly([&] { lsms::readNiftiLabels(file); });
    lsms::fuzz::refusalsOnly([&] { lsms::readNiftiCt(file); });
    return 0;
}
