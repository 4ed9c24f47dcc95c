// Leaving a study and exporting from it without losing or hiding anything:
// unsaved segments are asked about (Save / Discard / Cancel) before quitting
// or opening another study, unreviewed AI output is confirmed and marked in
// the DICOM-SEG, and a series without a Series Instance UID is autosaved too.
#include "lsms/core/edit/session.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/questions.h"
#include "qt_app.h"
#include "support/series_fixture.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QScreen>
#include <QSignalSpy>
#include <QTimer>

#include <catch2/catch.hpp>

#include <functional>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

CtVolume flatCt() {
    Geometry g;
    g.size = {40, 32, 10};
    g.spacing = {1.0, 1.0, 2.0};
    return CtVolume(g, 50.f);
}

void open(MainWindow& w, const fs::path& dir) {
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.string()));
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
}

// A segment with voxels, so there is work to lose.
std::uint16_t paintSomething(Study& s, const QString& name) {
    const std::uint16_t a = s.addManualSegment(name);
    edit::BrushShape shape;
    shape.radiusMm = 3.0;
    s.beginStroke(BrushMode::Paint, a, shape);
    s.strokeTo({20, 16, 5});
    s.endStroke();
    return a;
}

// Scripted answers that count how often each question was put.
struct Answers {
    UnsavedChoice unsaved = UnsavedChoice::Cancel;
    bool exportAnyway = false;
    QString sessionPath;
    int unsavedAsked = 0, exportAsked = 0;
    QStringList unreviewedNames;
    Questions questions() {
        Questions q;
        q.unsaved = [this](QWidget*, const QString&) {
            ++unsavedAsked;
            return unsaved;
        };
        q.exportUnreviewed = [this](QWidget*, const QStringList& names, int) {
            ++exportAsked;
            unreviewedNames = names;
            return exportAnyway;
        };
        q.sessionPath = [this](QWidget*, const QString&) { return sessionPath; };
        return q;
    }
};

// Answers the next modal message box with the button `pick` chooses, after
// saving a picture of the screen when LSMS_SCREENSHOT_DIR is set.
class ModalAnswer {
public:
    ModalAnswer(QString shotName, std::function<QAbstractButton*(QMessageBox*)> pick)
        : name_(std::move(shotName)), pick_(std::move(pick)) {
        QObject::connect(&poll_, &QTimer::timeout, [this] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || !box->isVisible()) return;
            poll_.stop();
            text = box->text() + "\n" + box->informativeText();
            for (auto* b : box->buttons()) buttons << b->text();
            const QByteArray dir = qgetenv("LSMS_SCREENSHOT_DIR");
            if (!dir.isEmpty()) {
                const QRect r = box->parentWidget() ? box->parentWidget()->window()->frameGeometry() : box->frameGeometry();
                QApplication::primaryScreen()->grabWindow(0, r.x(), r.y(), r.width(), r.height())
                    .save(QString::fromUtf8(dir) + "/" + name_ + ".png");
            }
            if (QAbstractButton* b = pick_(box)) b->click();
            else box->reject();
            answered = true;
        });
        poll_.start(50);
    }
    bool answered = false;
    QString text;
    QStringList buttons;

private:
    QString name_;
    std::function<QAbstractButton*(QMessageBox*)> pick_;
    QTimer poll_;
};

}  // namespace

TEST_CASE("quitting with unsaved segments asks, and Cancel loses nothing", "[ui][unsaved]") {
    ensureApp();
    TempDir dir("ui-quit");
    QApplication::setQuitOnLastWindowClosed(false);
    writeDicomSeries(flatCt(), testMetadata("ui-quit"), dir.path());
    TempDir out("ui-quit-out");
    MainWindow w(nullptr);
    Answers answers;
    w.setQuestions(answers.questions());
    w.show();
    open(w, dir.path());
    // Nothing changed: no question.
    CHECK_FALSE(w.study()->hasUnsavedChanges());
    CHECK(w.confirmLeaving("quit"));
    CHECK(answers.unsavedAsked == 0);

    const std::uint16_t a = paintSomething(*w.study(), "lesion");
    const LabelVolume painted = w.study()->labels();
    REQUIRE(w.study()->hasUnsavedChanges());

    answers.unsaved = UnsavedChoice::Cancel;
    CHECK_FALSE(w.close());
    CHECK(answers.unsavedAsked == 1);
    CHECK(w.isVisible());
    CHECK(w.study()->labels().data == painted.data);
    CHECK(w.study()->segment(a) != nullptr);

    // Save, but the file dialog is cancelled: still open, still unsaved.
    answers.unsaved = UnsavedChoice::Save;
    answers.sessionPath.clear();
    CHECK_FALSE(w.close());
    CHECK(w.isVisible());
    CHECK(w.study()->hasUnsavedChanges());

    // Save into a folder that does not exist: the error is shown, nothing closes.
    answers.sessionPath = QString::fromStdString((out.path() / "missing" / "x" / "s.lsms").string());
    CHECK_FALSE(w.close());
    CHECK(w.isVisible());
    CHECK(w.study()->hasUnsavedChanges());

    // Save for real: the session holds the segments and the window closes.
    const fs::path session = out.path() / "quit.lsms";
    answers.sessionPath = QString::fromStdString(session.string());
    CHECK(w.close());
    CHECK_FALSE(w.isVisible());
    const edit::Session saved = edit::loadSession(session);
    CHECK(saved.list.labels().data == painted.data);
    CHECK(saved.list.segments().size() == 1);
    CHECK_FALSE(w.study()->hasUnsavedChanges());
}

