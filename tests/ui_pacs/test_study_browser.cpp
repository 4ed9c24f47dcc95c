// The viewer with a real Orthanc started by the test: a PACS is set up and
// tested in the settings dialog (its password kept out of the file), the
// study browser finds a study there, retrieves and opens it, finds it again
// in the local study list, and a SEG drawn on it goes back to the PACS,
// with a PACS that went away said in one line and the SEG kept.
#include "pacs/orthanc_server.h"
#include "support/run_command.h"
#include "support/series_fixture.h"
#include "ui/qt_app.h"
#include "ui/small_study.h"

#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/pacs_passwords.h"
#include "lsms/ui/pacs_settings.h"
#include "lsms/ui/study_browser.h"
#include "lsms/workflow/pacs_server.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

void shoot(QWidget* w, const char* name) {
    if (const QByteArray shot = qgetenv("LSMS_SCREENSHOT_DIR"); !shot.isEmpty()) {
        QDir().mkpath(QString::fromLocal8Bit(shot));
        QTest::qWait(200);
        REQUIRE(w->grab().save(QString::fromLocal8Bit(shot) + "/" + name));
    }
}

SeriesInfo sendStudy(const OrthancServer& pacs, const fs::path& dir, const std::string& key) {
    Geometry g;
    g.size = {160, 128, 24};
    g.spacing = {2.5, 2.5, 3.0};
    auto meta = testMetadata(key);
    meta.patientName = "PACS^TEST";
    meta.seriesDescription = "Abdomen portal venous 3 mm";
    writeDicomSeries(abdomenLike(g), meta, dir);
    sendWithStorescu(pacs, dir);
    return scanDicom(dir).series.at(0);
}

workflow::PacsServer orthanc(const OrthancServer& pacs) {
    workflow::PacsServer s;
    s.name = "Orthanc";
    s.peer = pacs.peer();
    return s;
}

// The signal may have come before wait() starts: a count already past `before` counts.
void waitFor(QSignalSpy& spy, int before) { REQUIRE((spy.count() > before || spy.wait(30000))); }

std::string slurp(const fs::path& f) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a PACS is added, tested and saved in the settings dialog, its password kept out of the file",
          "[ui][pacs][orthanc]") {
    ensureApp();
    OrthancServer pacs;
    TempDir dir("ui-pacs-settings");
    const fs::path file = dir.path() / "pacs-servers.json";
    PacsSettings dialog(file);
    dialog.show();
    REQUIRE(QTest::qWaitForWindowExposed(&dialog));
    CHECK(dialog.list()->count() == 0);

    dialog.addServer();
    REQUIRE(dialog.list()->count() == 1);
    dialog.name()->setText("Orthanc");
    dialog.host()->setText("127.0.0.1");
    dialog.port()->setValue(pacs.dicomPort());
    dialog.calledAe()->setText("WRONG-AE");
    dialog.callingAe()->setText("LSMS");
    QSignalSpy tested(&dialog, &PacsSettings::tested);
    dialog.testConnection();
    REQUIRE(tested.wait(30000));
    CHECK_THAT(dialog.message().toStdString(), Contains("refused the association") && Contains("WRONG-AE"));
    dialog.calledAe()->setText("ORTHANC");
    dialog.testConnection();
    REQUIRE(tested.wait(30000));
    CHECK(dialog.message() == "Orthanc answered.");

    // A DICOMweb server beside it: URL and user saved, the password not.
    dialog.addServer();
    dialog.name()->setText("Research archive");
    dialog.protocol()->setCurrentIndex(1);
    CHECK_FALSE(dialog.host()->isEnabled());
    CHECK(dialog.url()->isEnabled());
    dialog.url()->setText("https://archive.example.org/dicom-web");
    dialog.user()->setText("reader");
    dialog.password()->setText("pw-never-in-file");
    CHECK(dialog.list()->item(1)->text() == "Research archive");  // the list follows the name
    shoot(&dialog, "viewer-pacs-settings.png");

    // A wrong field keeps the dialog and names it.
    const QString url = dialog.url()->text();
    dialog.url()->setText("archive.example.org");
    CHECK_FALSE(dialog.save());
    CHECK_THAT(dialog.message().toStdString(), Contains("http:// or https://"));
    CHECK_FALSE(fs::exists(file));
    dialog.url()->setText(url);
    REQUIRE(dialog.save());
    CHECK(slurp(file).find("pw-never-in-file") == std::string::npos);
    CHECK(knownPassword("Research archive") == "pw-never-in-file");  // for this run

    PacsSettings again(file);
    REQUIRE(again.list()->count() == 2);
    CHECK(again.list()->item(0)->text() == "Orthanc");
    CHECK(again.port()->value() == pacs.dicomPort());
    again.list()->setCurrentRow(1);
    CHECK(again.url()->text() == url);
    CHECK(again.user()->text() == "reader");
    again.removeServer();
    REQUIRE(again.save());
    REQUIRE(workflow::loadServers(file).size() == 1);
    forgetPassword("Research archive");
}

