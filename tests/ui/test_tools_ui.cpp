// The correction tools as the viewer runs them (issue 5): each Study tool
// method changes exactly the voxels the core tool changes, is one undo step,
// never touches a locked segment; the threshold brush, sessions and
// "refine with prompt" through the window.
#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/interpolate.h"
#include "lsms/core/edit/islands.h"
#include "lsms/core/edit/morphology.h"
#include "lsms/core/edit/session.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/prompt_panel.h"
#include "lsms/ui/tools_panel.h"
#include "qt_app.h"
#include "support/series_fixture.h"
#include "threshold_engine.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QMessageBox>
#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {
using Box3 = std::array<std::size_t, 3>;

std::size_t count(const LabelVolume& l, std::uint16_t label) { return std::size_t(std::count(l.data.begin(), l.data.end(), label)); }

// 40x40x16 voxels of 1x1x2 mm (2 mm3 each): 100 HU where i < 20, else 0 HU.
CtVolume halvesCt() {
    Geometry g;
    g.size = {40, 40, 16};
    g.spacing = {1.0, 1.0, 2.0};
    CtVolume ct(g, 0.f);
    for (std::size_t k = 0; k < 16; ++k)
        for (std::size_t j = 0; j < 40; ++j)
            for (std::size_t i = 0; i < 20; ++i) ct.set(i, j, k, 100.f);
    return ct;
}

void openStudy(Study& s, const std::string& uid = "1.2.826.0.1.3680043.99.1") {
    SeriesInfo info;
    info.metadata.seriesInstanceUid = uid;
    info.metadata.modality = "CT";
    s.setVolume(info, halvesCt());
}

// Fixtures paint through applyTool too, so they are ordinary undo steps.
void fillBox(Study& s, std::uint16_t label, Box3 lo, Box3 hi) {
    s.applyTool("fixture", [&](edit::Edit& e) {
        for (std::size_t k = lo[2]; k < hi[2]; ++k)
            for (std::size_t j = lo[1]; j < hi[1]; ++j)
                for (std::size_t i = lo[0]; i < hi[0]; ++i) e.set(s.labels().index(i, j, k), label);
    });
}

// What the core tool does to a copy of the study's segments.
template <class F>
LabelVolume coreResult(const Study& s, F&& tool) {
    edit::Editor copy(s.editor().list());
    edit::Edit e = copy.begin("core");
    tool(e);
    copy.commit(e);
    return copy.list().labels();
}

std::uint16_t lockedSegment(Study& s, Box3 lo, Box3 hi) {
    const std::uint16_t label = s.addManualSegment("locked");
    fillBox(s, label, lo, hi);
    edit::Segment seg = *s.segment(label);
    seg.locked = true;
    s.updateSegment(seg);
    return label;
}
}  // namespace

TEST_CASE("fill between slices from the viewer: the core's voxels, one undo step", "[ui][tools]") {
    ensureApp();
    Study s;
    openStudy(s);
    const auto a = s.addManualSegment("a");
    fillBox(s, a, {10, 10, 2}, {16, 16, 3});  // 6x6 on slice 2
    fillBox(s, a, {10, 10, 6}, {16, 16, 7});  // and on slice 6
    const auto locked = lockedSegment(s, {12, 12, 4}, {14, 14, 5});  // 4 voxels in the way on slice 4
    const LabelVolume expected = coreResult(s, [&](edit::Edit& e) { edit::fillBetweenSlices(e, a); });
    const LabelVolume before = s.labels();
    const std::size_t steps = s.editor().history().undoCount();

    QSignalSpy changed(&s, &Study::labelsChanged);
    CHECK(s.fillBetweenSlices(a) == 3 * 36 - 4);
    CHECK(s.labels().data == expected.data);
    CHECK(count(s.labels(), a) == 72 + 3 * 36 - 4);
    CHECK(count(s.labels(), locked) == 4);
    CHECK(changed.count() == 1);
    CHECK(s.editor().history().undoCount() == steps + 1);
    REQUIRE(s.undo());
    CHECK(s.labels().data == before.data);
    CHECK_THROWS_AS(s.fillBetweenSlices(0), edit::EditError);  // nothing selected
    CHECK(s.labels().data == before.data);
}

