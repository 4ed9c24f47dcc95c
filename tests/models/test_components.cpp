#include "lsms/models/components.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

// Two blobs on a 10x4x3 grid: a big faint one (x 0-3, p 0.6) and a small
// confident one (x 7-8, p 0.95); a lone speck at x 5 would be noise.
ProbabilityVolume twoBlobs() {
    lsms::Geometry g;
    g.size = {10, 4, 3};
    g.spacing = {2, 2, 2};
    ProbabilityVolume p(g, 0);
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t j = 0; j < 4; ++j) {
            for (std::size_t i = 0; i <= 3; ++i) p.at(i, j, k) = std::uint8_t(0.6 * 255);
            if (j < 2)
                for (std::size_t i = 7; i <= 8; ++i) p.at(i, j, k) = std::uint8_t(0.95 * 255);
        }
    return p;
}

std::size_t count(const lsms::MaskVolume& m) {
    std::size_t n = 0;
    for (auto v : m.data) n += v;
    return n;
}

}  // namespace

TEST_CASE("components: 3D components are found and scored", "[components]") {
    lsms::Volume<std::int32_t> labels;
    auto comps = connectedComponents(twoBlobs(), 0.5, labels);
    REQUIRE(comps.size() == 2);
    CHECK(comps[0].voxels + comps[1].voxels == 4 * 4 * 3 + 2 * 2 * 3);
    CHECK(labels.at(0, 0, 0) != labels.at(8, 0, 2));
    CHECK(labels.at(0, 0, 0) == labels.at(3, 3, 2));  // connected across slices
    CHECK(connectedComponents(twoBlobs(), 0.7, labels).size() == 1);
}

TEST_CASE("components: one answer, all, or the smallest as the selection asks", "[components]") {
    auto one = consolidate(twoBlobs(), Selection::One);
    // The big blob carries more probability mass (48 x 0.6 > 12 x 0.95).
    CHECK(count(one.mask) == 48);
    CHECK(one.mask.at(0, 0, 0) == 1);
    CHECK(one.mask.at(8, 0, 0) == 0);
    auto many = consolidate(twoBlobs(), Selection::All);
    CHECK(count(many.mask) == 60);
    ConsolidationOptions strict;
    strict.threshold = 0.9;
    CHECK(count(consolidate(twoBlobs(), Selection::One, strict).mask) == 12);
    auto smallest = consolidate(twoBlobs(), Selection::Smallest);
    CHECK(count(smallest.mask) == 12);
    CHECK(smallest.mask.at(8, 0, 0) == 1);
    ConsolidationOptions large;
    large.minVolumeMl = 1.0;  // both blobs are below 1 ml (48 x 8 mm3)
    CHECK(count(consolidate(twoBlobs(), Selection::All, large).mask) == 0);
}

TEST_CASE("components: answers far from the grid's origin, and an empty answer", "[components]") {
    lsms::Geometry g;
    g.size = {40, 30, 20};
    g.spacing = {2, 2, 2};  // 8 mm3 voxels: both blobs above the smallest answer kept
    ProbabilityVolume p(g, 0);
    // Two blobs touching the far faces of the grid, one diagonal step apart
    // from a third voxel (26-connectivity joins it to the first).
    for (std::size_t k = 15; k < 20; ++k)
        for (std::size_t j = 25; j < 30; ++j)
            for (std::size_t i = 35; i < 40; ++i) p.at(i, j, k) = 230;
    p.at(34, 24, 14) = 200;
    for (std::size_t k = 10; k < 14; ++k)
        for (std::size_t i = 20; i < 22; ++i) p.at(i, 12, k) = 250;
    lsms::Volume<std::int32_t> labels;
    const auto comps = connectedComponents(p, 0.5, labels);
    REQUIRE(comps.size() == 2);
    CHECK(labels.at(34, 24, 14) == labels.at(39, 29, 19));
    CHECK(labels.at(20, 12, 10) != labels.at(39, 29, 19));
    CHECK(labels.at(20, 12, 10) != 0);
    CHECK(labels.at(0, 0, 0) == 0);
    const auto one = consolidate(p, Selection::One);
    CHECK(count(one.mask) == 126);
    CHECK(one.mask.at(34, 24, 14) == 1);
    CHECK(one.mask.at(20, 12, 10) == 0);
    CHECK(count(consolidate(p, Selection::Smallest).mask) == 8);

    const ProbabilityVolume empty(g, 10);
    const auto none = consolidate(empty, Selection::All);
    CHECK(none.components.empty());
    CHECK(count(none.mask) == 0);
    CHECK(none.mask.geometry.size == g.size);
    CHECK(connectedComponents(empty, 0.5, labels).empty());
    CHECK(labels.data.size() == g.voxelCount());
}

TEST_CASE("components: hysteresis grows components into their less certain edges", "[components]") {
    lsms::Geometry g;
    g.size = {12, 5, 2};
    ProbabilityVolume p(g, 0);
    for (std::size_t k = 0; k < 2; ++k)
        for (std::size_t j = 0; j < 5; ++j) {
            for (std::size_t i = 0; i <= 5; ++i) p.at(i, j, k) = std::uint8_t((i >= 2 && i <= 3 ? 0.9 : 0.3) * 255);
            for (std::size_t i = 8; i <= 10; ++i) p.at(i, j, k) = std::uint8_t(0.3 * 255);  // an edge without a core
        }
    const auto plain = labelComponents(p, 0.5);
    REQUIRE(plain.components.size() == 1);
    CHECK(plain.components[0].voxels == 2 * 5 * 2);
    const auto grown = labelComponents(p, 0.5, 0.25);
    REQUIRE(grown.components.size() == 1);  // the core-less edge seeds nothing
    CHECK(grown.components[0].voxels == 6 * 5 * 2);
    CHECK(grown.labelAt(0, 0, 0) == 1);
    CHECK(grown.labelAt(9, 2, 1) == 0);
    CHECK(grown.labelAt(-1, 0, 0) == 0);
}

TEST_CASE("components: candidates the scorer rejects are never kept", "[components]") {
    const auto blobs = twoBlobs();
    const auto labelled = labelComponents(blobs, 0.5);
    REQUIRE(labelled.components.size() == 2);
    const int big = labelled.labelAt(0, 0, 0), small = labelled.labelAt(8, 0, 0);
    std::vector<bool> onlySmall(3, false);
    onlySmall[std::size_t(small)] = true;
    // "One" would take the big blob (more mass), but only the small one passes.
    const auto one = choose(labelled, blobs.geometry, Selection::One, {}, onlySmall);
    CHECK(count(one.mask) == 12);
    CHECK(one.mask.at(8, 0, 0) == 1);
    std::vector<bool> none(3, false);
    CHECK(count(choose(labelled, blobs.geometry, Selection::All, {}, none).mask) == 0);
    // No candidate list: every component passes, as without a scorer.
    CHECK(count(choose(labelled, blobs.geometry, Selection::All).mask) == 60);
    CHECK(one.components.size() == 2);
    CHECK(big != small);
}
