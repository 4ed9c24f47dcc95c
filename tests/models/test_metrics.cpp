#include "lsms/core/error.h"
#include "lsms/models/metrics.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

std::vector<std::uint8_t> mask(const std::string& s) {
    std::vector<std::uint8_t> m;
    for (char c : s) m.push_back(c == '#' ? 1 : 0);
    return m;
}

lsms::Geometry grid(std::size_t nx, std::size_t ny, std::size_t nz) {
    lsms::Geometry g;
    g.size = {nx, ny, nz};
    return g;
}

}  // namespace

TEST_CASE("metrics: IoU and Dice on hand-made masks", "[metrics]") {
    auto p = mask("##..##..");
    auto t = mask("###.....");
    auto o = overlap(p.data(), t.data(), p.size());
    CHECK(o.intersection == 2);
    CHECK(o.unionCount() == 5);
    CHECK(o.iou() == Approx(2.0 / 5.0));
    CHECK(o.dice() == Approx(4.0 / 7.0));

    auto empty = mask("........");
    CHECK(overlap(empty.data(), empty.data(), 8).iou() == 1.0);  // "none" answered with nothing
    CHECK(overlap(p.data(), empty.data(), 8).iou() == 0.0);
    CHECK(overlap(empty.data(), t.data(), 8).dice() == 0.0);
}

TEST_CASE("metrics: mIoU, oIoU and precision@k over samples", "[metrics]") {
    SliceMetricAccumulator acc;
    // IoU 1 (4 px), IoU 0.5 (2/4), IoU 0.8 (8/10), empty/empty.
    auto a = mask("####"), b = mask("##..");
    auto c = mask("####..."), d = mask("..##...");
    acc.add(overlap(a.data(), a.data(), 4));
    Overlap half;
    half.intersection = 2;
    half.predicted = 4;
    half.target = 2;
    acc.add(half);
    Overlap big;
    big.intersection = 8;
    big.predicted = 10;
    big.target = 8;
    acc.add(big);
    acc.add(Overlap{});
    const auto m = acc.result();
    CHECK(m.samples == 4);
    CHECK(m.mIoU == Approx((1.0 + 0.5 + 0.8 + 1.0) / 4));
    CHECK(m.oIoU == Approx((4.0 + 2 + 8) / (4.0 + 4 + 10)));
    CHECK(m.precisionAt50 == Approx(3.0 / 4));  // 0.5 is not > 0.5
    CHECK(m.precisionAt70 == Approx(3.0 / 4));
    CHECK(m.precisionAt90 == Approx(2.0 / 4));
    CHECK(m.dice == Approx((1.0 + 2.0 * 2 / 6 + 2.0 * 8 / 18 + 1.0) / 4));
    CHECK(overlap(c.data(), d.data(), 7).iou() == Approx(0.5));
}

TEST_CASE("metrics: referring accuracy in 3D", "[metrics]") {
    // Two lesions on a 4x1x2 grid: lesion 1 at x 0-1, lesion 2 at x 2-3 (both slices).
    lsms::LabelVolume labels(grid(4, 1, 2), 0);
    for (std::size_t k = 0; k < 2; ++k) {
        labels.at(0, 0, k) = labels.at(1, 0, k) = 1;
        labels.at(2, 0, k) = labels.at(3, 0, k) = 2;
    }
    lsms::MaskVolume pred(labels.geometry, 0);
    auto set = [&](std::initializer_list<std::size_t> xs) {
        std::fill(pred.data.begin(), pred.data.end(), 0);
        for (std::size_t k = 0; k < 2; ++k)
            for (auto x : xs) pred.at(x, 0, k) = 1;
    };
    set({0, 1});
    CHECK(judgeReferring(pred, labels, {1}).correct);
    CHECK(judgeReferring(pred, labels, {1}).dice == Approx(1.0));
    CHECK_FALSE(judgeReferring(pred, labels, {2}).correct);
    CHECK_FALSE(judgeReferring(pred, labels, {}).correct);  // "none" needs an empty mask
    CHECK(judgeReferring(pred, labels, {1, 2}).dice == Approx(2.0 * 4 / (4 + 8)));

    set({0, 1, 2, 3});  // both: right for {1,2}, wrong for {1} (IoU 0.5 with lesion 2)
    CHECK(judgeReferring(pred, labels, {1, 2}).correct);
    CHECK_FALSE(judgeReferring(pred, labels, {1}).correct);

    set({0, 1, 2});  // all of lesion 1, half of lesion 2: what the answer touches, and how much
    const auto touched = judgeReferring(pred, labels, {1});
    CHECK(touched.predictedVoxels == 6);
    REQUIRE(touched.lesionIoU.size() == 2);
    CHECK(touched.lesionIoU[0].first == 1);
    CHECK(touched.lesionIoU[0].second == Approx(4.0 / 6));
    CHECK(touched.lesionIoU[1].first == 2);
    CHECK(touched.lesionIoU[1].second == Approx(2.0 / 8));

    set({});
    CHECK(judgeReferring(pred, labels, {}).correct);
    CHECK(judgeReferring(pred, labels, {}).lesionIoU.empty());
    CHECK_FALSE(judgeReferring(pred, labels, {1}).correct);

    lsms::MaskVolume other(grid(2, 2, 2), 0);
    CHECK_THROWS_AS(judgeReferring(other, labels, {1}), lsms::InputError);
}