TEST_CASE("islands from the viewer: keep largest, remove small, split", "[ui][tools]") {
    ensureApp();
    Study s;
    openStudy(s);
    const auto a = s.addManualSegment("lesion");
    fillBox(s, a, {2, 2, 2}, {6, 6, 6});        // 64 voxels, 128 mm3
    fillBox(s, a, {30, 30, 10}, {32, 32, 11});  // 4 voxels, 8 mm3
    fillBox(s, a, {20, 20, 12}, {21, 21, 13});  // 1 voxel, 2 mm3
    const LabelVolume before = s.labels();
    const std::size_t steps = s.editor().history().undoCount();

    SECTION("remove islands under a volume") {
        const LabelVolume expected = coreResult(s, [&](edit::Edit& e) { edit::removeSmallIslands(e, a, 5.0); });
        CHECK(s.removeSmallIslands(a, 5.0) == 1);
        CHECK(s.labels().data == expected.data);
        CHECK(s.removeSmallIslands(a, 10.0) == 4);
        CHECK(count(s.labels(), a) == 64);
        CHECK(s.editor().history().undoCount() == steps + 2);
        REQUIRE(s.undo());
        CHECK(count(s.labels(), a) == 68);
        REQUIRE(s.undo());
        CHECK(s.labels().data == before.data);
    }
    SECTION("keep largest") {
        const LabelVolume expected = coreResult(s, [&](edit::Edit& e) { edit::keepLargestIsland(e, a); });
        CHECK(s.keepLargestIsland(a) == 5);
        CHECK(s.labels().data == expected.data);
        CHECK(count(s.labels(), a) == 64);
        REQUIRE(s.undo());
        CHECK(s.labels().data == before.data);
    }
    SECTION("split into segments, undone with their metadata") {
        const LabelVolume expected = coreResult(s, [&](edit::Edit& e) { edit::splitIslands(e, a); });
        const auto added = s.splitIslands(a);
        REQUIRE(added.size() == 2);
        CHECK(s.labels().data == expected.data);
        CHECK(count(s.labels(), a) == 64);
        CHECK(count(s.labels(), added[0]) == 4);
        CHECK(count(s.labels(), added[1]) == 1);
        CHECK(s.segment(added[0])->name == "lesion 2");
        CHECK(s.segments().size() == 3);
        REQUIRE(s.undo());
        CHECK(s.segments().size() == 1);
        CHECK(s.labels().data == before.data);
    }
    SECTION("a locked segment is refused and unchanged") {
        edit::Segment seg = *s.segment(a);
        seg.locked = true;
        s.updateSegment(seg);
        const std::size_t lockedSteps = s.editor().history().undoCount();
        CHECK_THROWS_AS(s.keepLargestIsland(a), edit::EditError);
        CHECK_THROWS_AS(s.removeSmallIslands(a, 10.0), edit::EditError);
        CHECK_THROWS_AS(s.splitIslands(a), edit::EditError);
        CHECK(s.labels().data == before.data);
        CHECK(s.segments().size() == 1);
        CHECK(s.editor().history().undoCount() == lockedSteps);
    }
}

TEST_CASE("smoothing from the viewer: median, opening, closing", "[ui][tools]") {
    ensureApp();
    Study s;
    openStudy(s);
    const auto a = s.addManualSegment("a");
    fillBox(s, a, {10, 10, 4}, {20, 20, 9});    // 10x10x5 = 500
    fillBox(s, a, {20, 14, 6}, {26, 15, 7});    // a 6-voxel spur along i
    fillBox(s, a, {14, 14, 6}, {15, 15, 7});    // (already in: no-op)
    s.applyTool("hole", [&](edit::Edit& e) { e.set(s.labels().index(15, 15, 6), 0); });
    const auto locked = lockedSegment(s, {20, 10, 4}, {21, 12, 9});  // touches a's side
    const LabelVolume before = s.labels();
    const std::size_t lockedVoxels = count(before, locked);

    const std::pair<Smoothing, double> cases[] = {{Smoothing::Median, 0}, {Smoothing::Opening, 1.5}, {Smoothing::Closing, 2.5}};
    for (const auto& [method, radius] : cases) {
        INFO("method " << int(method));
        const LabelVolume expected = coreResult(s, [&](edit::Edit& e) {
            if (method == Smoothing::Median) edit::medianSmooth(e, a);
            else if (method == Smoothing::Opening) edit::openSegment(e, a, radius);
            else edit::closeSegment(e, a, radius);
        });
        const std::size_t changed = s.smooth(a, method, radius);
        CHECK(changed > 0);
        CHECK(s.labels().data == expected.data);
        CHECK(count(s.labels(), locked) == lockedVoxels);
        std::size_t differ = 0;
        for (std::size_t v = 0; v < before.data.size(); ++v) differ += before.data[v] != s.labels().data[v];
        CHECK(differ == changed);
        REQUIRE(s.undo());
        CHECK(s.labels().data == before.data);
    }
    // Opening removes the spur, thinner than the 1.5 mm ball, and keeps the block's inside.
    s.smooth(a, Smoothing::Opening, 1.5);
    for (std::size_t i = 21; i < 26; ++i) CHECK(s.labels().at(i, 14, 6) == 0);
    CHECK(s.labels().at(15, 12, 6) == a);
}

