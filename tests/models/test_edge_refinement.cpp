#include "lsms/core/error.h"
#include "lsms/models/edge_refinement.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace lsms::models;

namespace {

// A ring-enhancing lesion on a 1x1x2 mm grid: a dark core (40 HU, radius
// 5 mm) in a bright rim (160 HU, out to 7 mm) in liver (100 HU), with noise
// of SD 5 HU; a bright vessel (180 HU) runs along x against the rim's top
// (y 27-28, on the lesion's middle slice). With `fatFromX`, fat (-100 HU)
// fills everything outside the lesion from that column on.
struct Scene {
    lsms::CtVolume ct;
    double radius(std::size_t i, std::size_t j, std::size_t k) const {
        const double dx = double(i) - 20, dy = double(j) - 20, dz = (double(k) - 10) * 2;
        return std::sqrt(dx * dx + dy * dy + dz * dz);
    }
};

Scene ringLesion(double rimHu = 160, double coreHu = 40, std::size_t fatFromX = 1000) {
    lsms::Geometry g;
    g.size = {40, 40, 20};
    g.spacing = {1, 1, 2};
    Scene s;
    s.ct = lsms::CtVolume(g, 100.f);
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0, 5);
    for (std::size_t k = 0; k < 20; ++k)
        for (std::size_t j = 0; j < 40; ++j)
            for (std::size_t i = 0; i < 40; ++i) {
                const double r = s.radius(i, j, k);
                double hu = r < 5 ? coreHu : r < 7 ? rimHu : 100;
                if (r >= 7 && j >= 27 && j <= 28 && k == 10) hu = 180;
                if (r >= 7 && i >= fatFromX) hu = -100;
                s.ct.set(i, j, k, float(hu + noise(rng)));
            }
    return s;
}

// What the network marked: voxels within `markMm` of the lesion's centre,
// plus, when `second`, a separate component on a patch of the rim that
// the lesion's growth would otherwise take in.
ProbabilityVolume marks(const Scene& s, double markMm, bool second) {
    ProbabilityVolume p(s.ct.geometry, 0);
    for (std::size_t k = 0; k < 20; ++k)
        for (std::size_t j = 0; j < 40; ++j)
            for (std::size_t i = 0; i < 40; ++i) {
                if (s.radius(i, j, k) < markMm) p.at(i, j, k) = 255;
                if (second && i >= 26 && i <= 27 && j >= 19 && j <= 21 && k == 10) p.at(i, j, k) = 255;
            }
    return p;
}

struct Counts {
    std::size_t inLesion = 0, lesion = 0, outside = 0, beyond = 0;
};

Counts count(const Scene& s, const lsms::MaskVolume& m, double beyondMm) {
    Counts c;
    for (std::size_t k = 0; k < 20; ++k)
        for (std::size_t j = 0; j < 40; ++j)
            for (std::size_t i = 0; i < 40; ++i) {
                const bool in = s.radius(i, j, k) < 7;
                c.lesion += in;
                if (m.at(i, j, k)) (in ? c.inLesion : c.outside) += 1;
                if (m.at(i, j, k) && s.radius(i, j, k) > beyondMm) ++c.beyond;
            }
    return c;
}

}  // namespace

TEST_CASE("edge refinement: a core-only mark grows to the lesion's rim and no farther", "[edges]") {
    const auto s = ringLesion();
    const auto labelled = labelComponents(marks(s, 3.5, false), 0.5);
    REQUIRE(labelled.components.size() == 1);
    auto answer = choose(labelled, s.ct.geometry, Selection::All);
    const auto before = count(s, answer.mask, 100);
    CHECK(double(before.inLesion) / double(before.lesion) < 0.25);

    const auto e = refineEdge(s.ct, labelled, 1, answer.mask);
    REQUIRE(e.applied);
    CHECK(e.surroundingHu == Approx(100).margin(3));
    CHECK(e.lesionHu == Approx(40).margin(3));
    CHECK(e.cutHu == Approx(30).margin(3));  // half the core's contrast, above 2 SDs of noise
    const auto after = count(s, answer.mask, 7.5);
    CHECK(e.added == after.inLesion + after.outside - before.inLesion);
    CHECK(double(after.inLesion) / double(after.lesion) > 0.95);  // the bright rim included
    // The vessel against the rim differs from liver about as much as the rim
    // does; only the 4 mm the mark may grow stops it.
    CHECK(count(s, answer.mask, 3.5 + 4 + 0.01).beyond == 0);
    CHECK(after.outside < after.lesion / 10);
}

