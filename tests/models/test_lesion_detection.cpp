#include "lsms/core/error.h"
#include "lsms/models/lesion_detection.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

// 12x6x2 voxels of 2x2x1 mm (0.004 ml each).
lsms::Geometry grid() {
    lsms::Geometry g;
    g.size = {12, 6, 2};
    g.spacing = {2, 2, 1};
    return g;
}

template <typename V, typename T>
void fill(V& v, int x0, int x1, int y0, int y1, int k0, int k1, T value) {
    for (int k = k0; k <= k1; ++k)
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) v.at(std::size_t(x), std::size_t(y), std::size_t(k)) = value;
}

}  // namespace

TEST_CASE("lesion detection: lesions found, touched and missed, by diameter", "[metrics]") {
    lsms::LabelVolume truth(grid(), 0);
    fill(truth, 0, 3, 0, 1, 0, 1, std::uint16_t(1));   // 16 voxels, 8.2 mm across its pixel outline
    fill(truth, 6, 11, 0, 5, 0, 1, std::uint16_t(2));  // 72 voxels, a 12 mm square
    fill(truth, 4, 4, 5, 5, 1, 1, std::uint16_t(3));   // one voxel, never marked

    ProbabilityVolume prob(grid(), 0);
    fill(prob, 0, 4, 0, 1, 0, 1, std::uint8_t(200));   // lesion 1 and one column beside it: IoU 16/20
    fill(prob, 6, 7, 0, 5, 0, 1, std::uint8_t(200));   // a third of lesion 2 ...
    fill(prob, 9, 11, 0, 5, 0, 0, std::uint8_t(200));  // ... and another piece: together 42/72
    fill(prob, 2, 2, 4, 4, 0, 0, std::uint8_t(200));   // one voxel on no lesion
    const auto found = labelComponents(prob, 0.5);
    REQUIRE(found.components.size() == 4);

    const auto all = findLesions(found, truth, 0.0);
    REQUIRE(all.lesions.size() == 3);
    CHECK(all.lesions[0].id == 1);
    CHECK(all.lesions[0].voxels == 16);
    CHECK(all.lesions[0].iou == Approx(16.0 / 20));
    // edit::measureSegment's long axis: under 5 pixels thick, across the pixel
    // outline, from the middle of one end pixel's outer edge to the far corner's edge.
    CHECK(all.lesions[0].diameterMm == Approx(std::hypot(8.0, 2.0)));
    CHECK(all.lesions[0].found());
    // Two components on one lesion count as their union.
    CHECK(all.lesions[1].iou == Approx(42.0 / 72));
    // On the smoothed outline: more than the side, less than the diagonal.
    CHECK(all.lesions[1].diameterMm > 12.0);
    CHECK(all.lesions[1].diameterMm < 12.0 * std::sqrt(2.0));
    CHECK(all.lesions[1].found());
    CHECK(all.lesions[2].iou == 0);
    CHECK_FALSE(all.lesions[2].touched());
    CHECK(all.components == 4);
    CHECK(all.falseComponents == 1);

    // The one-voxel false component is below the answer's minimum volume.
    const auto big = findLesions(found, truth, 0.005);
    CHECK(big.components == 3);
    CHECK(big.falseComponents == 0);

    DetectionAccumulator acc;
    acc.add(all);
    acc.add(all);
    const auto& r = acc.result();
    CHECK(r.cases == 2);
    CHECK(r.lesions == 6);
    CHECK(r.found == 4);
    CHECK(r.touched == 4);
    CHECK(r.falseComponents == 2);
    REQUIRE(r.byDiameter.size() == 4);
    CHECK(r.byDiameter[0].range == "< 10 mm");
    CHECK(r.byDiameter[0].lesions == 4);  // lesions 1 and 3
    CHECK(r.byDiameter[0].found == 2);
    CHECK(r.byDiameter[1].lesions == 2);
    CHECK(r.byDiameter[1].found == 2);
    CHECK(r.byDiameter[2].lesions + r.byDiameter[3].lesions == 0);
    CHECK(toJson(r).find("\"false_components\":2") != std::string::npos);
}

TEST_CASE("lesion detection: a lesion inside a piece three times its size is touched, not found", "[metrics]") {
    lsms::LabelVolume truth(grid(), 0);
    fill(truth, 0, 3, 0, 1, 0, 1, std::uint16_t(1));
    ProbabilityVolume prob(grid(), 0);
    fill(prob, 0, 7, 0, 2, 0, 1, std::uint8_t(255));  // three times the lesion
    const auto d = findLesions(labelComponents(prob, 0.5), truth, 0.0);
    REQUIRE(d.lesions.size() == 1);
    CHECK(d.lesions[0].iou == Approx(16.0 / 48));
    CHECK(d.lesions[0].touched());
    CHECK_FALSE(d.lesions[0].found());
    CHECK(d.falseComponents == 0);

    // Nothing marked: every lesion missed, no components.
    const auto none = findLesions(labelComponents(ProbabilityVolume(grid(), 0), 0.5), truth, 0.0);
    CHECK(none.components == 0);
    CHECK_FALSE(none.lesions.at(0).touched());

    lsms::Geometry other = grid();
    other.size = {6, 6, 2};
    CHECK_THROWS_AS(findLesions(labelComponents(prob, 0.5), lsms::LabelVolume(other, 0), 0.0), lsms::InputError);
}