TEST_CASE("logical operations, merge and duplicate from the viewer", "[ui][tools]") {
    ensureApp();
    Study s;
    openStudy(s);
    const auto a = s.addManualSegment("a");
    const auto b = s.addManualSegment("b");
    fillBox(s, a, {2, 2, 2}, {6, 6, 6});        // 64
    fillBox(s, b, {10, 10, 2}, {13, 13, 5});    // 27
    const LabelVolume before = s.labels();

    CHECK(s.combine(a, edit::LogicalOp::Union, b) == 27);
    CHECK(count(s.labels(), a) == 91);
    CHECK(count(s.labels(), b) == 0);
    REQUIRE(s.undo());
    CHECK(s.labels().data == before.data);
    CHECK(s.combine(a, edit::LogicalOp::Subtract, b) == 0);  // one label per voxel: disjoint
    CHECK(s.combine(a, edit::LogicalOp::Intersect, b) == 64);
    CHECK(count(s.labels(), a) == 0);
    REQUIRE(s.undo());
    CHECK(s.labels().data == before.data);
    CHECK_THROWS_AS(s.combine(a, edit::LogicalOp::Union, a), edit::EditError);

    s.merge(a, b);
    CHECK(count(s.labels(), a) == 91);
    CHECK(s.segment(b) == nullptr);
    REQUIRE(s.undo());
    REQUIRE(s.segment(b) != nullptr);
    CHECK(s.labels().data == before.data);

    const auto copy = s.duplicate(a);
    CHECK(s.segment(copy)->name == "a copy");
    CHECK(count(s.labels(), copy) == 0);
    CHECK(s.activeLabel() == copy);
    REQUIRE(s.undo());
    CHECK(s.segment(copy) == nullptr);

    // A locked modifier keeps its voxels; a locked target cannot be merged into.
    edit::Segment lb = *s.segment(b);
    lb.locked = true;
    s.updateSegment(lb);
    try {
        s.combine(a, edit::LogicalOp::Union, b);
    } catch (const edit::EditError&) {
    }
    CHECK(count(s.labels(), b) == 27);
    CHECK(count(s.labels(), a) == 64);
    CHECK_THROWS_AS(s.merge(a, b), edit::EditError);
    CHECK(s.labels().data == before.data);
}

