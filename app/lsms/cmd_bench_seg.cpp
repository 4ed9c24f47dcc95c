// lsms bench seg: DICOM-SEG export and import at clinical size (512x512x300,
// 3 lesion segments), the two steps a reader waits for in the viewer.
// The study is a synthetic phantom written to a temporary folder.
#include "args.h"
#include "commands.h"
#include "timing.h"

#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/dicom_writer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <set>
#include <thread>

#include <unistd.h>

namespace fs = std::filesystem;

namespace lsms::cli {

namespace {

// Removed however the benchmark ends: it holds ~150 MiB of DICOM.
struct ScratchDir {
    fs::path path = fs::temp_directory_path() / ("lsms-bench-seg-" + std::to_string(::getpid()));
    ScratchDir() {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

int cmdBenchSeg(const Argv& argv) {
    Args args(argv, {"repeat", "seed", "slices", "size"}, {});
    args.expectPositionals(0, 0, "lsms bench seg [--repeat N] [--seed N] [--size N] [--slices N]");
    const int repeat = int(args.integer("repeat", 3));
    if (repeat < 1) throw InputError("--repeat must be >= 1");
    phantom::PhantomOptions o;
    o.seed = std::uint64_t(args.integer("seed", 11));
    o.columns = o.rows = int(args.integer("size", 512));
    o.slices = int(args.integer("slices", 300));
    o.pixelSpacingMm = 0.75;
    o.sliceThicknessMm = 1.0;
    o.lesionCount = 3;
    if (o.columns < 16 || o.slices < 2) throw InputError("--size must be >= 16 and --slices >= 2");

    ScratchDir scratch;
    phantom::Phantom ph = phantom::generatePhantom(o);
    writeDicomSeries(ph.ct, ph.metadata, scratch.path / "dicom");
    const SeriesInfo series = scanDicom(scratch.path / "dicom").series.at(0);
    if (!series.problem.empty()) throw InputError("phantom series did not load: " + series.problem);
    // The loader orders slices along the normal; the labels must follow it.
    LabelVolume labels(series.geometry, 0);
    for (std::size_t k = 0; k < series.geometry.size[2]; ++k) {
        const Vec3 q = ph.labels.geometry.worldToIndex(series.geometry.indexToWorld({0, 0, double(k)}));
        const auto ks = std::size_t(std::lround(q[2]));
        std::copy(ph.labels.slice(ks), ph.labels.slice(ks) + series.geometry.sliceVoxels(), labels.slice(k));
    }
    std::set<std::uint16_t> values(labels.data.begin(), labels.data.end());
    values.erase(0);
    std::vector<SegmentSpec> specs;
    for (std::uint16_t v : values) {
        SegmentSpec s;
        s.labelValue = v;
        s.label = "Lesion " + std::to_string(v);
        s.algorithmName = "LSMS";
        specs.push_back(s);
    }
    const auto& g = series.geometry;
    std::cout << "study: " << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << " (synthetic phantom, seed " << o.seed << "), "
              << specs.size() << " segment(s); " << std::thread::hardware_concurrency() << " hardware threads; median of "
              << repeat << "\n";

    std::vector<double> exportS, importS;
    fs::path seg;
    for (int r = 0; r < repeat; ++r) {
        seg = scratch.path / ("seg" + std::to_string(r) + ".dcm");
        exportS.push_back(seconds([&] { writeDicomSeg(series, labels, specs, seg); }));
    }
    SegImport imported;
    for (int r = 0; r < repeat; ++r) importS.push_back(seconds([&] { imported = importDicomSegOnto(seg, series); }));

    std::size_t voxels = 0;
    for (auto n : imported.voxelCounts) voxels += n;
    std::cout << "SEG: " << imported.info.frames.size() << " frames, " << voxels << " voxels set, " << fs::file_size(seg) / 1024
              << " KiB\n";
    std::cout << "export (writeDicomSeg)       " << median(exportS) << " s  (min " << *std::min_element(exportS.begin(), exportS.end())
              << ")\n";
    std::cout << "import (importDicomSegOnto)  " << median(importS) << " s  (min " << *std::min_element(importS.begin(), importS.end())
              << ")\n";
    return 0;
}

}  // namespace lsms::cli
