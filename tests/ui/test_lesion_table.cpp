// The lesion table: an answer with several lesions is one row per lesion,
// with its own measurements; Shift+N / Shift+P go through them and centre
// the views, A accepts and X rejects (undoable), and columns sort by value.
#include "lsms/ui/lesion_table.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/questions.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QTest>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

// Three separate boxes of different sizes: what "all lesions" would mark.
MaskVolume threeLesions(const Geometry& g) {
    MaskVolume m(g, 0);
    auto box = [&](std::size_t i0, std::size_t j0, std::size_t k0, std::size_t n) {
        for (std::size_t k = k0; k < k0 + n / 2; ++k)
            for (std::size_t j = j0; j < j0 + n; ++j)
                for (std::size_t i = i0; i < i0 + n; ++i) m.at(i, j, k) = 1;
    };
    box(8, 8, 2, 6);     // 6 x 6 x 3
    box(30, 30, 4, 12);  // 12 x 12 x 6, the largest
    box(50, 10, 6, 8);   // 8 x 8 x 4
    return m;
}

bool inside(const Study& s, std::uint16_t label) {
    const Vec3& c = s.cursor();
    return s.labels().at(std::size_t(c[0]), std::size_t(c[1]), std::size_t(c[2])) == label;
}

}  // namespace

TEST_CASE("the lesion table lists each lesion of an answer and reviews them by keyboard", "[ui][lesions]") {
    ensureApp();
    TempDir dir("ui-lesion-table");
    const Geometry g = axialGeometry(64, 64, 12);
    writeSeries(abdomenLike(g), testMetadata("ui-lesion-table"), dir.path());
    MainWindow w(nullptr);
    w.resize(1400, 950);
    w.show();
    w.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&w));
    openStudy(w, dir.path());
    Study* s = w.study();
    LesionTable* table = w.lesionTable();
    REQUIRE(table != nullptr);
    CHECK(table->footerText().startsWith("No lesions yet"));

    s->addAiSegment(threeLesions(s->ct().geometry), "all lesions");
    table->refreshNow();
    const auto rows = table->rowLabels();
    REQUIRE(rows.size() == 3);
    // One segment per lesion, largest first, each measured on its own.
    const double voxelMl = s->ct().geometry.voxelVolumeMm3() / 1000.0;
    CHECK(s->segment(rows[0])->name == "all lesions - lesion 1");
    CHECK(s->measurements(rows[0]).volumeMl == Approx(12 * 12 * 6 * voxelMl));
    CHECK(s->measurements(rows[1]).volumeMl == Approx(8 * 8 * 4 * voxelMl));
    CHECK(s->measurements(rows[2]).volumeMl == Approx(6 * 6 * 3 * voxelMl));
    CHECK(table->table()->item(0, LesionTable::Volume)->text() == QString::number(12 * 12 * 6 * voxelMl, 'f', 2));
    CHECK(table->table()->item(0, LesionTable::Review)->text() == "not reviewed");
    CHECK(table->footerText().contains("3 lesion(s)"));
    CHECK(table->footerText().contains("3 not reviewed"));

    // Sorting by volume puts the smallest first.
    table->table()->sortItems(LesionTable::Volume, Qt::AscendingOrder);
    const auto sorted = table->rowLabels();
    REQUIRE(sorted.size() == 3);
    CHECK(sorted[0] == rows[2]);
    CHECK(sorted[2] == rows[0]);

    // Keyboard review from the slice view: next lesion in table order, centred.
    s->setActiveLabel(0);
    SliceView* axial = w.view(Axis::Axial);
    axial->setFocus();
    QTest::keyClick(axial, Qt::Key_N, Qt::ShiftModifier);
    CHECK(s->activeLabel() == sorted[0]);
    CHECK(inside(*s, sorted[0]));
    CHECK(axial->slice() == int(s->cursor()[2]));
    QTest::keyClick(axial, Qt::Key_N, Qt::ShiftModifier);
    CHECK(s->activeLabel() == sorted[1]);
    CHECK(inside(*s, sorted[1]));
    QTest::keyClick(axial, Qt::Key_P, Qt::ShiftModifier);
    CHECK(s->activeLabel() == sorted[0]);
    QTest::keyClick(axial, Qt::Key_P, Qt::ShiftModifier);  // wraps to the last
    CHECK(s->activeLabel() == sorted[2]);

    // A accepts: reviewed, and the next lesion becomes active.
    QTest::keyClick(axial, Qt::Key_A);
    CHECK(s->segment(sorted[2])->review == edit::ReviewStatus::Reviewed);
    CHECK(s->activeLabel() == sorted[0]);
    CHECK(w.statusText().contains("Accepted"));
    table->refreshNow();
    CHECK(table->footerText().contains("2 not reviewed"));

    // X rejects: removed, one undo step brings it back.
    QTest::keyClick(axial, Qt::Key_X);
    CHECK(s->segment(sorted[0]) == nullptr);
    CHECK(w.statusText().contains("Rejected"));
    table->refreshNow();
    CHECK(table->rowLabels().size() == 2);
    CHECK(s->activeLabel() == sorted[1]);
    REQUIRE(s->undo());
    table->refreshNow();
    CHECK(table->rowLabels().size() == 3);

    // A locked lesion is not rejected.
    edit::Segment locked = *s->segment(sorted[1]);
    locked.locked = true;
    s->updateSegment(locked);
    s->setActiveLabel(sorted[1]);
    QTest::keyClick(axial, Qt::Key_X);
    CHECK(s->segment(sorted[1]) != nullptr);
    CHECK(w.statusText().contains("locked"));

    // A click on a row makes its lesion active and centres the views on it.
    table->table()->sortItems(LesionTable::Volume, Qt::DescendingOrder);
    const int row = 0;
    const QRect cell = table->table()->visualItemRect(table->table()->item(row, LesionTable::Name));
    QTest::mouseClick(table->table()->viewport(), Qt::LeftButton, {}, cell.center());
    CHECK(s->activeLabel() == rows[0]);
    CHECK(inside(*s, rows[0]));
    s->markSaved();
}