TEST_CASE("opening another study with unsaved segments asks first", "[ui][unsaved]") {
    TempDir recovery("ui-switch-rec");
    ensureApp();
    qputenv("LSMS_RECOVERY_DIR", QByteArray::fromStdString(recovery.path().string()));
    TempDir first("ui-switch-a"), second("ui-switch-b");
    writeDicomSeries(flatCt(), testMetadata("ui-switch-a"), first.path());
    writeDicomSeries(flatCt(), testMetadata("ui-switch-b"), second.path());
    MainWindow w(nullptr);
    Answers answers;
    w.setQuestions(answers.questions());
    w.show();
    open(w, first.path());
    const std::string firstKey = w.study()->recoveryKey();
    paintSomething(*w.study(), "work");
    const LabelVolume painted = w.study()->labels();
    w.study()->flushAutosave();
    REQUIRE(edit::hasRecovery(recovery.path(), firstKey));

    // Cancel: nothing is scanned or loaded, the work stays.
    answers.unsaved = UnsavedChoice::Cancel;
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(second.path().string()));
    CHECK(answers.unsavedAsked == 1);
    CHECK_FALSE(w.loading());
    QApplication::processEvents();
    CHECK(loaded.count() == 0);
    CHECK(w.study()->recoveryKey() == firstKey);
    CHECK(w.study()->labels().data == painted.data);
    CHECK(edit::hasRecovery(recovery.path(), firstKey));

    // Discard: the other study opens and the discarded work is not offered again.
    answers.unsaved = UnsavedChoice::Discard;
    open(w, second.path());
    CHECK(answers.unsavedAsked == 2);
    CHECK(w.study()->recoveryKey() != firstKey);
    CHECK(w.study()->segments().empty());
    CHECK_FALSE(edit::hasRecovery(recovery.path(), firstKey));
}

TEST_CASE("a series without a Series Instance UID is autosaved and offered back", "[ui][unsaved][recovery]") {
    TempDir recovery("ui-nouid-rec");
    ensureApp();
    qputenv("LSMS_RECOVERY_DIR", QByteArray::fromStdString(recovery.path().string()));
    TempDir dir("ui-nouid");
    SeriesMetadata m = testMetadata("ui-nouid");
    m.seriesInstanceUid.clear();
    writeDicomSeries(flatCt(), m, dir.path());
    LabelVolume before;
    std::string key;
    {
        MainWindow w(nullptr);
        open(w, dir.path());
        REQUIRE(w.study()->series().metadata.seriesInstanceUid.empty());
        key = w.study()->recoveryKey();
        CHECK_FALSE(key.empty());
        paintSomething(*w.study(), "no uid");
        w.study()->flushAutosave();
        before = w.study()->labels();
        CHECK(edit::hasRecovery(recovery.path(), key));
    }  // as after a crash: the window goes without being closed
    MainWindow w(nullptr);
    ModalAnswer yes("recovery-no-uid", [](QMessageBox* b) { return b->button(QMessageBox::Yes); });
    open(w, dir.path());
    CHECK(yes.answered);
    CHECK(w.study()->recoveryKey() == key);
    REQUIRE(w.study()->segments().size() == 1);
    CHECK(w.study()->segments()[0].name == "no uid");
    CHECK(w.study()->labels().data == before.data);
}

