// The viewer under Xvfb: opening studies, running a prompt on the worker
// thread, cancelling, overlays in 2D and 3D, the series browser.
#include "lsms/core/error.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/prompt_panel.h"
#include "lsms/ui/series_browser.h"
#include "support/series_fixture.h"
#include "qt_app.h"
#include "small_study.h"
#include "threshold_engine.h"

#include <QApplication>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

TEST_CASE("open a study, run a prompt on the worker thread, see it in 2D and 3D", "[ui]") {
    ensureApp();
    TempDir dir("ui-run");
    writeDicomSeries(smallCt(), testMetadata("ui-run"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(20.f, 60.f, 10));
    w.show();
    openStudy(w, dir.path());
    REQUIRE(w.study()->ct().geometry.size[2] == 24);

    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    QSignalSpy progress(w.worker(), &SegmentationWorker::progress);
    w.runPrompt("the hypodense lesion");
    // The event loop keeps running while the worker segments: wait() spins it.
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    CHECK(progress.count() >= 10);
    QApplication::processEvents();
    REQUIRE(w.study()->segments().size() == 1);
    CHECK(w.study()->segments()[0].name == "the hypodense lesion");
    CHECK(w.segmentList()->count() == 1);
    // The crosshair jumped onto the new segment, so every view shows it.
    const Vec3 at = w.study()->cursor();
    CHECK((at[0] >= 20 && at[0] < 30 && at[1] >= 24 && at[1] < 34 && at[2] >= 8 && at[2] < 16));
    CHECK(w.study()->labels().at(std::size_t(at[0]), std::size_t(at[1]), std::size_t(at[2])) != 0);
    CHECK_FALSE(w.study()->focusOn(999));  // no such segment: the crosshair stays
    CHECK(w.study()->cursor() == at);

    // Axial view at the lesion's slice shows the segment colour blended over
    // the lesion pixel, and plain grey outside it.
    SliceView* axial = w.view(Axis::Axial);
    w.study()->setCursor({25, 28, 12});
    QApplication::processEvents();
    const QImage img = axial->sliceImage();
    const QRgb in = img.pixel(25, 28), out = img.pixel(45, 45);
    const QColor c = Study::colour(w.study()->segments()[0]);
    CHECK(qRed(out) == qGreen(out));
    CHECK(qGreen(out) == qBlue(out));
    CHECK(std::abs(qRed(in) - qGreen(in)) > 20);  // tinted, not grey
    CHECK((qRed(in) > qBlue(in)) == (c.red() > c.blue()));
    // Hiding overlays gives grey back.
    w.study()->setOverlaysVisible(false);
    QApplication::processEvents();
    const QRgb hidden = axial->sliceImage().pixel(25, 28);
    CHECK(qRed(hidden) == qGreen(hidden));

    // The 3D view has drawn the surface: segment-coloured pixels exist.
    w.study()->setOverlaysVisible(true);
    w.view3d()->setPlanesVisible(false);
    const QImage img3d = w.view3d()->renderedImage();
    REQUIRE(!img3d.isNull());
    int coloured = 0;
    for (int y = 0; y < img3d.height(); ++y)
        for (int x = 0; x < img3d.width(); ++x) {
            const QColor p = img3d.pixelColor(x, y);
            if (p.red() > 120 && p.red() > p.blue() + 60 && p.red() > p.green() + 60) ++coloured;
        }
    CHECK(coloured > 50);
}

TEST_CASE("the prompt panel's word filter and edge choice reach the engine", "[ui]") {
    ensureApp();
    TempDir dir("ui-filter");
    writeDicomSeries(smallCt(), testMetadata("ui-filter"), dir.path());
    auto engine = std::make_shared<ThresholdEngine>(20.f, 60.f, 1);
    MainWindow w(engine);
    openStudy(w, dir.path());
    CHECK(w.promptPanel()->request().filterBySentence);  // on by default
    CHECK(w.promptPanel()->request().edgesOnCt);
    for (bool on : {false, true}) {
        w.promptPanel()->setFilterBySentence(on);
        w.promptPanel()->setEdgesOnCt(!on);
        QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
        w.runPrompt("all cysts");
        REQUIRE((finished.count() > 0 || finished.wait(20000)));
        CHECK(engine->lastFilterBySentence == int(on));
        CHECK(engine->lastEdgesOnCt == int(!on));
    }
}

TEST_CASE("cancelling a run mid-way leaves the segment list unchanged", "[ui]") {
    ensureApp();
    TempDir dir("ui-cancel");
    writeDicomSeries(smallCt(), testMetadata("ui-cancel"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(20.f, 60.f, 80));
    w.show();
    openStudy(w, dir.path());
    QSignalSpy progress(w.worker(), &SegmentationWorker::progress);
    QSignalSpy cancelled(w.worker(), &SegmentationWorker::cancelled);
    w.runPrompt("all lesions");
    REQUIRE((progress.count() > 0 || progress.wait(5000)));
    w.worker()->cancel();
    QElapsedTimer t;
    t.start();
    REQUIRE((cancelled.count() > 0 || cancelled.wait(5000)));
    CHECK(t.elapsed() < 500);
    QApplication::processEvents();
    CHECK(w.study()->segments().empty());
    CHECK(w.segmentList()->count() == 0);
}

TEST_CASE("an empty answer adds nothing and says it does not rule a lesion out", "[ui]") {
    ensureApp();
    TempDir dir("ui-empty");
    writeDicomSeries(smallCt(), testMetadata("ui-empty"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(5000.f, 6000.f, 0));  // no voxel in range
    w.show();
    openStudy(w, dir.path());
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    w.runPrompt("the smallest lesion");
    // The engine answers at once: the signal may come before wait() starts.
    REQUIRE((finished.count() > 0 || finished.wait(5000)));
    QApplication::processEvents();
    CHECK(w.study()->segments().empty());
    CHECK(w.promptPanel()->message().contains("does not mean there is no such lesion"));
}

TEST_CASE("a later prompt keeps its lesion whole and says which segment gave voxels", "[ui]") {
    ensureApp();
    TempDir dir("ui-later");
    writeDicomSeries(smallCt(), testMetadata("ui-later"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(20.f, 60.f, 0));  // the 10x10x8 'lesion' cube
    w.show();
    openStudy(w, dir.path());
    // An earlier answer holding the whole liver block, lesion included.
    MaskVolume liver(w.study()->ct().geometry, 0);
    for (std::size_t v = 0; v < liver.data.size(); ++v) liver.data[v] = w.study()->ct().data[v] > 0.f;
    const std::uint16_t all = w.study()->addAiSegment(liver, "all lesions");
    const std::size_t allVoxels = w.study()->editor().list().voxelCount(all);
    REQUIRE(allVoxels > 800);

    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    w.runPrompt("the cyst");  // the overwrite box is off
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    QApplication::processEvents();
    REQUIRE(w.study()->segments().size() == 2);
    const std::uint16_t cyst = w.study()->segments()[1].label;
    CHECK(w.study()->editor().list().voxelCount(cyst) == 800);
    CHECK(w.study()->editor().list().voxelCount(all) == allVoxels - 800);
    const QString message = w.promptPanel()->message();
    CHECK(message.contains("(800 voxels)"));
    CHECK(message.contains("took 800 voxels from \u201call lesions\u201d"));
}

TEST_CASE("a model failure shows a message, never a crash", "[ui]") {
    ensureApp();
    TempDir dir("ui-nomodel");
    writeDicomSeries(smallCt(), testMetadata("ui-nomodel"), dir.path());
    MainWindow w(nullptr);
    w.show();
    openStudy(w, dir.path());
    QSignalSpy failed(w.worker(), &SegmentationWorker::failed);
    w.runPrompt("the largest lesion");
    REQUIRE(failed.count() == 1);
    CHECK(w.study()->segments().empty());
    CHECK_THROWS_AS(createModelEngine("/nonexistent/model.pt"), ModelError);
}

TEST_CASE("a folder with two series shows the series browser", "[ui]") {
    ensureApp();
    TempDir dir("ui-two");
    writeDicomSeries(smallCt(), testMetadata("ui-two-a"), dir.path() / "a");
    writeDicomSeries(smallCt(), testMetadata("ui-two-b"), dir.path() / "b");
    MainWindow w(nullptr);
    w.show();
    QSignalSpy choice(&w, &MainWindow::seriesChoiceNeeded);
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    int rows = 0;
    // The browser is modal: pick the second row once it is up.
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (auto* b = qobject_cast<SeriesBrowser*>(QApplication::activeModalWidget())) {
            rows = b->table()->rowCount();
            b->table()->selectRow(1);
            b->accept();
            poll.stop();
        }
    });
    poll.start(50);
    w.openPath(QString::fromStdString(dir.path().string()));
    REQUIRE(loaded.wait(20000));
    CHECK(choice.count() == 1);
    CHECK(rows == 2);
    CHECK(w.study()->series().metadata.seriesInstanceUid == uidFromKey("ui-two-bseries"));
}

TEST_CASE("a folder without DICOM gives a message and keeps the open study", "[ui]") {
    ensureApp();
    TempDir good("ui-keep");
    writeDicomSeries(smallCt(), testMetadata("ui-keep"), good.path());
    TempDir bad("ui-bad");
    MainWindow w(nullptr);
    w.show();
    openStudy(w, good.path());
    QSignalSpy failed(&w, &MainWindow::loadFailed);
    w.openPath(QString::fromStdString(bad.path().string()));
    REQUIRE(failed.wait(10000));
    CHECK(w.study()->hasVolume());
    CHECK(w.study()->ct().geometry.size[2] == 24);
}
