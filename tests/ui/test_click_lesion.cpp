// "This lesion" by a click: Ctrl+click with the Navigate tool grows the
// lesion under the cursor into a new active segment as one undo step, says
// its volume in the status bar, leaves hand-made segments their voxels, and
// refuses a click on a region with no edge near it.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/lesion_table.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/shortcut_table.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"

#include <QTableWidget>
#include <QTest>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

std::size_t voxelsOf(const Study& s, std::uint16_t label) {
    const auto& d = s.labels().data;
    return std::size_t(std::count(d.begin(), d.end(), label));
}

bool inCube(std::size_t i, std::size_t j, std::size_t k) { return i >= 20 && i < 30 && j >= 24 && j < 34 && k >= 8 && k < 16; }

// Voxels of `label` outside smallCt's lesion cube.
std::size_t outsideCube(const Study& s, std::uint16_t label) {
    const LabelVolume& l = s.labels();
    std::size_t n = 0;
    for (std::size_t k = 0; k < l.geometry.size[2]; ++k)
        for (std::size_t j = 0; j < l.geometry.size[1]; ++j)
            for (std::size_t i = 0; i < l.geometry.size[0]; ++i) n += l.at(i, j, k) == label && !inCube(i, j, k);
    return n;
}

}  // namespace

TEST_CASE("Ctrl+click on a lesion adds it as a new active segment, one undo step", "[ui][click-lesion]") {
    ensureApp();
    TempDir dir("ui-click-lesion");
    writeDicomSeries(smallCt(), testMetadata("ui-click-lesion"), dir.path());
    MainWindow w(nullptr);
    w.resize(1200, 900);
    w.show();
    w.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&w));
    openStudy(w, dir.path());
    Study& s = *w.study();
    SliceView* axial = w.view(Axis::Axial);
    REQUIRE(axial->tool() == Tool::Navigate);
    axial->setSlice(12);
    REQUIRE(s.segments().empty());

    QTest::mouseClick(axial, Qt::LeftButton, Qt::ControlModifier, axial->widgetPos({25, 29, 12}).toPoint());
    REQUIRE(s.segments().size() == 1);
    const edit::Segment seg = s.segments().front();
    CHECK(seg.name == "clicked lesion 1");
    CHECK(seg.algorithm == edit::Algorithm::Semiautomatic);
    CHECK(seg.prompt.empty());
    CHECK(s.activeLabel() == seg.label);
    // The cube is 800 voxels; the in-plane 3x3 smoothing rounds off its 4
    // vertical edges (32 voxels), and nothing outside it is taken.
    const std::size_t n = voxelsOf(s, seg.label);
    CHECK(n >= 760);
    CHECK(n <= 800);
    CHECK(outsideCube(s, seg.label) == 0);
    INFO(w.statusText().toStdString());
    CHECK(w.statusText().startsWith("Added clicked lesion 1: "));
    CHECK(w.statusText().contains(" mL"));
    w.lesionTable()->refreshNow();
    REQUIRE(w.lesionTable()->table()->rowCount() == 1);
    CHECK(w.lesionTable()->table()->item(0, LesionTable::Source)->text() == "semiautomatic");
    // For the docs: the window right after the click.
    if (const QByteArray shot = qgetenv("LSMS_SCREENSHOT_DIR"); !shot.isEmpty()) {
        QTest::qWait(100);  // the lesion table refreshes once per event-loop turn
        REQUIRE(w.grab().save(QString::fromLocal8Bit(shot) + "/viewer-click-lesion.png"));
    }

    REQUIRE(s.undo());
    CHECK(s.segments().empty());
    REQUIRE(s.redo());
    CHECK(voxelsOf(s, seg.label) == n);

    // A second click names the next one; a click on the plain 'liver' block,
    // which has no edge within 40 mm of it, is refused and adds nothing.
    axial->setSlice(12);
    QTest::mouseClick(axial, Qt::LeftButton, Qt::ControlModifier, axial->widgetPos({40, 40, 12}).toPoint());
    CHECK(s.segments().size() == 1);
    CHECK(w.statusText().startsWith("No lesion added: no lesion edge found near the click"));
    s.markSaved();
}

TEST_CASE("a clicked lesion leaves a hand-made segment its voxels", "[ui][click-lesion]") {
    ensureApp();
    TempDir dir("ui-click-lesion-kept");
    writeDicomSeries(smallCt(), testMetadata("ui-click-lesion-kept"), dir.path());
    MainWindow w(nullptr);
    w.resize(1200, 900);
    w.show();
    w.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&w));
    openStudy(w, dir.path());
    Study& s = *w.study();
    // A hand-drawn segment holding the cube's lowest two slices (200 voxels).
    const std::uint16_t mine = s.addManualSegment("mine");
    s.applyTool("paint", [&](edit::Edit& e) {
        for (std::size_t k = 8; k < 10; ++k)
            for (std::size_t j = 24; j < 34; ++j)
                for (std::size_t i = 20; i < 30; ++i) e.set(s.labels().index(i, j, k), mine);
    });
    REQUIRE(voxelsOf(s, mine) == 200);

    SliceView* axial = w.view(Axis::Axial);
    axial->setSlice(12);
    QTest::mouseClick(axial, Qt::LeftButton, Qt::ControlModifier, axial->widgetPos({25, 29, 12}).toPoint());
    REQUIRE(s.segments().size() == 2);
    CHECK(voxelsOf(s, mine) == 200);
    const std::uint16_t clicked = s.activeLabel();
    CHECK(clicked != mine);
    CHECK(s.segment(clicked)->name == "clicked lesion 1");
    CHECK(voxelsOf(s, clicked) <= 600);
    CHECK(voxelsOf(s, clicked) >= 560);
    CHECK(w.statusText().contains("stay with \u201cmine\u201d (hand-made)"));
    s.markSaved();
}

TEST_CASE("the gesture table lists Ctrl+click", "[ui][click-lesion]") {
    const auto& table = gestureTable();
    CHECK(std::any_of(table.begin(), table.end(), [](const GestureEntry& g) {
        return g.input == "Ctrl+click" && g.what.find("lesion under the cursor") != std::string::npos && g.where == "slice views";
    }));
}
