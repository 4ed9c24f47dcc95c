// Correcting masks in the viewer: brush strokes as undo steps, locks, and
// recovery of autosaved segments when a study is reopened.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "qt_app.h"
#include "support/series_fixture.h"

#include <QApplication>
#include <QAbstractButton>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTimer>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {
std::size_t count(const LabelVolume& l, std::uint16_t label) {
    std::size_t n = 0;
    for (auto v : l.data) n += v == label;
    return n;
}

CtVolume flatCt() {
    Geometry g;
    g.size = {48, 40, 12};
    g.spacing = {1.0, 1.0, 2.0};
    return CtVolume(g, 50.f);
}

void open(MainWindow& w, const std::filesystem::path& dir) {
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.string()));
    REQUIRE(loaded.wait(20000));
}
}  // namespace

TEST_CASE("a brush stroke is one undo step, and the eraser and locks behave", "[ui][edit]") {
    TempDir recovery("ui-edit-rec");
    ensureApp();
    qputenv("LSMS_RECOVERY_DIR", QByteArray::fromStdString(recovery.path().string()));
    TempDir dir("ui-edit");
    writeDicomSeries(flatCt(), testMetadata("ui-edit"), dir.path());
    MainWindow w(nullptr);
    open(w, dir.path());
    Study& s = *w.study();
    const std::uint16_t a = s.addManualSegment("manual");
    edit::BrushShape shape;
    shape.radiusMm = 3.0;
    s.beginStroke(BrushMode::Paint, a, shape);
    for (double i = 10; i <= 30; i += 2) s.strokeTo({i, 20, 5});
    s.endStroke();
    const std::size_t painted = count(s.labels(), a);
    CHECK(painted > 100);
    CHECK(count(s.labels(), 0) + painted == s.labels().data.size());
    // Only slice 5 was painted.
    for (std::size_t k = 0; k < 12; ++k)
        if (k != 5) CHECK(std::count(s.labels().slice(k), s.labels().slice(k) + 48 * 40, a) == 0);

    // The eraser needs a segment to erase from unless asked to erase all.
    CHECK_THROWS_AS(s.beginStroke(BrushMode::Erase, 0, shape), edit::EditError);
    CHECK_FALSE(s.stroking());
    s.beginStroke(BrushMode::Erase, a, shape);
    s.strokeTo({20, 20, 5});
    s.endStroke();
    const std::size_t afterErase = count(s.labels(), a);
    CHECK(afterErase < painted);
    CHECK(s.undo());
    CHECK(count(s.labels(), a) == painted);
    CHECK(s.undo());
    CHECK(count(s.labels(), a) == 0);
    CHECK(s.redo());
    CHECK(count(s.labels(), a) == painted);

    // A locked segment cannot be painted into or erased.
    edit::Segment locked = *s.segment(a);
    locked.locked = true;
    s.updateSegment(locked);
    CHECK_THROWS(s.beginStroke(BrushMode::Paint, a, shape));
    CHECK_THROWS(s.beginStroke(BrushMode::Erase, a, shape));
    s.setEraseAllUnlocked(true);
    s.beginStroke(BrushMode::Erase, 0, shape);
    s.strokeTo({20, 20, 5});
    s.endStroke();
    CHECK(count(s.labels(), a) == painted);
    s.setEraseAllUnlocked(false);
    // An AI result does not overwrite it either.
    MaskVolume all(s.ct().geometry, 1);
    const std::uint16_t ai = s.addAiSegment(all, "all lesions", /*overwriteOthers=*/true);
    CHECK(count(s.labels(), a) == painted);
    CHECK(count(s.labels(), ai) == s.labels().data.size() - painted);
}

TEST_CASE("reopening a study offers the autosaved segments and restores them", "[ui][edit][recovery]") {
    TempDir recovery("ui-recover");
    ensureApp();
    qputenv("LSMS_RECOVERY_DIR", QByteArray::fromStdString(recovery.path().string()));
    TempDir dir("ui-recover-study");
    writeDicomSeries(flatCt(), testMetadata("ui-recover"), dir.path());
    LabelVolume before;
    {
        MainWindow w(nullptr);
        open(w, dir.path());
        Study& s = *w.study();
        const std::uint16_t a = s.addManualSegment("kept");
        edit::BrushShape shape;
        shape.radiusMm = 4.0;
        s.beginStroke(BrushMode::Paint, a, shape);
        s.strokeTo({24, 20, 6});
        s.endStroke();
        s.flushAutosave();
        before = s.labels();
    }  // the window goes away without an explicit save
    MainWindow w(nullptr);
    bool asked = false;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            asked = true;
            box->button(QMessageBox::Yes)->click();
            poll.stop();
        }
    });
    poll.start(50);
    open(w, dir.path());
    CHECK(asked);
    REQUIRE(w.study()->segments().size() == 1);
    CHECK(w.study()->segments()[0].name == "kept");
    CHECK(w.study()->labels().data == before.data);
}