TEST_CASE("threshold brush: only voxels in the HU range, one stroke one step, pick from segment", "[ui][tools][brush]") {
    ensureApp();
    Study s;
    openStudy(s);
    const auto a = s.addManualSegment("a");
    s.setThresholdRange({50.f, 150.f});
    edit::BrushShape shape;
    shape.radiusMm = 5.0;
    const LabelVolume expected = coreResult(s, [&](edit::Edit& e) { edit::paintThresholdDab(e, a, {20, 20, 5}, shape, s.ct(), 50.f, 150.f); });
    s.beginStroke(BrushMode::Threshold, a, shape);
    s.strokeTo({20, 20, 5});
    s.endStroke();
    CHECK(s.labels().data == expected.data);
    // A 5 mm disc centred on the 100 HU / 0 HU border: only its i < 20 half (i = 15..19).
    std::size_t half = 0;
    for (int dj = -5; dj <= 5; ++dj)
        for (int di = -5; di < 0; ++di) half += di * di + dj * dj <= 25;
    CHECK(count(s.labels(), a) == half);
    REQUIRE(s.undo());
    CHECK(count(s.labels(), a) == 0);

    const std::size_t steps = s.editor().history().undoCount();
    s.beginStroke(BrushMode::Threshold, a, shape);
    for (double i = 4; i <= 36; i += 8) s.strokeTo({i, 20, 5});  // fast drag, dabs 8 voxels apart
    s.endStroke();
    CHECK(s.editor().history().undoCount() == steps + 1);
    std::size_t outside = 0, inRow = 0;
    for (std::size_t v = 0; v < s.labels().data.size(); ++v)
        if (s.labels().data[v] == a && s.ct().data[v] < 50.f) ++outside;
    for (std::size_t i = 0; i < 40; ++i) inRow += s.labels().at(i, 20, 5) == a;
    CHECK(outside == 0);
    CHECK(inRow == 20);  // no gaps between the dabs: every i < 20 on the stroke's row
    REQUIRE(s.undo());
    CHECK(count(s.labels(), a) == 0);

    // Pick from segment: half at 100 HU, half at 0 HU -> mean 50, SD 50 -> 50 ± 2 SD.
    const auto p = s.addManualSegment("picked");
    fillBox(s, p, {18, 0, 0}, {22, 2, 1});
    const HuRange r = s.huRangeOf(p, 2.0);
    CHECK(r.lo == Approx(-50.f));
    CHECK(r.hi == Approx(150.f));
    ToolsPanel panel(&s);
    s.setActiveLabel(p);
    panel.action("pickThreshold")->trigger();
    CHECK(s.thresholdRange().lo == Approx(-50.f));
    CHECK(s.thresholdRange().hi == Approx(150.f));
    s.setActiveLabel(a);  // empty: refused with a message, range kept
    panel.action("pickThreshold")->trigger();
    CHECK(panel.lastMessage().contains("empty"));
    CHECK(s.thresholdRange().hi == Approx(150.f));
    // A locked segment cannot be threshold-painted.
    edit::Segment lp = *s.segment(p);
    lp.locked = true;
    s.updateSegment(lp);
    CHECK_THROWS_AS(s.beginStroke(BrushMode::Threshold, p, shape), edit::EditError);
}

TEST_CASE("the tools panel runs each tool on the active segment as one step", "[ui][tools][panel]") {
    ensureApp();
    Study s;
    openStudy(s);
    ToolsPanel panel(&s);
    const auto a = s.addManualSegment("a");
    const auto b = s.addManualSegment("b");
    fillBox(s, a, {2, 2, 2}, {6, 6, 6});
    fillBox(s, a, {30, 30, 10}, {32, 32, 11});
    fillBox(s, b, {10, 10, 2}, {13, 13, 5});
    s.setActiveLabel(a);
    const LabelVolume before = s.labels();
    for (const char* name : {"pickThreshold", "thresholdBrush", "fillBetweenSlices", "keepLargestIsland", "removeSmallIslands",
                             "splitIslands", "smooth", "union", "subtract", "intersect", "merge", "duplicate"})
        REQUIRE(panel.action(name) != nullptr);
    CHECK(panel.action("fillBetweenSlices")->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_I));

    panel.action("keepLargestIsland")->trigger();
    CHECK(count(s.labels(), a) == 64);
    CHECK(panel.lastMessage().contains("4 voxel"));
    REQUIRE(s.undo());
    CHECK(s.labels().data == before.data);

    REQUIRE(panel.otherSegment()->currentData().toUInt() == b);
    panel.action("union")->trigger();
    CHECK(count(s.labels(), a) == 68 + 27);
    REQUIRE(s.undo());
    panel.action("merge")->trigger();
    CHECK(s.segment(b) == nullptr);
    REQUIRE(s.undo());
    CHECK(s.labels().data == before.data);

    QSignalSpy wants(&panel, &ToolsPanel::thresholdBrushRequested);
    panel.action("thresholdBrush")->trigger();
    CHECK(wants.count() == 1);
    s.setActiveLabel(0);
    panel.action("fillBetweenSlices")->trigger();
    CHECK(panel.lastMessage().contains("select a segment"));
    CHECK(s.labels().data == before.data);
}

