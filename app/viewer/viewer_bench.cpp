#include "viewer_bench.h"

#include "process_memory.h"

#include "lsms/io/nifti_io.h"
#include "lsms/ui/slice_renderer.h"

#include <QApplication>

#include <algorithm>
#include <fstream>
#include <string>
#include <iostream>
#include <vector>

namespace lsms::app {

void runViewerBench(ui::MainWindow& window, const std::filesystem::path& demoDir, const QElapsedTimer& sinceLaunch) {
    const double firstImageMs = double(sinceLaunch.nsecsElapsed()) / 1e6;
    const std::size_t loadedKiB = statusKiB("VmHWM:");  // the study open, before any segment
    const std::size_t truthKiB = std::size_t(double(window.study()->ct().data.size()) * 2 / 1024);  // held by the bench
    ui::Study& study = *window.study();
    // The truth labels are the bench's own input: reading them (through ITK, as
    // float) costs ~10 bytes a voxel for a moment, which is not the viewer's.
    const LabelVolume truth = readNiftiLabels(demoDir / "labels.nii.gz");
    std::ofstream("/proc/self/clear_refs") << "5";  // the peak from here on: the viewer's work
    std::uint16_t maxId = 0;
    for (auto v : truth.data) maxId = std::max(maxId, v);
    QElapsedTimer t;
    double surfaceMs = 0;
    for (std::uint16_t id = 1; id <= maxId; ++id) {
        MaskVolume m(study.ct().geometry, 0);
        for (std::size_t v = 0; v < m.data.size(); ++v) m.data[v] = truth.data[v] == id;
        t.start();
        study.addAiSegment(m, QString("ground-truth lesion %1").arg(id));
        QApplication::processEvents();
        surfaceMs = window.view3d()->lastSurfaceUpdateMs();
    }
    // A brush stroke on one segment among them: only its surface is rebuilt.
    std::vector<double> strokeSurface;
    if (!study.segments().empty()) {
        const std::uint16_t label = study.segments().back().label;
        const auto& g = study.ct().geometry;
        edit::BrushShape shape;
        shape.radiusMm = 5.0;
        study.beginStroke(ui::BrushMode::Paint, label, shape);
        for (int d = 0; d < 10; ++d) {
            study.strokeTo({double(g.size[0]) / 2 + d, double(g.size[1]) / 2, double(g.size[2]) / 2});
            QApplication::processEvents();
            strokeSurface.push_back(window.view3d()->lastSurfaceUpdateMs());
        }
        study.endStroke();
        QApplication::processEvents();
        study.undo();
        QApplication::processEvents();
    }
    // Redraw of axial slices through the lesions, overlays on, both fill and outline.
    std::vector<double> fill, outline;
    const int n = int(study.ct().geometry.size[2]);
    for (int pass = 0; pass < 2; ++pass) {
        study.setOutlineMode(pass == 1);
        for (int k = 0; k < n; k += std::max(1, n / 60)) {
            t.start();
            const QImage img = ui::renderSlice(study, ui::Axis::Axial, k, {60, 400});
            (pass == 0 ? fill : outline).push_back(double(t.nsecsElapsed()) / 1e6);
        }
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    const auto& g = study.ct().geometry;
    std::cout << "viewer benchmark on " << demoDir.string() << ": " << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << ", " << maxId
              << " segment(s)\n";
    std::cout << "launch to first image        " << firstImageMs << " ms (includes DICOM scan and load)\n";
    std::cout << "axial redraw, filled overlay " << median(fill) << " ms median of " << fill.size() << " (goal <= 5 ms)\n";
    std::cout << "axial redraw, outline        " << median(outline) << " ms median of " << outline.size() << "\n";
    std::cout << "3D surface update (last run) " << surfaceMs << " ms (after adding a segment)\n";
    std::cout << "3D surface update per dab    " << median(strokeSurface) << " ms median of " << strokeSurface.size()
              << " dabs of a stroke on one segment (goal <= 100 ms)\n";
    // Peak resident memory of the whole run (study, segments, surfaces, autosave, the model loaded).
    const std::size_t peakKiB = statusKiB("VmHWM:");
    const double voxels = double(g.size[0]) * double(g.size[1]) * double(g.size[2]);
    const double ctMiB = double(study.ct().data.bytes()) / (1 << 20), labelMiB = voxels * 2 / (1 << 20);
    const double budgetMiB = memoryGoalMiB(voxels), ownMiB = double(peakKiB - truthKiB) / 1024.0;
    std::cout << "peak memory, study open      " << double(loadedKiB) / 1024.0
              << " MiB (before the segments; the liver pass may still run)\n";
    std::cout << "peak resident memory         " << double(peakKiB) / 1024.0 << " MiB while segments are added and edited ("
              << double(truthKiB) / 1024.0 << " MiB of it the bench's own truth labels; CT "
              << (study.ct().data.isInt16() ? "int16 " : "float32 ") << ctMiB << " MiB, labels " << labelMiB << " MiB)\n";
    std::cout << "peak less the truth labels   " << ownMiB << " MiB; budget 1.6 x int16 CT + labels + 200 MiB = " << budgetMiB
              << " MiB: " << (ownMiB <= budgetMiB ? "met" : "NOT met") << "\n";
    study.markSaved();  // the benchmark's segments: nothing to ask about at quit
    QApplication::quit();
}

}  // namespace lsms::app
