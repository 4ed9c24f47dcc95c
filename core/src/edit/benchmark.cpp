#include "lsms/core/edit/benchmark.h"

#include "lsms/core/edit/autosave.h"
#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/editor.h"
#include "lsms/core/edit/interpolate.h"
#include "lsms/core/edit/islands.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <iomanip>
#include <random>
#include <vector>

namespace lsms::edit {

namespace {
using Clock = std::chrono::steady_clock;
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
// The process's peak resident memory (VmHWM), in bytes; 0 if unknown.
// resetPeak() sets it back to the current resident size (Linux clear_refs 5).
void resetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }
std::size_t residentBytes(const char* key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0) return std::size_t(std::stoull(line.substr(std::string(key).size()))) * 1024;
    return 0;
}
std::size_t peakResidentBytes() { return residentBytes("VmHWM:"); }
}  // namespace

void runEditBenchmark(std::ostream& out) {
    Geometry g;
    g.size = {512, 512, 300};
    g.spacing = {0.7, 0.7, 1.0};
    Editor editor{SegmentList(g)};
    std::uint16_t lesion = 0, other = 0;
    {
        Edit e = editor.begin("segments");
        lesion = e.addSegment(Segment{0, "lesion"});
        other = e.addSegment(Segment{0, "fill"});
        editor.commit(e);
    }
    out << std::fixed << std::setprecision(3);
    out << "grid 512 x 512 x 300, 0.7 x 0.7 x 1.0 mm (synthetic labels)\n";

    // Brush: 100 strokes of 20 dabs each, one undo step per stroke.
    std::mt19937 rng(1);
    std::vector<double> dab;
    const std::size_t bytesBefore = editor.history().bytesUsed();
    for (int s = 0; s < 100; ++s) {
        Edit e = editor.begin("stroke");
        const double k = double(rng() % 300);
        Vec3 c{double(60 + rng() % 390), double(60 + rng() % 390), k};
        for (int d = 0; d < 20; ++d) {
            c = {std::clamp(c[0] + double(int(rng() % 9) - 4), 0.0, 511.0), std::clamp(c[1] + double(int(rng() % 9) - 4), 0.0, 511.0), k};
            const auto t0 = Clock::now();
            paintDab(e, lesion, c, {10.0});
            dab.push_back(ms(Clock::now() - t0));
        }
        editor.commit(e);
    }
    std::sort(dab.begin(), dab.end());
    out << "brush dab, 10 mm disc: median " << dab[dab.size() / 2] << " ms, p99 " << dab[dab.size() * 99 / 100]
        << " ms, max " << dab.back() << " ms (goal <= 2 ms)\n";
    out << "undo memory: " << double(editor.history().bytesUsed() - bytesBefore) / 100.0 / 1024.0
        << " KiB per stroke (20 dabs)\n";

    // Islands: the strokes above are scattered islands on many slices.
    {
        Edit e = editor.begin("islands");
        const auto t0 = Clock::now();
        const std::size_t removed = keepLargestIsland(e, lesion);
        const double t = ms(Clock::now() - t0);
        const auto t1 = Clock::now();
        editor.commit(e);
        out << "keep largest island: " << t << " ms (" << removed << " voxels removed), commit "
            << ms(Clock::now() - t1) << " ms\n";
    }
    // Fill between: discs of 40 mm on every 10th slice from 50 to 250.
    {
        Edit e = editor.begin("drawn slices");
        for (int k = 50; k <= 250; k += 10) paintDab(e, other, {256, 256, double(k)}, {40.0 - (k % 20)}, false);
        editor.commit(e);
        Edit f = editor.begin("fill between");
        const auto t0 = Clock::now();
        const std::size_t filled = fillBetweenSlices(f, other);
        const double t = ms(Clock::now() - t0);
        editor.commit(f);
        out << "fill between slices (21 drawn, 180 filled): " << t << " ms (" << filled << " voxels)\n";
    }
    {
        const auto t0 = Clock::now();
        editor.undo();
        out << "undo of fill between: " << ms(Clock::now() - t0) << " ms\n";
    }
    // Islands of a segment as large as an organ: an ellipsoid filling 43 % of
    // the grid, pierced by a regular pattern of one-voxel holes (many runs per
    // row, as a thresholded segment has), with 300 small cubes around it.
    {
        Edit e = editor.begin("organ");
        const std::uint16_t organ = e.addSegment(Segment{0, "organ"});
        for (std::size_t k = 0; k < 300; ++k)
            for (std::size_t j = 0; j < 512; ++j)
                for (std::size_t i = 0; i < 512; ++i) {
                    const double x = (double(i) - 256) / 240, y = (double(j) - 256) / 240, z = (double(k) - 150) / 140;
                    const std::size_t n = i + 512 * (j + 512 * k);
                    if (x * x + y * y + z * z <= 1 && n % 37 != 0) e.set(n, organ);
                }
        for (int c = 0; c < 300; ++c) {
            const std::size_t i0 = rng() % 500, j0 = rng() % 500, k0 = rng() % 290;
            for (std::size_t k = k0; k < k0 + 3; ++k)
                for (std::size_t j = j0; j < j0 + 3; ++j)
                    for (std::size_t i = i0; i < i0 + 3; ++i) {
                        const std::size_t n = i + 512 * (j + 512 * k);
                        if (e.labels().data[n] == 0) e.set(n, organ);
                    }
        }
        editor.commit(e);
        const std::size_t voxels = std::size_t(std::count(editor.list().labels().data.begin(), editor.list().labels().data.end(), organ));
        out << "organ-sized segment: " << voxels << " voxels\n";
        auto timed = [&](const char* what, auto&& tool) {
            Edit t = editor.begin(what);
            resetPeak();
            const std::size_t peakBefore = residentBytes("VmRSS:");
            const auto t0 = Clock::now();
            const std::size_t changed = tool(t);
            const double took = ms(Clock::now() - t0);
            const std::size_t extra = peakResidentBytes() > peakBefore ? peakResidentBytes() - peakBefore : 0;
            editor.commit(t);
            out << "  " << what << ": " << took << " ms, " << changed << ", peak memory +"
                << double(extra) / (1024.0 * 1024.0) << " MiB (goal <= 300 ms, <= 50 MB)\n";
            editor.undo();
        };
        timed("keep largest island (voxels removed)", [&](Edit& t) { return keepLargestIsland(t, organ); });
        timed("remove islands under 50 mm3 (voxels removed)", [&](Edit& t) { return removeSmallIslands(t, organ, 50.0); });
        timed("split islands (new segments)", [&](Edit& t) { return splitIslands(t, organ).size(); });
    }
    // The autosave writer's copy of these labels (strokes, the fill undone).
    {
        const auto t0 = Clock::now();
        Autosaver saver(std::filesystem::temp_directory_path() / "lsms-bench-autosave", "2.25.1", editor.list(),
                        std::chrono::hours(1));
        out << "autosave copy of the labels: " << double(saver.copyBytes()) / (1024.0 * 1024.0) << " MiB (a plain copy: "
            << double(editor.list().labels().data.size() * 2) / (1024.0 * 1024.0) << " MiB), made in " << ms(Clock::now() - t0)
            << " ms\n";
    }
    std::filesystem::remove_all(std::filesystem::temp_directory_path() / "lsms-bench-autosave");
    out << "undo history: " << editor.history().undoCount() << " steps, "
        << double(editor.history().bytesUsed()) / (1024.0 * 1024.0) << " MiB\n";
}

}  // namespace lsms::edit
