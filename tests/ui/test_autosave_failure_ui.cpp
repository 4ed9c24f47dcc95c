// When autosave cannot write (disk full, folder gone), the viewer says so at
// once and keeps saying it until a write works again: a radiologist must not
// go on correcting lesions believing the work is kept.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "qt_app.h"
#include "support/series_fixture.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>

#include <catch2/catch.hpp>

#include <fstream>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;
namespace fs = std::filesystem;

TEST_CASE("a failing autosave shows a standing warning until a write works again", "[ui][recovery][reliability]") {
    ensureApp();
    TempDir root("ui-autosave-fail");
    const fs::path recovery = root.path() / "recovery";
    qputenv("LSMS_RECOVERY_DIR", QByteArray::fromStdString(recovery.string()));
    TempDir dir("ui-autosave-fail-ct");
    Geometry g;
    g.size = {40, 32, 8};
    g.spacing = {1.0, 1.0, 2.0};
    writeDicomSeries(CtVolume(g, 60.f), testMetadata("ui-autosave-fail"), dir.path());

    MainWindow w(nullptr);
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.path().string()));
    REQUIRE(loaded.wait(20000));
    Study& s = *w.study();
    auto* warning = w.findChild<QLabel*>("autosaveWarning");
    REQUIRE(warning);
    CHECK(s.autosaveError().isEmpty());
    CHECK_FALSE(warning->isVisibleTo(&w));
    // The recovery folder is made for this user alone.
    CHECK((fs::status(recovery).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);

    // The folder disappears and a file takes its name: nothing can be written there.
    fs::remove_all(recovery);
    std::ofstream(recovery) << "not a folder";
    QSignalSpy changed(&s, &Study::autosaveErrorChanged);
    const std::uint16_t a = s.addManualSegment("lesion");
    s.flushAutosave();
    REQUIRE((changed.count() > 0 || changed.wait(5000)));
    CHECK(s.autosaveError().contains(QString::fromStdString(recovery.string())));
    CHECK(warning->isVisibleTo(&w));
    CHECK(warning->text().contains("Autosave failing"));
    CHECK(warning->toolTip() == s.autosaveError());
    CHECK(s.segment(a));  // the work itself is untouched

    // The folder is back: the next change is autosaved and the warning goes.
    fs::remove(recovery);
    fs::create_directories(recovery);
    changed.clear();
    s.addManualSegment("second");
    s.flushAutosave();
    REQUIRE((changed.count() > 0 || changed.wait(5000)));
    CHECK(s.autosaveError().isEmpty());
    CHECK_FALSE(warning->isVisibleTo(&w));
    bool recoveryWritten = false;
    for (const auto& e : fs::directory_iterator(recovery)) recoveryWritten |= e.path().extension() == ".lsms-recovery";
    CHECK(recoveryWritten);
}
