// Reading with the keyboard and trusting the texts: after Run the keys go to
// the views (single-key shortcuts are not typed into the prompt) and the
// completion list closes; no text outlives what it describes (a tool's
// result after undo, the progress bar after Cancel); a routine overlapping
// reconstruction is a note in the series information, not a warning box.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/prompt_panel.h"
#include "lsms/ui/tools_panel.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"
#include "threshold_engine.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTest>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

bool warningBoxShown(MainWindow& w) {
    for (auto* box : w.findChildren<QMessageBox*>())
        if (box->isVisible()) return true;
    return false;
}

}  // namespace

TEST_CASE("after Run the keys go to the views and the completion list closes", "[ui][focus]") {
    ensureApp();
    TempDir dir("ui-focus");
    writeDicomSeries(smallCt(), testMetadata("ui-focus"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(20.f, 60.f, 0));
    w.show();
    w.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&w));
    openStudy(w, dir.path());

    QLineEdit* edit = w.promptPanel()->promptEdit();
    edit->setFocus();
    QTest::keyClicks(edit, "all lesions");
    REQUIRE(w.promptPanel()->completionVisible());  // "all lesions" matches preset prompts
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    QTest::keyClick(edit, Qt::Key_Return);
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    // The closed list's window-system events (re-activating the window,
    // which once handed the keys back to the prompt) all arrive first.
    for (int i = 0; i < 3; ++i) {
        QGuiApplication::sync();
        QApplication::processEvents();
    }
    CHECK_FALSE(w.promptPanel()->completionVisible());
    QWidget* focus = w.focusWidget();
    CHECK(focus == w.view(Axis::Axial));

    // A single-letter shortcut (O: overlays) works and is not typed into the prompt.
    REQUIRE(w.study()->overlaysVisible());
    QTest::keyClick(focus, Qt::Key_O);
    CHECK(edit->text() == "all lesions");
    CHECK_FALSE(w.study()->overlaysVisible());

    // The view the user worked in last gets the keys back.
    w.view(Axis::Coronal)->setFocus();
    QApplication::processEvents();
    edit->setFocus();
    w.runPrompt("the lesion");
    REQUIRE((finished.count() > 1 || finished.wait(20000)));
    CHECK(w.focusWidget() == w.view(Axis::Coronal));

    // An empty prompt does not run: the cursor stays in the prompt to type one.
    edit->setFocus();
    w.runPrompt("  ");
    CHECK(w.focusWidget() == edit);
}

TEST_CASE("after Cancel the progress bar empties", "[ui][messages]") {
    ensureApp();
    TempDir dir("ui-cancel-bar");
    writeDicomSeries(smallCt(), testMetadata("ui-cancel-bar"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(20.f, 60.f, 80));
    w.show();
    openStudy(w, dir.path());
    QSignalSpy progress(w.worker(), &SegmentationWorker::progress);
    QSignalSpy cancelled(w.worker(), &SegmentationWorker::cancelled);
    w.runPrompt("all lesions");
    REQUIRE((progress.count() > 0 || progress.wait(5000)));
    QApplication::processEvents();
    CHECK(w.promptPanel()->progressText().contains("slices"));  // it did show progress
    w.worker()->cancel();
    REQUIRE((cancelled.count() > 0 || cancelled.wait(5000)));
    QApplication::processEvents();
    CHECK(w.promptPanel()->progressText().isEmpty());
    CHECK(w.promptPanel()->message().contains("Cancelled"));
}

TEST_CASE("undo clears the texts that described the undone step", "[ui][messages]") {
    ensureApp();
    TempDir dir("ui-stale");
    writeDicomSeries(smallCt(), testMetadata("ui-stale"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(20.f, 60.f, 0));
    w.show();
    openStudy(w, dir.path());
    Study& s = *w.study();

    // A prompt's answer.
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    w.runPrompt("the cyst");
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    QApplication::processEvents();
    REQUIRE(w.promptPanel()->message().contains("800 voxels"));
    REQUIRE(s.undo());
    CHECK_FALSE(w.promptPanel()->message().contains("800 voxels"));
    CHECK(w.statusText().startsWith("Undone: LSMS: the cyst"));

    // A tool's result.
    const std::uint16_t a = s.addManualSegment("two pieces");
    s.applyTool("two islands", [&](edit::Edit& e) {
        e.set(s.labels().index(5, 5, 5), a);
        e.set(s.labels().index(40, 40, 5), a);
    });
    s.setActiveLabel(a);
    w.toolsPanel()->action("splitIslands")->trigger();
    REQUIRE(w.toolsPanel()->lastMessage().contains("Split into 1 new segment"));
    REQUIRE(s.undo());
    CHECK(w.toolsPanel()->lastMessage().isEmpty());
    CHECK(w.statusText() == "Undone: split islands");
    REQUIRE(s.redo());
    CHECK(w.statusText() == "Redone: split islands");
}

TEST_CASE("an overlapping reconstruction is a note in the series information, not a warning", "[ui][messages]") {
    ensureApp();
    TempDir dir("ui-overlap");
    Geometry g;
    g.size = {32, 32, 12};
    g.spacing = {1.0, 1.0, 2.0};
    SeriesWriteOptions options;
    options.sliceThicknessMm = 3.0;  // 3 mm slices every 2 mm
    writeDicomSeries(CtVolume(g, 40.f), testMetadata("ui-overlap"), dir.path(), options);
    MainWindow w(nullptr);
    w.show();
    openStudy(w, dir.path());
    QApplication::processEvents();
    const SeriesInfo& series = w.study()->series();
    CHECK(series.warnings.empty());
    REQUIRE(series.notes.size() == 1);
    CHECK(series.notes[0] == "overlapping reconstruction: 3.00 mm slices every 2.00 mm");
    CHECK_FALSE(warningBoxShown(w));
    CHECK(w.statusText().contains("overlapping reconstruction: 3.00 mm slices every 2.00 mm"));
}
