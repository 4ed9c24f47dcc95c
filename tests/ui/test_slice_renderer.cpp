// Exact pixel output of the 2D slice renderer.
#include "lsms/ui/slice_renderer.h"

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;

namespace {
Study* studyWithSquare(Geometry g) {
    auto* s = new Study;
    CtVolume ct(g, 0.f);
    for (std::size_t k = 0; k < g.size[2]; ++k) ct.set(1, 2, k, 200.f);
    SeriesInfo info;
    info.metadata.modality = "CT";
    s->setVolume(info, ct);
    MaskVolume m(g, 0);
    m.at(3, 4, 2) = 1;
    s->addAiSegment(m, "lesion");
    return s;
}
}  // namespace

TEST_CASE("window/level maps HU to grey exactly", "[ui][render]") {
    Geometry g;
    g.size = {8, 6, 5};
    std::unique_ptr<Study> s(studyWithSquare(g));
    const QImage img = renderSlice(*s, Axis::Axial, 0, {100, 200});  // 0..200 HU -> 0..255
    CHECK(qRed(img.pixel(0, 0)) == 0);    // 0 HU at the bottom of the window
    CHECK(qRed(img.pixel(1, 2)) == 255);  // 200 HU at the top
    const QImage mid = renderSlice(*s, Axis::Axial, 0, {200, 200});  // 100..300
    CHECK(qRed(mid.pixel(1, 2)) == 128);
}

TEST_CASE("overlay colour and opacity blend at the segment's pixel only", "[ui][render]") {
    Geometry g;
    g.size = {8, 6, 5};
    std::unique_ptr<Study> s(studyWithSquare(g));
    edit::Segment seg = s->segments()[0];
    seg.colour = {255, 0, 0};
    seg.opacity = 0.5f;
    s->updateSegment(seg);
    const QImage img = renderSlice(*s, Axis::Axial, 2, {100, 200});
    CHECK(img.pixel(3, 4) == qRgb(128, 0, 0));  // black CT (0 HU -> 0) half-blended with red
    CHECK(img.pixel(2, 4) == qRgb(0, 0, 0));
    s->setOverlaysVisible(false);
    CHECK(renderSlice(*s, Axis::Axial, 2, {100, 200}).pixel(3, 4) == qRgb(0, 0, 0));
}

TEST_CASE("coronal and sagittal images put the head at the top and keep voxel mapping", "[ui][render]") {
    Geometry g;
    g.size = {8, 6, 5};
    const SlicePlane cor(g, Axis::Coronal);
    CHECK(cor.imageSize() == QSize(8, 5));
    CHECK(cor.topLetter() == "S");
    CHECK(cor.bottomLetter() == "I");
    CHECK(cor.leftLetter() == "R");
    CHECK(cor.rightLetter() == "L");
    const Vec3 top = cor.voxel(3, 0, 0);
    CHECK(top[2] == 4);  // row 0 is the most superior slice
    CHECK(top[1] == 3);
    const SlicePlane sag(g, Axis::Sagittal);
    CHECK(sag.leftLetter() == "A");
    CHECK(sag.rightLetter() == "P");
    const Vec3 p{2, 4, 1};
    const QPointF px = sag.pixel(p);
    const Vec3 back = sag.voxel(sag.sliceOf(p), px.x(), px.y());
    CHECK(back == p);
}