TEST_CASE("exporting unreviewed AI segments asks, and the SEG marks them", "[ui][unsaved][review]") {
    ensureApp();
    TempDir dir("ui-review");
    writeDicomSeries(flatCt(), testMetadata("ui-review"), dir.path());
    TempDir out("ui-review-out");
    MainWindow w(nullptr);
    Answers answers;
    w.setQuestions(answers.questions());
    open(w, dir.path());
    Study& s = *w.study();
    MaskVolume box(s.ct().geometry, 0);
    for (std::size_t k = 3; k < 6; ++k)
        for (std::size_t j = 10; j < 20; ++j)
            for (std::size_t i = 10; i < 20; ++i) box.at(i, j, k) = 1;
    const std::uint16_t ai = s.addAiSegment(box, "the largest lesion");
    const std::uint16_t manual = paintSomething(s, "drawn by hand");
    const fs::path file = out.path() / "seg.dcm";
    const QString path = QString::fromStdString(file.string());

    answers.exportAnyway = false;
    CHECK_FALSE(w.exportSegTo(path, {ai, manual}));
    CHECK(answers.exportAsked == 1);
    CHECK(answers.unreviewedNames == QStringList{"the largest lesion"});
    CHECK_FALSE(fs::exists(file));

    answers.exportAnyway = true;
    REQUIRE(w.exportSegTo(path, {ai, manual}));
    CHECK(answers.exportAsked == 2);
    SegInfo info = readDicomSeg(file);
    CHECK(info.seriesDescription == "LSMS lesion segmentation (NOT REVIEWED: 1 of 2 segments)");
    REQUIRE(info.segments.size() == 2);
    CHECK(info.segments[0].description == "NOT REVIEWED: the largest lesion");
    CHECK(info.segments[1].description.find("NOT REVIEWED") == std::string::npos);

    // Once reviewed, the export neither asks nor marks.
    edit::Segment reviewed = *s.segment(ai);
    reviewed.review = edit::ReviewStatus::Reviewed;
    s.updateSegment(reviewed);
    const fs::path clean = out.path() / "reviewed.dcm";
    REQUIRE(w.exportSegTo(QString::fromStdString(clean.string()), {ai, manual}));
    CHECK(answers.exportAsked == 2);
    info = readDicomSeg(clean);
    CHECK(info.seriesDescription == "LSMS lesion segmentation");
    CHECK(info.segments[0].description == "the largest lesion");
}

TEST_CASE("the real questions: the export box lists the segments, the quit box offers Save, Discard and Cancel", "[ui][unsaved][dialogs]") {
    ensureApp();
    TempDir dir("ui-boxes");
    QApplication::setQuitOnLastWindowClosed(false);
    writeDicomSeries(flatCt(), testMetadata("ui-boxes"), dir.path());
    TempDir out("ui-boxes-out");
    MainWindow w(nullptr);  // the default questions: message boxes
    w.resize(1200, 800);
    w.show();
    open(w, dir.path());
    Study& s = *w.study();
    MaskVolume box(s.ct().geometry, 0);
    for (std::size_t j = 10; j < 20; ++j)
        for (std::size_t i = 10; i < 20; ++i) box.at(i, j, 4) = 1;
    const std::uint16_t ai = s.addAiSegment(box, "all lesions in the right lobe");
    for (std::size_t v = 0; v < box.data.size(); ++v) box.data[v] = 0;
    for (std::size_t j = 22; j < 28; ++j)
        for (std::size_t i = 22; i < 28; ++i) box.at(i, j, 6) = 1;
    const std::uint16_t second = s.addAiSegment(box, "the smallest lesion");
    const std::uint16_t manual = paintSomething(s, "liver outline, drawn");
    const fs::path file = out.path() / "seg.dcm";
    {
        ModalAnswer anyway("export-unreviewed", [](QMessageBox* b) -> QAbstractButton* {
            for (auto* button : b->buttons())
                if (b->buttonRole(button) == QMessageBox::AcceptRole) return button;
            return nullptr;
        });
        CHECK(w.exportSegTo(QString::fromStdString(file.string()), {ai, second, manual}));
        CHECK(anyway.answered);
        CHECK(anyway.text.contains("2 of the 3 segments"));
        CHECK(anyway.text.contains("all lesions in the right lobe"));
        CHECK(anyway.text.contains("the smallest lesion"));
        CHECK_FALSE(anyway.text.contains("liver outline"));
        CHECK(anyway.buttons.contains("Export anyway"));
        CHECK(fs::exists(file));
    }
    {
        ModalAnswer cancel("quit-unsaved", [](QMessageBox* b) { return b->button(QMessageBox::Cancel); });
        CHECK_FALSE(w.close());
        CHECK(cancel.answered);
        CHECK(cancel.buttons.size() == 3);
        CHECK(w.isVisible());
        CHECK(s.segment(ai) != nullptr);
    }
    {
        ModalAnswer discard("quit-discard", [](QMessageBox* b) { return b->button(QMessageBox::Discard); });
        CHECK(w.close());
        CHECK(discard.answered);
    }
}
