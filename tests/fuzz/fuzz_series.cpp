// A series assembled from several headers: the input is split at "LSMS"
// into up to 8 files of one folder, scanned as one study, and loaded.
#include "fuzz_input.h"
#include "lsms/io/dicom_series.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto dir = lsms::fuzz::scratch() / "series";
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir);
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    for (int n = 0; n < 8 && start <= all.size(); ++n) {
        std::size_t end = all.find("LSMS", start);
        if (end == std::string_view::npos || n == 7) end = all.size();
        const auto part = all.substr(start, end - start);
        std::ofstream(dir / ("slice" + std::to_string(n) + ".dcm"), std::ios::binary).write(part.data(), std::streamsize(part.size()));
        start = end + 4;
    }
    lsms::fuzz::refusalsOnly([&] {
        const lsms::ScanResult scan = lsms::scanDicom(dir, 1);
        for (const auto& s : scan.series)
            if (s.problem.empty()) lsms::loadSeries(s, {}, 1);
    });
    return 0;
}