TEST_CASE("save session, change, open session: labels and metadata come back, another series is refused", "[ui][tools][session]") {
    ensureApp();
    TempDir dir("ui-session");
    const auto file = dir.path() / "study.lsms";
    Study s;
    openStudy(s, "1.2.3.4");
    const auto a = s.addManualSegment("right lobe lesion");
    fillBox(s, a, {2, 2, 2}, {6, 6, 6});
    MaskVolume ai(s.ct().geometry, 0);
    for (std::size_t i = 10; i < 14; ++i) ai.at(i, 10, 3) = 1;
    const auto b = s.addAiSegment(ai, "the largest lesion");
    edit::Segment meta = *s.segment(a);
    meta.review = edit::ReviewStatus::Flagged;
    meta.opacity = 0.3;
    meta.colour = {10, 200, 30};
    meta.visible = false;
    s.updateSegment(meta);
    edit::Segment lockedB = *s.segment(b);
    lockedB.locked = true;
    lockedB.review = edit::ReviewStatus::Reviewed;
    s.updateSegment(lockedB);
    s.saveSession(file);
    const LabelVolume saved = s.labels();
    const std::vector<edit::Segment> savedSegments = s.segments();

    // Change things after saving: erase a, add a segment.
    edit::BrushShape shape;
    shape.radiusMm = 10;
    s.beginStroke(BrushMode::Erase, a, shape);
    s.strokeTo({4, 4, 3});
    s.endStroke();
    const auto c = s.addManualSegment("later");
    fillBox(s, c, {20, 20, 8}, {22, 22, 9});
    const LabelVolume changed = s.labels();
    REQUIRE(count(changed, a) < 64);

    s.openSession(file);
    CHECK(s.labels().data == saved.data);
    // Same metadata; a segment locked at open time keeps its place in the list.
    auto byLabel = [](std::vector<edit::Segment> v) {
        std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.label < y.label; });
        return v;
    };
    CHECK(byLabel(s.segments()) == byLabel(savedSegments));
    CHECK(count(s.labels(), a) == 64);
    CHECK(count(s.labels(), b) == 4);
    REQUIRE(s.undo());  // opening is one step
    CHECK(s.labels().data == changed.data);
    CHECK(s.segment(c) != nullptr);

    // Another series: refused with the reason, nothing changes.
    Study other;
    openStudy(other, "9.9.9");
    const auto o = other.addManualSegment("other");
    fillBox(other, o, {1, 1, 1}, {3, 3, 3});
    const LabelVolume otherBefore = other.labels();
    try {
        other.openSession(file);
        FAIL("a session of another series was opened");
    } catch (const InputError& e) {
        const std::string what = e.what();
        CHECK(what.find("1.2.3.4") != std::string::npos);
        CHECK(what.find("9.9.9") != std::string::npos);
    }
    CHECK(other.labels().data == otherBefore.data);
    REQUIRE(other.segments().size() == 1);
    CHECK(other.segments()[0].name == "other");
    CHECK_THROWS_AS(other.openSession(dir.path() / "missing.lsms"), Error);
    CHECK(other.labels().data == otherBefore.data);
}

namespace {
// 48x40x12 voxels of 1x1x2 mm at 50 HU with two 200 HU blobs far apart.
CtVolume twoBlobs() {
    Geometry g;
    g.size = {48, 40, 12};
    g.spacing = {1.0, 1.0, 2.0};
    CtVolume ct(g, 50.f);
    for (std::size_t k = 3; k < 7; ++k)
        for (std::size_t j = 8; j < 16; ++j)
            for (std::size_t i = 8; i < 16; ++i) {
                ct.set(i, j, k, 200.f);           // blob 1: 256 voxels
                ct.set(i + 26, j + 16, k, 200.f);  // blob 2: i 34..41, j 24..31
            }
    return ct;
}

bool inside(const edit::Box& b, std::size_t i, std::size_t j, std::size_t k) {
    return i >= b.lo[0] && i < b.hi[0] && j >= b.lo[1] && j < b.hi[1] && k >= b.lo[2] && k < b.hi[2];
}
}  // namespace