TEST_CASE("the study browser finds a study on Orthanc, retrieves and opens it, finds it in the study list, and a SEG goes back",
          "[ui][pacs][orthanc]") {
    ensureApp();
    OrthancServer pacs;
    TempDir sent("ui-pacs-sent");
    const SeriesInfo original = sendStudy(pacs, sent.path(), "ui-pacs");
    workflow::PacsServer wrong = orthanc(pacs);
    wrong.name = "Wrong AE";
    wrong.peer.calledAe = "NOT-ORTHANC";
    workflow::saveServers(workflow::defaultServersFile(), {orthanc(pacs), wrong});

    MainWindow w(nullptr);
    w.resize(1400, 900);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.openStudyBrowser();
    StudyBrowser* b = w.studyBrowser();
    REQUIRE(b != nullptr);
    REQUIRE(b->source()->count() == 3);  // the local list and the two servers
    QSignalSpy finished(b, &StudyBrowser::finished);

    // A PACS that refuses is one line in the browser.
    b->source()->setCurrentIndex(2);
    b->search();
    waitFor(finished, 0);
    CHECK_THAT(b->message().toStdString(), Contains("refused the association"));
    CHECK(b->studies()->rowCount() == 0);

    b->source()->setCurrentIndex(1);
    b->patientId()->setText(QString::fromStdString(original.metadata.patientId));
    int before = finished.count();
    b->search();
    waitFor(finished, before);
    REQUIRE(b->studies()->rowCount() == 1);
    CHECK(b->studies()->item(0, 0)->text() == "PACS^TEST");
    CHECK(b->message() == "1 stud(ies) found on Orthanc.");
    before = finished.count();
    b->studies()->selectRow(0);
    waitFor(finished, before);
    REQUIRE(b->series()->rowCount() == 1);
    CHECK(b->series()->item(0, 0)->text() == "CT");
    CHECK(b->series()->item(0, 2)->text() == "24");
    CHECK(b->series()->selectionModel()->isRowSelected(0, {}));  // the CT series is chosen for the reader
    CHECK(b->retrieveButton()->isEnabled());
    CHECK(b->retrieveButton()->text() == "&Retrieve series and open");
    b->resize(1100, 560);
    shoot(b, "viewer-study-browser.png");

    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    b->retrieveAndOpen();
    REQUIRE(loaded.wait(60000));
    CHECK(w.study()->series().metadata.seriesInstanceUid == original.metadata.seriesInstanceUid);
    CHECK(w.study()->ct().data == loadSeries(original).data);
    const std::string folder = w.study()->series().slices.front().path.parent_path().string();
    CHECK_THAT(folder, Contains("LSMS Viewer/retrieved/" + original.metadata.studyInstanceUid));
    QTest::qWait(50);
    CHECK(w.studyBrowser() == nullptr);  // the browser closed on opening

    // From the local study list it opens without the PACS.
    w.openStudyBrowser();
    b = w.studyBrowser();
    REQUIRE(b != nullptr);
    CHECK(b->source()->currentIndex() == 0);
    b->search();
    REQUIRE(b->studies()->rowCount() == 1);
    b->studies()->selectRow(0);
    REQUIRE(b->series()->rowCount() == 1);
    CHECK(b->retrieveButton()->text() == "&Open");
    QSignalSpy open(b, &StudyBrowser::openRequested);
    b->retrieveAndOpen();
    REQUIRE(open.count() == 1);
    CHECK(open.at(0).at(0).toString().toStdString() == folder);
    CHECK(open.at(0).at(1).toString().toStdString() == original.metadata.seriesInstanceUid);
    REQUIRE((loaded.count() == 2 || loaded.wait(30000)));

    // A SEG drawn on it goes back to Orthanc, beside the CT, referencing it.
    Study& s = *w.study();
    const std::uint16_t label = s.addManualSegment("liver lesion");
    edit::BrushShape shape;
    shape.radiusMm = 6.0;
    s.beginStroke(BrushMode::Paint, label, shape);
    s.strokeTo({48, 54, 6});
    s.endStroke();
    QSignalSpy sentSpy(&w, &MainWindow::segSent);
    REQUIRE(w.sendSegTo(orthanc(pacs), {label}));
    CHECK(w.sending());
    REQUIRE(sentSpy.wait(30000));
    CHECK(sentSpy.at(0).at(0).toBool());
    CHECK(w.statusText() == "Sent 1 segment(s) to Orthanc");
    // The SEG sent, and a session saved, are listed with the series in the study list.
    TempDir sessions("ui-pacs-session");
    REQUIRE(w.saveSession(QString::fromStdString((sessions.path() / "reading.lsms").string())));
    w.openStudyBrowser();
    StudyBrowser* listed = w.studyBrowser();
    REQUIRE(listed != nullptr);
    listed->search();
    REQUIRE(listed->studies()->rowCount() == 1);
    listed->studies()->selectRow(0);
    REQUIRE(listed->series()->rowCount() == 1);
    CHECK(listed->series()->item(0, 3)->text() == "1 session(s), 1 SEG(s)");
    CHECK_THAT(listed->series()->item(0, 3)->toolTip().toStdString(), Contains("reading.lsms") && Contains("LSMS Viewer/sent/seg-"));
    listed->close();
    shoot(&w, "viewer-sent-to-pacs.png");
    const auto series = net::findSeries(pacs.peer(), original.metadata.studyInstanceUid);
    REQUIRE(series.size() == 2);
    const auto seg = std::find_if(series.begin(), series.end(), [](const auto& x) { return x.modality == "SEG"; });
    REQUIRE(seg != series.end());
    TempDir back("ui-pacs-seg-back");
    const auto got = net::getInstances(pacs.peer(), original.metadata.studyInstanceUid, seg->seriesInstanceUid, back.path());
    REQUIRE(got.files.size() == 1);
    const auto read = readDicomSeg(got.files[0]);
    CHECK(read.referencedSeriesUid == original.metadata.seriesInstanceUid);
    REQUIRE(read.segments.size() == 1);
    CHECK(read.segments[0].label == "liver lesion");

    // The measurements (SEG with one segment per lesion + the TID 1500 SR) go too.
    REQUIRE(w.sendMeasurementsTo(orthanc(pacs)));
    REQUIRE(sentSpy.wait(30000));
    REQUIRE(sentSpy.count() == 2);
    CHECK(sentSpy.at(1).at(0).toBool());
    CHECK_THAT(sentSpy.at(1).at(1).toString().toStdString(), Contains("measurement report (SR) to Orthanc"));
    const auto withReport = net::findSeries(pacs.peer(), original.metadata.studyInstanceUid);
    CHECK(std::count_if(withReport.begin(), withReport.end(), [](const auto& x) { return x.modality == "SR"; }) == 1);
    CHECK(std::count_if(withReport.begin(), withReport.end(), [](const auto& x) { return x.modality == "SEG"; }) == 2);

    // The PACS gone: one line, and the SEG that was not sent is kept.
    pacs.kill();
    REQUIRE(w.sendSegTo(orthanc(pacs), {label}));
    REQUIRE(sentSpy.wait(30000));
    CHECK_FALSE(sentSpy.at(2).at(0).toBool());
    const std::string message = sentSpy.at(2).at(1).toString().toStdString();
    CHECK_THAT(message, Contains("1 segment(s) not sent to Orthanc") && Contains("connection refused") && Contains("kept in"));
    const std::string kept = message.substr(message.rfind("kept in ") + 8);
    CHECK(fs::exists(kept.substr(0, kept.size() - 1)));
}