TEST_CASE("edge refinement: growth stops at fat beside the lesion", "[edges]") {
    const auto s = ringLesion(160, 40, 27);  // fat against the rim's right side (x >= 27)
    const auto labelled = labelComponents(marks(s, 3.5, false), 0.5);
    auto answer = choose(labelled, s.ct.geometry, Selection::All);
    const auto e = refineEdge(s.ct, labelled, 1, answer.mask);
    REQUIRE(e.applied);
    CHECK(e.added > 0);
    std::size_t inFat = 0;
    for (std::size_t k = 0; k < 20; ++k)
        for (std::size_t j = 0; j < 40; ++j)
            for (std::size_t i = 27; i < 40; ++i) inFat += answer.mask.at(i, j, k);
    CHECK(inFat == 0);  // within 4 mm of the mark and 140 HU past the cut, but fat
}

TEST_CASE("edge refinement: a mark wider than the lesion is trimmed to it", "[edges]") {
    const auto s = ringLesion(100, 40);  // no rim: a plain hypodense lesion of radius 5 mm
    const auto labelled = labelComponents(marks(s, 6.5, false), 0.5);
    auto answer = choose(labelled, s.ct.geometry, Selection::All);
    const auto original = answer.mask;
    auto untrimmed = answer.mask;
    const auto e = refineEdge(s.ct, labelled, 1, answer.mask);
    REQUIRE(e.applied);
    CHECK(e.removed > 0);
    std::size_t both = 0, either = 0;
    for (std::size_t k = 0; k < 20; ++k)
        for (std::size_t j = 0; j < 40; ++j)
            for (std::size_t i = 0; i < 40; ++i) {
                const bool truth = s.radius(i, j, k) < 5;
                both += truth && answer.mask.at(i, j, k);
                either += truth || answer.mask.at(i, j, k);
            }
    CHECK(double(both) / double(either) > 0.85);
    // Without trimming, the mark can only grow.
    EdgeRefinementOptions grow;
    grow.trim = false;
    const auto g = refineEdge(s.ct, labelled, 1, untrimmed, grow);
    CHECK(g.removed == 0);
    for (std::size_t v = 0; v < untrimmed.data.size(); ++v)
        if (original.data[v]) CHECK(untrimmed.data[v] == 1);
}

TEST_CASE("edge refinement: another component is never entered", "[edges]") {
    const auto s = ringLesion();
    const auto labelled = labelComponents(marks(s, 3.5, true), 0.5);
    REQUIRE(labelled.components.size() == 2);
    const int lesion = labelled.labelAt(20, 20, 10), patch = labelled.labelAt(26, 20, 10);
    REQUIRE((lesion != patch && patch > 0));
    auto answer = choose(labelled, s.ct.geometry, Selection::All, {}, {false, lesion == 1, lesion == 2});
    REQUIRE(answer.kept == std::vector<int>{lesion});
    const auto e = refineEdge(s.ct, labelled, lesion, answer.mask);
    REQUIRE(e.added > 0);
    CHECK(answer.mask.at(20, 26, 10) == 1);  // the rim elsewhere is taken in
    for (long k = 0; k < 20; ++k)
        for (long j = 0; j < 40; ++j)
            for (long i = 0; i < 40; ++i)
                if (labelled.labelAt(i, j, k) == patch) CHECK(answer.mask.at(std::size_t(i), std::size_t(j), std::size_t(k)) == 0);
}

TEST_CASE("edge refinement: a mark without contrast to its surroundings is left alone", "[edges]") {
    const auto s = ringLesion(100, 104);  // no rim; the core 4 HU from liver, under the noise
    const auto labelled = labelComponents(marks(s, 3.5, false), 0.5);
    auto answer = choose(labelled, s.ct.geometry, Selection::All);
    const auto before = answer.mask.data;
    const auto e = refineEdge(s.ct, labelled, 1, answer.mask);
    CHECK_FALSE(e.applied);
    CHECK(e.added == 0);
    CHECK(answer.mask.data == before);
}

TEST_CASE("edge refinement: mismatched grids and unknown labels are errors", "[edges]") {
    const auto s = ringLesion();
    const auto labelled = labelComponents(marks(s, 3.5, false), 0.5);
    auto answer = choose(labelled, s.ct.geometry, Selection::All);
    CHECK_THROWS_AS(refineEdge(s.ct, labelled, 2, answer.mask), lsms::InputError);
    auto other = s.ct.geometry;
    other.size[2] = 19;
    lsms::MaskVolume small(other, 0);
    CHECK_THROWS_AS(refineEdge(s.ct, labelled, 1, small), lsms::InputError);
    // A grid without spacing has no distances: refused, the mask untouched.
    auto flat = s;
    flat.ct.geometry.spacing[2] = 0;
    const auto flatLabels = labelComponents(marks(flat, 3.5, false), 0.5);
    auto flatAnswer = choose(flatLabels, flat.ct.geometry, Selection::All);
    const auto before = flatAnswer.mask.data;
    CHECK_THROWS_AS(refineEdge(flat.ct, flatLabels, 1, flatAnswer.mask), lsms::InputError);
    CHECK(flatAnswer.mask.data == before);
}