TEST_CASE("refine with prompt changes only voxels near the selected segment", "[ui][tools][refine]") {
    ensureApp();
    TempDir dir("ui-refine");
    writeDicomSeries(twoBlobs(), testMetadata("ui-refine"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(150.f, 250.f, 0));
    {
        QSignalSpy loaded(&w, &MainWindow::studyLoaded);
        w.openPath(QString::fromStdString(dir.path().string()));
        REQUIRE(loaded.wait(20000));
    }
    Study& s = *w.study();
    const auto a = s.addManualSegment("rough");
    fillBox(s, a, {6, 10, 4}, {12, 12, 6});  // partly in blob 1, partly (i = 6, 7) outside it
    const auto locked = lockedSegment(s, {14, 14, 5}, {16, 16, 6});  // 4 voxels of blob 1
    s.setActiveLabel(a);
    const edit::Box box = s.neighbourhood(a, 10.0);
    CHECK(box.lo == std::array<std::size_t, 3>{0, 0, 0});
    CHECK(box.hi == std::array<std::size_t, 3>{22, 22, 11});  // 10 mm: 10 voxels in-plane, 5 slices
    const LabelVolume before = s.labels();
    const std::size_t steps = s.editor().history().undoCount();

    w.promptPanel()->setRefine(true, RefineMode::Replace, 10.0);
    QSignalSpy labels(&s, &Study::labelsChanged);
    w.runPrompt("the lesion in segment 4");
    REQUIRE(labels.wait(20000));
    CHECK(s.editor().history().undoCount() == steps + 1);
    CHECK(s.segments().size() == 2);  // replaced, nothing added
    // The segment is now blob 1, less the locked segment's voxels; blob 2 (outside) is untouched.
    CHECK(count(s.labels(), a) == 256 - 4);
    CHECK(count(s.labels(), locked) == 4);
    std::size_t outsideChanged = 0;
    for (std::size_t k = 0; k < 12; ++k)
        for (std::size_t j = 0; j < 40; ++j)
            for (std::size_t i = 0; i < 48; ++i)
                if (!inside(box, i, j, k)) outsideChanged += s.labels().at(i, j, k) != before.at(i, j, k);
    CHECK(outsideChanged == 0);
    CHECK(s.labels().at(6, 10, 4) == 0);  // the rough part outside the lesion went
    CHECK(s.labels().at(38, 28, 4) == 0);
    REQUIRE(s.undo());
    CHECK(s.labels().data == before.data);

    // Add as a new segment: only background near the segment is taken.
    MaskVolume everything(s.ct().geometry, 0);
    for (std::size_t v = 0; v < everything.data.size(); ++v) everything.data[v] = s.ct().data[v] > 150.f;
    const auto added = s.refine(everything, a, 10.0, RefineMode::AddSegment, "the lesion");
    CHECK(added != a);
    CHECK(count(s.labels(), added) == 256 - 4 - 16);  // blob 1 less locked (4) and a's part in it (4x2x2)
    CHECK(count(s.labels(), a) == count(before, a));
    REQUIRE(s.undo());
    CHECK(s.labels().data == before.data);

    // Nothing found near the segment: refused, unchanged.
    MaskVolume farOnly(s.ct().geometry, 0);
    farOnly.at(40, 30, 4) = 1;
    CHECK_THROWS_AS(s.refine(farOnly, a, 10.0, RefineMode::Replace, "far"), InputError);
    CHECK(s.labels().data == before.data);
    // No segment selected: the window refuses to run instead of segmenting everything.
    s.setActiveLabel(0);
    w.runPrompt("the lesion");
    CHECK(!w.worker()->busy());
    CHECK(s.labels().data == before.data);

    // File → Open session in the window: another series' session is explained, nothing lost.
    TempDir sessions("ui-refine-sessions");
    Study foreign;
    SeriesInfo info;
    info.metadata.seriesInstanceUid = "5.5.5";
    foreign.setVolume(info, twoBlobs());
    foreign.saveSession(sessions.path() / "foreign.lsms");
    CHECK_FALSE(w.openSession(QString::fromStdString((sessions.path() / "foreign.lsms").string())));
    CHECK(s.labels().data == before.data);
    CHECK(s.segments().size() == 2);
    bool explained = false;
    for (auto* box : w.findChildren<QMessageBox*>()) explained |= box->isVisible() && box->text().contains("5.5.5");
    CHECK(explained);
    const QString own = QString::fromStdString((sessions.path() / "own.lsms").string());
    CHECK(w.saveSession(own));
    CHECK(w.openSession(own));
    CHECK(s.labels().data == before.data);
}
