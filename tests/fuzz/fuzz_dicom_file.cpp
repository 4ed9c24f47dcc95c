// One DICOM file: header scan, then pixel decode of what the scan accepts.
#include "fuzz_input.h"
#include "lsms/io/dicom_series.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = lsms::fuzz::writeInput(data, size, "image.dcm");
    lsms::fuzz::refusalsOnly([&] {
        const lsms::ScanResult scan = lsms::scanDicom(file, 1);
        for (const auto& s : scan.series)
            if (s.problem.empty()) lsms::loadSeries(s, {}, 1);
    });
    return 0;
}