TEST_CASE("lesion detection: IoU 0.5 is found, a piece over two lesions, small pieces, off the origin", "[metrics]") {
    lsms::LabelVolume truth(grid(), 0);
    fill(truth, 2, 6, 3, 3, 1, 1, std::uint16_t(1));    // 5 voxels, exactly 10 mm across their pixel edges
    fill(truth, 9, 10, 3, 4, 0, 1, std::uint16_t(2));   // 8 voxels
    fill(truth, 9, 10, 0, 0, 0, 0, std::uint16_t(3));   // 2 voxels
    ProbabilityVolume prob(grid(), 0);
    fill(prob, 2, 6, 2, 3, 1, 1, std::uint8_t(255));    // lesion 1 and as much again: IoU 5/10, found
    fill(prob, 9, 10, 3, 5, 0, 1, std::uint8_t(255));   // lesion 2 and a row more: 8/12
    fill(prob, 9, 9, 0, 0, 0, 0, std::uint8_t(255));    // one voxel of lesion 3
    const auto found = labelComponents(prob, 0.5);
    REQUIRE(found.lo[0] == 2);  // the labelled box does not start at the origin
    REQUIRE(found.components.size() == 3);

    const auto all = findLesions(found, truth, 0.0);
    REQUIRE(all.lesions.size() == 3);
    CHECK(all.lesions[0].iou == Approx(0.5));
    CHECK(all.lesions[0].found());
    CHECK(all.lesions[0].diameterMm == Approx(10.0));
    CHECK(all.lesions[1].iou == Approx(8.0 / 12));
    CHECK(all.lesions[2].iou == Approx(0.5));  // 1 of 2 voxels, a 1-voxel piece

    // Below the minimum volume (one voxel is 0.004 ml) a piece counts for nothing,
    // not even on a lesion.
    const auto big = findLesions(found, truth, 0.005);
    CHECK(big.components == 2);
    CHECK_FALSE(big.lesions[2].touched());

    DetectionAccumulator acc;
    acc.add(all);
    CHECK(acc.result().byDiameter[1].lesions == 1);  // 10 mm is in "10-20 mm"

    // One piece over lesions 2 and 3: each is judged against the whole piece.
    fill(prob, 9, 10, 0, 2, 0, 0, std::uint8_t(255));
    const auto merged = findLesions(labelComponents(prob, 0.5), truth, 0.0);
    REQUIRE(merged.components == 2);
    // The piece: x 9-10, y 0-5 on slice 0 (12 voxels) and y 3-5 on slice 1 (6).
    CHECK(merged.lesions[1].iou == Approx(8.0 / 18));
    CHECK(merged.lesions[2].iou == Approx(2.0 / 18));
    CHECK(merged.falseComponents == 0);
}

TEST_CASE("lesion detection: FROC points from the pieces' confidences", "[detection]") {
    // Two volumes: lesions found with confidences 0.9 and 0.7; false pieces
    // 0.95 and 0.8 (and one more of 0.6 in the second volume).
    auto lesion = [](int id, double score) {
        LesionFinding f;
        f.id = id;
        f.diameterMm = 15;
        f.voxels = 100;
        f.iou = 0.8;
        f.score = score;
        return f;
    };
    CaseDetection a, b;
    a.lesions = {lesion(1, 0.9)};
    a.components = 2;
    a.falseComponents = 1;
    a.falseScores = {0.95};
    b.lesions = {lesion(1, 0.7), lesion(2, 0.0)};
    b.lesions[1].iou = 0;  // missed
    b.components = 3;
    b.falseComponents = 2;
    b.falseScores = {0.8, 0.6};
    DetectionAccumulator acc;
    acc.add(a);
    acc.add(b);
    const auto& froc = acc.result().froc;
    REQUIRE(froc.size() == 3);
    // <= 1 false piece in all: keep pieces >= 0.9 (one false), one lesion of three.
    CHECK(froc[0].falsePerVolume == 0.5);
    CHECK(froc[0].sensitivity == Approx(1.0 / 3.0));
    // <= 2: keep >= 0.7 (0.95, 0.8 false), both found lesions.
    CHECK(froc[1].sensitivity == Approx(2.0 / 3.0));
    // <= 4: everything; the missed lesion stays missed.
    CHECK(froc[2].sensitivity == Approx(2.0 / 3.0));
}
