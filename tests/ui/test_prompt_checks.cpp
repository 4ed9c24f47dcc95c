// The viewer's Run refuses what the network would answer wrongly without a
// word: an empty prompt, a series that is not CT (unless the user confirms),
// and says when the model reads only the start of a long prompt.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/prompt_panel.h"
#include "support/series_fixture.h"
#include "qt_app.h"
#include "threshold_engine.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTimer>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

CtVolume smallVolume() {
    Geometry g;
    g.size = {48, 48, 12};
    g.spacing = {2.0, 2.0, 3.0};
    CtVolume v(g, -1000.f);
    for (std::size_t k = 3; k < 9; ++k)
        for (std::size_t j = 16; j < 30; ++j)
            for (std::size_t i = 16; i < 30; ++i) v.set(i, j, k, 40.f);
    return v;
}

void openStudy(MainWindow& w, const std::filesystem::path& dir) {
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.string()));
    REQUIRE(loaded.wait(20000));
}

// Answers the next modal question box with `button`, recording its text.
void answerNextQuestion(QMessageBox::StandardButton button, QString* text) {
    QTimer::singleShot(50, [button, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) return answerNextQuestion(button, text);
        *text = box->text();
        box->button(button)->click();
    });
}

}  // namespace

TEST_CASE("an empty or white-space prompt does not run", "[ui][prompt]") {
    ensureApp();
    TempDir dir("ui-empty-prompt");
    writeDicomSeries(smallVolume(), testMetadata("ui-empty-prompt"), dir.path());
    auto engine = std::make_shared<ThresholdEngine>(20.f, 60.f, 1);
    MainWindow w(engine);
    openStudy(w, dir.path());
    for (const char* prompt : {"", "   ", "\t \n"}) {
        w.runPrompt(QString::fromUtf8(prompt));
        CHECK_FALSE(w.worker()->busy());
        CHECK(w.promptPanel()->message() == "Type a prompt or pick one from the list.");
    }
    CHECK(engine->lastFilterBySentence.load() == -1);  // the engine was never asked
    CHECK(w.study()->segments().empty());
}

TEST_CASE("a series that is not CT runs only when the user confirms", "[ui][prompt]") {
    ensureApp();
    TempDir dir("ui-mr");
    writeDicomSeries(smallVolume(), testMetadata("ui-mr", "MR"), dir.path());
    auto engine = std::make_shared<ThresholdEngine>(20.f, 60.f, 1);
    MainWindow w(engine);
    openStudy(w, dir.path());
    const QString why = "the series is MR, not CT: the network was trained on CT in Hounsfield units and its answer on other "
                        "images means nothing";

    QString asked;
    answerNextQuestion(QMessageBox::No, &asked);
    w.runPrompt("the lesion");
    CHECK(asked == why + ".\n\nSegment it anyway?");
    CHECK_FALSE(w.worker()->busy());
    CHECK(w.promptPanel()->message() == why + ": not segmented.");
    CHECK(engine->lastFilterBySentence.load() == -1);

    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    answerNextQuestion(QMessageBox::Yes, &asked);
    w.runPrompt("the lesion");
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    QApplication::processEvents();
    CHECK(w.study()->segments().size() == 1);
}

#ifdef LSMS_TEST_WITH_MODELS
TEST_CASE("a prompt longer than the model reads: the viewer says where it was cut", "[ui][prompt][model]") {
    ensureApp();
    TempDir dir("ui-long-prompt");
    writeDicomSeries(smallVolume(), testMetadata("ui-long-prompt"), dir.path());
    MainWindow w(std::shared_ptr<SegmentationEngine>(createModelEngine(defaultModelPath(), "cpu")));
    openStudy(w, dir.path());
    const QString note = "prompt cut: the model reads 22 word pieces and this prompt has 28, so the words from \"left\" on were "
                         "not read";
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    QSignalSpy failed(w.worker(), &SegmentationWorker::failed);
    w.runPrompt("all of the lesions that are in the right lobe of the liver and all of the lesions that are in the left lobe of "
                "the liver too");
    CHECK(w.promptPanel()->message().endsWith("\n" + note));
    REQUIRE((finished.count() > 0 || finished.wait(120000)));
    CHECK(failed.isEmpty());
    CHECK(w.promptPanel()->message().endsWith("\n" + note));  // with the answer, whatever it found

    // A prompt that fits has no note.
    QSignalSpy again(w.worker(), &SegmentationWorker::finished);
    w.runPrompt("all lesions");
    CHECK_FALSE(w.promptPanel()->message().contains("prompt cut"));
    REQUIRE((again.count() > 0 || again.wait(120000)));
    CHECK_FALSE(w.promptPanel()->message().contains("prompt cut"));
}
#endif
