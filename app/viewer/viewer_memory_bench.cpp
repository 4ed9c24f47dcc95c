#include "viewer_memory_bench.h"

#include "process_memory.h"

#include "lsms/ui/segmentation_worker.h"
#include "lsms/ui/view3d.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <iostream>
#include <string>

namespace lsms::app {

namespace {

double mib(std::size_t kib) { return double(kib) / 1024.0; }

// 100 strokes of 20 dabs, 5 mm brush, spread over the middle of the volume:
// each stroke paints the answer's segment, so its undo, autosave delta and 3D
// surface all do their work.
struct StrokeTimes {
    double totalMs = 0, worstMs = 0, worstSurfaceMs = 0;
};

StrokeTimes paintStrokes(ui::MainWindow& window, std::uint16_t label) {
    StrokeTimes times;
    ui::Study& study = *window.study();
    const auto& g = study.ct().geometry;
    edit::BrushShape shape;
    shape.radiusMm = 5.0;
    QElapsedTimer all;
    all.start();
    for (int s = 0; s < 100; ++s) {
        QElapsedTimer t;
        t.start();
        const double k = double(g.size[2]) * (0.2 + 0.6 * (s % 10) / 10.0);
        const double j = double(g.size[1]) * (0.3 + 0.04 * (s / 10));
        study.beginStroke(ui::BrushMode::Paint, label, shape);
        for (int d = 0; d < 20; ++d) study.strokeTo({double(g.size[0]) * 0.35 + 2.0 * d, j, k});
        study.endStroke();
        QApplication::processEvents();
        times.worstMs = std::max(times.worstMs, double(t.nsecsElapsed()) / 1e6);
        times.worstSurfaceMs = std::max(times.worstSurfaceMs, window.view3d()->lastSurfaceUpdateMs());
    }
    times.totalMs = double(all.nsecsElapsed()) / 1e6;
    return times;
}

void report(ui::MainWindow& window, std::size_t openKiB, std::size_t answerKiB, const QString& answer, const StrokeTimes& strokes) {
    ui::Study& study = *window.study();
    study.flushAutosave();
    const std::size_t peakKiB = statusKiB("VmHWM:");
    const auto& g = study.ct().geometry;
    const double voxels = double(g.voxelCount());
    const double ctMiB = double(study.ct().data.bytes()) / (1 << 20), labelMiB = voxels * 2 / (1 << 20);
    const double budget = memoryGoalMiB(voxels);
    std::cout << "memory benchmark: " << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << ", CT "
              << (study.ct().data.isInt16() ? "int16 " : "float32 ") << ctMiB << " MiB, labels " << labelMiB << " MiB\n";
    std::cout << "peak, study open              " << mib(openKiB) << " MiB\n";
    std::cout << "peak, after the model's answer " << mib(answerKiB) << " MiB (" << answer.toStdString() << ")\n";
    std::cout << "100 brush strokes             " << strokes.totalMs << " ms (slowest " << strokes.worstMs
              << " ms with its redraws; slowest 3D surface update " << strokes.worstSurfaceMs << " ms), autosave "
              << (study.autosaveError().isEmpty() ? "written" : "FAILED: " + study.autosaveError().toStdString()) << "\n";
    std::cout << "peak resident memory          " << mib(peakKiB) << " MiB; budget 1.6 x int16 CT + labels + 200 MiB = "
              << budget << " MiB: " << (mib(peakKiB) <= budget ? "met" : "NOT met") << "\n";
    study.markSaved();  // the benchmark's segments: nothing to ask about at quit
    QApplication::quit();
}

}  // namespace

void runViewerMemoryBench(ui::MainWindow& window) {
    const std::size_t openKiB = statusKiB("VmHWM:");
    auto* worker = window.worker();
    auto done = std::make_shared<bool>(false);
    auto onAnswer = [&window, openKiB, done](const QString& answer) {
        if (*done) return;
        *done = true;
        // After the window has taken the answer as a segment.
        QTimer::singleShot(0, &window, [&window, openKiB, answer] {
            const std::size_t answerKiB = statusKiB("VmHWM:");
            ui::Study& study = *window.study();
            const std::uint16_t label = study.segments().empty() ? study.addManualSegment("painted") : study.segments().back().label;
            const StrokeTimes strokes = paintStrokes(window, label);
            report(window, openKiB, answerKiB, answer, strokes);
        });
    };
    QObject::connect(worker, &ui::SegmentationWorker::finished, &window,
                     [onAnswer](const QString&, std::shared_ptr<MaskVolume>, const QString& note) {
                         onAnswer(note.isEmpty() ? QString("answer added") : note);
                     });
    QObject::connect(worker, &ui::SegmentationWorker::failed, &window,
                     [onAnswer](const QString& message) { onAnswer("the model failed: " + message); });
    window.runPrompt("the largest lesion");
}

}  // namespace lsms::app