TEST_CASE("the lesion table measures again only the lesion that changed", "[ui][lesions]") {
    ensureApp();
    Study s;
    const CtVolume ct = smallCt();
    SeriesInfo info;
    s.setVolume(info, ct);
    s.addAiSegment(threeLesions(ct.geometry), "all lesions");
    LesionTable table(&s);
    table.refreshNow();
    const auto rows = table.rowLabels();
    REQUIRE(rows.size() == 3);
    const edit::SegmentMeasurements* before[3];
    for (int n = 0; n < 3; ++n) before[n] = &s.measurements(rows[std::size_t(n)]);
    // Remove one voxel of the largest lesion in one undo step.
    s.applyTool("erase one voxel", [&](edit::Edit& e) {
        for (std::size_t v = 0; v < s.labels().data.size(); ++v)
            if (s.labels().data[v] == rows[0]) {
                e.set(v, 0);
                break;
            }
    });
    table.refreshNow();
    const double voxelMl = ct.geometry.voxelVolumeMm3() / 1000.0;
    CHECK(s.measurements(rows[0]).volumeMl == Approx((12 * 12 * 6 - 1) * voxelMl));
    // The other two were not measured again: the cached results are the same objects.
    CHECK(&s.measurements(rows[1]) == before[1]);
    CHECK(&s.measurements(rows[2]) == before[2]);
}

TEST_CASE("File, Export measurements writes the lesions as SEG, SR and CSV in the table's order", "[ui][lesions][report]") {
    ensureApp();
    TempDir dir("ui-lesion-report");
    const Geometry g = axialGeometry(64, 64, 12);
    writeSeries(abdomenLike(g), testMetadata("ui-lesion-report"), dir.path() / "ct");
    MainWindow w(nullptr);
    int asked = 0;
    Questions q = defaultQuestions();
    q.exportUnreviewed = [&](QWidget*, const QStringList& names, int exported) {
        ++asked;
        CHECK(names.size() == 3);
        CHECK(exported == 3);
        return asked > 1;  // the first time: cancel
    };
    w.setQuestions(q);
    w.show();
    openStudy(w, dir.path() / "ct");
    Study* s = w.study();
    CHECK_FALSE(w.exportMeasurementsTo(QString::fromStdString((dir.path() / "none").string())));
    CHECK(w.statusText().contains("No lesions to report"));

    s->addAiSegment(threeLesions(s->ct().geometry), "all lesions");
    LesionTable* table = w.lesionTable();
    table->refreshNow();
    table->table()->sortItems(LesionTable::Volume, Qt::AscendingOrder);
    const auto order = table->rowLabels();
    REQUIRE(order.size() == 3);
    const auto base = dir.path() / "report";
    CHECK_FALSE(w.exportMeasurementsTo(QString::fromStdString(base.string())));  // cancelled
    CHECK_FALSE(std::filesystem::exists(dir.path() / "report-seg.dcm"));
    REQUIRE(w.exportMeasurementsTo(QString::fromStdString(base.string())));
    CHECK(w.statusText().contains("Exported 3 lesion(s)"));

    const SegInfo seg = readDicomSeg(dir.path() / "report-seg.dcm");
    REQUIRE(seg.segments.size() == 3);
    for (std::size_t n = 0; n < 3; ++n) CHECK(seg.segments[n].label == s->segment(order[n])->name);
    // The smallest lesion first, as the table was sorted.
    CHECK(seg.voxelsPerSegment[0] == 6 * 6 * 3);
    CHECK(seg.voxelsPerSegment[2] == 12 * 12 * 6);

    std::ifstream csv(dir.path() / "report.csv");
    std::string header, line;
    std::getline(csv, header);
    CHECK(header.rfind("name,source,review,volume_ml", 0) == 0);
    std::vector<std::string> lines;
    while (std::getline(csv, line)) lines.push_back(line);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].rfind(s->segment(order[0])->name + ",model,", 0) == 0);

    // The SR: one measurement group per lesion, each referencing its SEG segment.
    const std::string script =
        "import pydicom,sys\n"
        "sr=pydicom.dcmread(sys.argv[1]); seg=pydicom.dcmread(sys.argv[2])\n"
        "def walk(s):\n"
        "    for i in s:\n"
        "        yield i\n"
        "        yield from walk(getattr(i,'ContentSequence',[]))\n"
        "refs=[(i.ReferencedSOPSequence[0].ReferencedSOPInstanceUID==seg.SOPInstanceUID, int(i.ReferencedSOPSequence[0].ReferencedSegmentNumber))"
        " for i in walk(sr.ContentSequence) if i.ValueType=='IMAGE']\n"
        "print('refs', refs)\n";
    const auto py = dir.path() / "refs.py";
    std::ofstream(py) << script;
    const auto out = dir.path() / "refs.txt";
    const std::string cmd = "/usr/bin/python3 " + py.string() + " " + (dir.path() / "report-sr.dcm").string() + " " +
                            (dir.path() / "report-seg.dcm").string() + " > " + out.string() + " 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::ifstream refs(out);
    std::getline(refs, line);
    CHECK(line == "refs [(True, 1), (True, 2), (True, 3)]");
    s->markSaved();
}
