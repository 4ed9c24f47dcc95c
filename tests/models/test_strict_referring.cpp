// The strict referring judgement on hand-made masks, including the answers
// the lenient one (set IoU >= 0.5) passes wrongly.
#include "lsms/core/error.h"
#include "lsms/models/metrics.h"
#include "lsms/models/strict_referring.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

// A 40 x 20 x 1 grid with three lesions: 1 big (x 0-19), 2 and 3 small
// (x 24-27 and x 32-35), all on rows 5-8.
lsms::LabelVolume threeLesions() {
    lsms::Geometry g;
    g.size = {40, 20, 1};
    lsms::LabelVolume l(g, 0);
    for (std::size_t j = 5; j <= 8; ++j) {
        for (std::size_t i = 0; i <= 19; ++i) l.at(i, j, 0) = 1;
        for (std::size_t i = 24; i <= 27; ++i) l.at(i, j, 0) = 2;
        for (std::size_t i = 32; i <= 35; ++i) l.at(i, j, 0) = 3;
    }
    return l;
}

lsms::MaskVolume answerOf(const lsms::LabelVolume& labels, std::initializer_list<int> ids) {
    lsms::MaskVolume m(labels.geometry, 0);
    for (std::size_t i = 0; i < m.data.size(); ++i)
        for (int id : ids) m.data[i] |= labels.data[i] == id;
    return m;
}

}  // namespace

TEST_CASE("strict referring: a set with a small member missed passes leniently, fails strictly", "[metrics]") {
    const auto labels = threeLesions();
    const auto answer = answerOf(labels, {1});  // "the three focal lesions": only the big one found
    CHECK(judgeReferring(answer, labels, {1, 2, 3}).correct);
    const auto j = judgeStrict(answer, labels, {1, 2, 3});
    CHECK_FALSE(j.correct);
    CHECK(j.missed == std::vector<int>{2, 3});
    CHECK(j.taken.empty());
    REQUIRE(j.referredDice.size() == 3);
    CHECK(j.referredDice[0].second == Approx(1.0));
    CHECK(j.referredDice[1].second == 0.0);
    CHECK(j.meanReferredDice() == Approx(1.0 / 3.0));
}

TEST_CASE("strict referring: every referred lesion found and nothing else is right", "[metrics]") {
    const auto labels = threeLesions();
    auto answer = answerOf(labels, {2, 3});
    answer.at(23, 6, 0) = 1;  // a voxel beyond lesion 2's edge: still its own IoU >= 0.5
    const auto j = judgeStrict(answer, labels, {2, 3});
    CHECK(j.correct);
    CHECK(j.meanReferredDice() > 0.9);
    // A smaller lenient failure: the referred set's IoU is fine, but another
    // lesion is more than half covered.
    auto more = answerOf(labels, {1, 2});
    for (std::size_t i = 32; i <= 34; ++i)
        for (std::size_t jj = 5; jj <= 8; ++jj) more.at(i, jj, 0) = 1;
    CHECK(judgeReferring(more, labels, {1, 2}).correct);
    const auto k = judgeStrict(more, labels, {1, 2});
    CHECK_FALSE(k.correct);
    CHECK(k.taken == std::vector<int>{3});
}

TEST_CASE("strict referring: one piece merged over two lesions finds neither on its own", "[metrics]") {
    const auto labels = threeLesions();
    auto answer = answerOf(labels, {2, 3});
    for (std::size_t i = 28; i <= 31; ++i)
        for (std::size_t jj = 5; jj <= 8; ++jj) answer.at(i, jj, 0) = 1;  // a bridge
    const auto j = judgeStrict(answer, labels, {2});
    CHECK_FALSE(j.correct);
    CHECK(j.missed == std::vector<int>{2});  // IoU 16 / 48 with the merged piece
    CHECK(j.taken == std::vector<int>{3});
}

TEST_CASE("strict referring: none prompts, grids and ids", "[metrics]") {
    const auto labels = threeLesions();
    CHECK(judgeStrict(lsms::MaskVolume(labels.geometry, 0), labels, {}).correct);
    auto speck = lsms::MaskVolume(labels.geometry, 0);
    speck.at(39, 19, 0) = 1;
    CHECK_FALSE(judgeStrict(speck, labels, {}).correct);
    lsms::Geometry other = labels.geometry;
    other.size = {40, 21, 1};
    CHECK_THROWS_AS(judgeStrict(lsms::MaskVolume(other, 0), labels, {1}), lsms::InputError);
    CHECK_THROWS_AS(judgeStrict(speck, labels, {0}), lsms::InputError);
}
