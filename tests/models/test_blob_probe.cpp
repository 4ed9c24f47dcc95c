#include "lsms/core/error.h"
#include "lsms/models/blob_probe.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace lsms::models;

namespace {

// A block of "liver" (100 HU, white noise) on 1 x 1 x 2 mm voxels holding
// dark balls of the given radii (mm) at 55 HU, labelled 1, 2, ...
struct BallCase {
    lsms::CtVolume ct;
    lsms::MaskVolume liver;
    lsms::LabelVolume labels;
};

BallCase balls(const std::vector<double>& radii, double noiseHu, std::uint64_t seed) {
    lsms::Geometry g;
    g.size = {150, 70, 40};
    g.spacing = {1, 1, 2};
    BallCase c{lsms::CtVolume(g, -100.f), lsms::MaskVolume(g, 0), lsms::LabelVolume(g, 0)};
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> noise(0.f, float(noiseHu));
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) {
                const bool in = i >= 5 && i < 145 && j >= 5 && j < 65 && k >= 2 && k < 38;
                c.liver.at(i, j, k) = in;
                float hu = in ? 100.f : -100.f;
                for (std::size_t b = 0; b < radii.size(); ++b) {
                    const double x = 25.0 + 45.0 * double(b), y = 35, z = 40;
                    const double d = std::hypot(double(i) - x, double(j) - y, 2.0 * double(k) - z);
                    if (d <= radii[b]) hu = 55.f, c.labels.at(i, j, k) = std::uint16_t(b + 1);
                }
                c.ct.set(i, j, k, hu + noise(rng));
            }
    return c;
}

}  // namespace

TEST_CASE("blob probe: dark balls of 3, 6 and 12 mm radius in a noisy liver are seen, the larger found whole, with few false pieces",
          "[probe]") {
    const auto c = balls({3, 6, 12}, 10, 7);
    const auto d = probeLesions(c.ct, c.liver, c.labels);
    REQUIRE(d.lesions.size() == 3);
    // The 3 mm ball is a few voxels on 2 mm slices: its piece, blurred by
    // the finest scale, touches it; the larger ones are found (IoU >= 0.5).
    CHECK(d.lesions[0].touched());
    for (std::size_t b = 1; b < 3; ++b) {
        INFO("lesion " << d.lesions[b].id << " IoU " << d.lesions[b].iou);
        CHECK(d.lesions[b].found());
    }
    CHECK(d.falseComponents <= 1);
}

TEST_CASE("blob probe: a noise-only liver gives at most one false piece", "[probe]") {
    const auto c = balls({}, 10, 11);
    const auto d = probeLesions(c.ct, c.liver, c.labels);
    CHECK(d.lesions.empty());
    CHECK(d.falseComponents <= 1);
}

TEST_CASE("blob probe: a lesion twice the noise's contrast below the liver is still seen, a bright one too",
          "[probe]") {
    auto c = balls({8}, 22, 3);  // contrast 45 HU against 22 HU noise
    auto d = probeLesions(c.ct, c.liver, c.labels);
    REQUIRE(d.lesions.size() == 1);
    CHECK(d.lesions[0].touched());
    // The same ball made bright: only the dark-only probe misses it.
    for (std::size_t v = 0; v < c.ct.data.size(); ++v)
        if (c.labels.data[v]) c.ct.data.set(v, c.ct.data[v] + 90.f);
    CHECK(probeLesions(c.ct, c.liver, c.labels).lesions[0].touched());
    BlobProbeOptions darkOnly;
    darkOnly.bright = false;
    CHECK_FALSE(probeLesions(c.ct, c.liver, c.labels, darkOnly).lesions[0].touched());
}

TEST_CASE("blob probe: a mask on another grid, an empty mask and bad levels are refused", "[probe]") {
    const auto c = balls({5}, 5, 1);
    lsms::Geometry other = c.ct.geometry;
    other.size[0] = 10;
    CHECK_THROWS_AS(blobEvidence(c.ct, lsms::MaskVolume(other, 1)), lsms::InputError);
    CHECK_THROWS_AS(blobEvidence(c.ct, lsms::MaskVolume(c.ct.geometry, 0)), lsms::InputError);
    BlobProbeOptions bad;
    bad.detect = bad.saturation + 1;
    CHECK_THROWS_AS(probeLesions(c.ct, c.liver, c.labels, bad), lsms::InputError);
}
