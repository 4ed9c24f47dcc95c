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
    fill(truth, 0, 3, 0, 1, 0, 1, std::uint16_t(1));   // 16 voxels, 6.3 mm across
    fill(truth, 6, 11, 0, 5, 0, 1, std::uint16_t(2));  // 72 voxels, 14.1 mm across
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
    CHECK(all.lesions[0].diameterMm == Approx(std::hypot(6.0, 2.0)));
    CHECK(all.lesions[0].found());
    // Two components on one lesion count as their union.
    CHECK(all.lesions[1].iou == Approx(42.0 / 72));
    CHECK(all.lesions[1].diameterMm == Approx(std::hypot(10.0, 10.0)));
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

TEST_CASE("lesion detection: a lesion covered by half a component is touched, not found", "[metrics]") {
    lsms::LabelVolume truth(grid(), 0);
    fill(truth, 0, 3, 0, 1, 0, 1, std::uint16_t(1));
    ProbabilityVolume prob(grid(), 0);
    fill(prob, 0, 7, 0, 1, 0, 1, std::uint8_t(255));  // twice the lesion: IoU 0.5 is found, more is not
    fill(prob, 0, 7, 2, 2, 0, 1, std::uint8_t(255));
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
