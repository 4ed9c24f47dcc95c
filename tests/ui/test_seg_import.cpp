// DICOM-SEG import onto the open study: a SEG exported from one study's
// segments comes back in a fresh study as the same labels, names, colours and
// algorithm types, as one undo step, without touching segments already there.
#include "lsms/core/error.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/study.h"
#include "lsms/ui/study_seg.h"
#include "qt_app.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

std::size_t count(const LabelVolume& l, std::uint16_t label) {
    return std::size_t(std::count(l.data.begin(), l.data.end(), label));
}

// An oblique series, so placement by plane position is exercised.
fs::path writeStudy(const fs::path& dir, const std::string& key) {
    Geometry g;
    g.size = {40, 36, 14};
    g.spacing = {1.0, 1.1, 2.5};
    g.origin = {-20, -15, 40};
    const double a = 0.25;
    g.direction = {Vec3{std::cos(a), 0, std::sin(a)}, Vec3{0, 1, 0}, Vec3{-std::sin(a), 0, std::cos(a)}};
    writeDicomSeries(CtVolume(g, 60.f), testMetadata(key), dir);
    return dir;
}

// What the viewer does on open: scan, load, hand to the study.
void openInto(Study& s, const fs::path& dir) {
    SeriesInfo series = scanDicom(dir).series.at(0);
    REQUIRE(series.problem.empty());
    CtVolume ct = loadSeries(series);
    s.setVolume(std::move(series), std::move(ct));
}

MaskVolume ball(const Geometry& g, const Vec3& ijk, double radiusVoxels) {
    MaskVolume m(g, 0);
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) {
                const double d = std::hypot(double(i) - ijk[0], double(j) - ijk[1], 2.5 * (double(k) - ijk[2]));
                m.at(i, j, k) = d <= radiusVoxels;
            }
    return m;
}

}  // namespace

TEST_CASE("a SEG exported from a study imports into a fresh study with identical labels", "[ui][seg]") {
    ensureApp();
    TempDir dir("ui-seg-import");
    const fs::path dicom = writeStudy(dir.path() / "dicom", "ui-seg-import");

    Study source;
    openInto(source, dicom);
    const Geometry& g = source.ct().geometry;
    const auto ai = source.addAiSegment(ball(g, {12, 12, 6}, 5), "the largest lesion in the right lobe");
    const auto ai2 = source.addAiSegment(ball(g, {28, 22, 8}, 4), "the cyst");
    edit::Segment edited = *source.segment(ai2);
    edited.name = "cyst (checked)";
    source.updateSegment(edited);
    const auto manual = source.addManualSegment("hand drawn");
    edit::BrushShape shape;
    shape.radiusMm = 3.0;
    source.beginStroke(BrushMode::Paint, manual, shape);
    source.strokeTo({20, 28, 3});
    source.strokeTo({30, 30, 3});
    source.endStroke();
    REQUIRE(count(source.labels(), ai) > 50);
    REQUIRE(count(source.labels(), manual) > 10);

    std::vector<SegmentSpec> specs;
    for (const auto& s : source.segments()) specs.push_back(segmentSpec(s));
    const fs::path seg = dir.path() / "study.seg.dcm";
    writeDicomSeg(source.series(), source.labels(), specs, seg);

    Study target;
    openInto(target, dicom);
    const SegImportSummary summary = importSegIntoStudy(target, seg);
    REQUIRE(summary.labels.size() == 3);
    CHECK(summary.voxelsNotPlaced == 0);
    CHECK(summary.voxelsInSeg == count(source.labels(), ai) + count(source.labels(), ai2) + count(source.labels(), manual));
    CHECK(target.labels().data == source.labels().data);
    REQUIRE(target.segments().size() == source.segments().size());
    for (std::size_t i = 0; i < source.segments().size(); ++i) {
        const auto& a = source.segments()[i];
        const auto& b = target.segments()[i];
        CHECK(b.label == a.label);
        CHECK(b.name == a.name);
        CHECK(b.prompt == a.prompt);
        CHECK(b.algorithm == a.algorithm);
        // Colours go through CIELab in the SEG: at most one step off.
        CHECK(std::abs(int(b.colour.r) - int(a.colour.r)) <= 1);
        CHECK(std::abs(int(b.colour.g) - int(a.colour.g)) <= 1);
        CHECK(std::abs(int(b.colour.b) - int(a.colour.b)) <= 1);
    }
    CHECK(target.activeLabel() == summary.labels.front());

    // One undo step takes the whole import back, and redo restores it.
    CHECK(target.undo());
    CHECK(target.segments().empty());
    CHECK(count(target.labels(), 0) == target.labels().data.size());
    CHECK(target.redo());
    CHECK(target.labels().data == source.labels().data);
}

TEST_CASE("importing a SEG keeps the study's own segments and takes new labels", "[ui][seg]") {
    ensureApp();
    TempDir dir("ui-seg-keep");
    const fs::path dicom = writeStudy(dir.path() / "dicom", "ui-seg-keep");
    Study source;
    openInto(source, dicom);
    const Geometry& g = source.ct().geometry;
    const MaskVolume lesion = ball(g, {20, 18, 7}, 6);
    source.addAiSegment(lesion, "lesion");
    std::vector<SegmentSpec> specs{segmentSpec(source.segments()[0])};
    const fs::path seg = dir.path() / "seg.dcm";
    writeDicomSeg(source.series(), source.labels(), specs, seg);

    Study target;
    openInto(target, dicom);
    // A locked segment that overlaps the left half of the imported lesion.
    MaskVolume left(g, 0);
    for (std::size_t v = 0; v < left.data.size(); ++v) left.data[v] = lesion.data[v] && (v % g.size[0]) < 20;
    const auto mine = target.addAiSegment(left, "mine");
    edit::Segment locked = *target.segment(mine);
    locked.locked = true;
    target.updateSegment(locked);
    const LabelVolume before = target.labels();

    const SegImportSummary summary = importSegIntoStudy(target, seg);
    REQUIRE(summary.labels.size() == 1);
    CHECK(summary.labels[0] != mine);
    CHECK(count(target.labels(), mine) == count(before, mine));  // untouched
    const std::size_t leftCount = count(before, mine);
    REQUIRE(leftCount > 0);
    CHECK(summary.voxelsNotPlaced == leftCount);
    CHECK(count(target.labels(), summary.labels[0]) == summary.voxelsInSeg - leftCount);
    CHECK(target.segments().size() == 2);
}

TEST_CASE("a SEG of another series is refused and the study is unchanged", "[ui][seg][errors]") {
    ensureApp();
    TempDir dir("ui-seg-other");
    const fs::path a = writeStudy(dir.path() / "a", "ui-seg-a");
    const fs::path b = writeStudy(dir.path() / "b", "ui-seg-b");  // same grid, another frame of reference
    Study source;
    openInto(source, a);
    source.addAiSegment(ball(source.ct().geometry, {20, 18, 7}, 5), "lesion");
    writeDicomSeg(source.series(), source.labels(), {segmentSpec(source.segments()[0])}, dir.path() / "seg.dcm");

    Study other;
    openInto(other, b);
    CHECK_THROWS_AS(importSegIntoStudy(other, dir.path() / "seg.dcm"), InputError);
    CHECK(other.segments().empty());
    CHECK_FALSE(other.undo());  // nothing was recorded

    Study empty;
    CHECK_THROWS_AS(importSegIntoStudy(empty, dir.path() / "seg.dcm"), InputError);
}
