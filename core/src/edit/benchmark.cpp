#include "lsms/core/edit/benchmark.h"

#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/editor.h"
#include "lsms/core/edit/interpolate.h"
#include "lsms/core/edit/islands.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <random>
#include <vector>

namespace lsms::edit {

namespace {
using Clock = std::chrono::steady_clock;
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
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
    out << "undo history: " << editor.history().undoCount() << " steps, "
        << double(editor.history().bytesUsed()) / (1024.0 * 1024.0) << " MiB\n";
}

}  // namespace lsms::edit
