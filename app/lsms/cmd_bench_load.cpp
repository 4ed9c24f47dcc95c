// lsms bench load DIR: our loader vs ITK's series reader vs reading the bytes,
// measured in the same run so the ratios hold on a shared, noisy machine.
#include "args.h"
#include "commands.h"
#include "timing.h"

#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/itk_reference.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include <sys/resource.h>

namespace lsms::cli {

namespace {

std::size_t readAllBytes(const std::vector<std::filesystem::path>& files) {
    std::size_t total = 0;
    std::vector<char> buf(1 << 20);
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        while (in.read(buf.data(), std::streamsize(buf.size())) || in.gcount() > 0) total += std::size_t(in.gcount());
    }
    return total;
}

}  // namespace

int cmdBenchLoad(const Argv& argv) {
    Args args(argv, {"repeat"}, {});
    args.expectPositionals(1, 1, "lsms bench load DIR [--repeat N]");
    const std::filesystem::path dir = args.positionals()[0];
    const int repeat = int(args.integer("repeat", 3));
    if (repeat < 1) throw InputError("--repeat must be >= 1");

    const ScanResult first = scanDicom(dir);
    std::vector<std::filesystem::path> files;
    for (const auto& s : first.series.front().slices)
        if (!s.path.empty()) files.push_back(s.path);
    const std::size_t bytes = readAllBytes(files);  // warms the page cache
    const auto& g = first.series.front().geometry;
    std::cout << "series: " << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << ", " << files.size() << " files, "
              << bytes / (1 << 20) << " MiB; " << std::thread::hardware_concurrency() << " hardware threads; median of "
              << repeat << " runs\n";

    // Peak memory of our loader alone, before ITK runs in this process: the
    // volume should be allocated once, plus per-thread slice buffers.
    double peakMiB = 0, volumeMiB = 0, beforeMiB = 0;
    {
        rusage before{};
        getrusage(RUSAGE_SELF, &before);
        beforeMiB = double(before.ru_maxrss) / 1024.0;
        const ScanResult scan = scanDicom(dir);
        const CtVolume v = loadSeries(scan.series.front());
        volumeMiB = double(v.data.bytes()) / (1 << 20);
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        peakMiB = double(ru.ru_maxrss) / 1024.0;
    }
    std::vector<double> tRaw, tOurs, tItk, tScan;
    std::size_t voxels = 0;
    for (int r = 0; r < repeat; ++r) {
        tRaw.push_back(seconds([&] { readAllBytes(files); }));
        tOurs.push_back(seconds([&] {
            const auto t0 = std::chrono::steady_clock::now();
            const ScanResult scan = scanDicom(dir);
            tScan.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            voxels = loadSeries(scan.series.front()).data.size();
        }));
        tItk.push_back(seconds([&] {
            if (readSeriesWithItk(dir) != voxels) throw Error("ITK read a different number of voxels");
        }));
    }
    const double raw = median(tRaw), ours = median(tOurs), itk = median(tItk);
    std::cout << "read bytes (page cache)     " << raw * 1000 << " ms\n";
    std::cout << "lsms scan+load              " << ours * 1000 << " ms (scan " << median(tScan) * 1000 << " ms)\n";
    std::cout << "ITK GDCM series reader      " << itk * 1000 << " ms\n";
    std::cout << "lsms peak memory            " << peakMiB << " MiB for a " << volumeMiB << " MiB volume ("
              << beforeMiB << " MiB before loading: the program and the byte read)\n";
    std::cout << "ratio ITK / lsms            " << itk / ours << "  (goal >= 1)\n";
    std::cout << "ratio lsms / read bytes     " << ours / raw << "  (goal <= 2)\n";
    return 0;
}

}  // namespace lsms::cli
