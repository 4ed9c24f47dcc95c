// The study's lesion locations and tumour burden follow every edit from its
// changed voxels alone: after strokes across the liver's edge, an erase, an
// undo, a redo, an abandoned stroke and a removed segment they equal a fresh
// count of the labels against the liver.
#include "lsms/ui/study.h"
#include "qt_app.h"
#include "small_study.h"

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

void checkFresh(const Study& s, const char* after) {
    INFO("after " << after);
    const auto& liver = s.liver()->mask;
    CHECK(s.lesionLocations() == workflow::locateLesions(s.labels(), liver));
    const auto fresh = workflow::tumourBurden(s.labels(), liver);
    CHECK(s.tumourBurden().lesionsMl == Approx(fresh.lesionsMl));
    CHECK(s.tumourBurden().liverMl == Approx(fresh.liverMl));
}

void stroke(Study& s, BrushMode mode, std::uint16_t label, double k, double i0, double i1) {
    edit::BrushShape shape;
    shape.radiusMm = 3.0;
    s.beginStroke(mode, label, shape);
    for (double i = i0; i <= i1; i += 2) s.strokeTo({i, 20, k});
    s.endStroke();
}

}  // namespace

TEST_CASE("lesion locations and tumour burden follow each edit", "[ui][liver]") {
    ensureApp();
    Study s;
    const CtVolume ct = smallCt();
    s.setVolume(SeriesInfo{}, ct);
    const auto& g = ct.geometry;
    auto liver = std::make_shared<workflow::LiverContext>();
    liver->mask = MaskVolume(g, 0);
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0] / 2; ++i) liver->mask.at(i, j, k) = 1;
    liver->volumeMl = 1;
    REQUIRE(s.setLiver(liver));
    const double mid = double(g.size[0]) / 2, k = double(g.size[2]) / 2;

    const std::uint16_t a = s.addManualSegment("inside");
    const std::uint16_t b = s.addManualSegment("across");
    checkFresh(s, "two empty segments");
    stroke(s, BrushMode::Paint, a, k, mid - 14, mid - 6);
    checkFresh(s, "a stroke inside the liver");
    CHECK(s.lesionLocations().at(a) == workflow::LiverLocation::Liver);
    stroke(s, BrushMode::Paint, b, k, mid - 3, mid + 3);
    checkFresh(s, "a stroke across its edge");
    CHECK(s.lesionLocations().at(b) == workflow::LiverLocation::LiverEdge);
    stroke(s, BrushMode::Paint, b, k, mid - 10, mid - 8);  // over a: b takes a's voxels
    checkFresh(s, "a stroke over another segment");
    stroke(s, BrushMode::Erase, a, k, mid - 14, mid - 12);
    checkFresh(s, "an erase");
    REQUIRE(s.undo());
    checkFresh(s, "an undo");
    REQUIRE(s.redo());
    checkFresh(s, "a redo");

    // A stroke left unfinished, asked about mid-stroke, then rolled back.
    edit::BrushShape shape;
    shape.radiusMm = 3.0;
    s.beginStroke(BrushMode::Paint, a, shape);
    s.strokeTo({mid + 8, 20, k});
    checkFresh(s, "a dab of a held stroke");
    s.beginStroke(BrushMode::Paint, a, shape);
    checkFresh(s, "the held stroke rolled back");
    s.endStroke();
    stroke(s, BrushMode::Paint, a, k, mid + 6, mid + 10);
    checkFresh(s, "a stroke outside the liver");

    s.removeSegment(b);
    checkFresh(s, "a removed segment");
    CHECK(s.lesionLocations().count(b) == 0);
    s.markSaved();
}
