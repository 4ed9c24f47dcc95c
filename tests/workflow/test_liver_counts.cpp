// Lesion locations and tumour burden kept up to date edit by edit: after any
// sequence of label moves, LiverCounts says what a count of the volumes as
// they are now says.
#include "lsms/workflow/liver_counts.h"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace lsms;
using workflow::LiverLocation;

namespace {

// Counted voxel by voxel here, independently of LiverCounts.
struct Reference {
    std::map<std::uint16_t, LiverLocation> where;
    double lesionsMl = 0, liverMl = 0;
};

Reference reference(const LabelVolume& labels, const MaskVolume& liver) {
    std::map<std::uint16_t, std::pair<std::size_t, std::size_t>> counts;
    std::size_t liverVoxels = 0;
    for (std::size_t v = 0; v < labels.data.size(); ++v) {
        liverVoxels += liver.data[v] != 0;
        if (labels.data[v]) {
            counts[labels.data[v]].first += liver.data[v] != 0;
            ++counts[labels.data[v]].second;
        }
    }
    Reference r;
    std::size_t lesion = 0, outside = 0;
    for (const auto& [label, c] : counts) {
        r.where[label] = workflow::locationOf(c.first, c.second);
        if (r.where[label] == LiverLocation::Liver || r.where[label] == LiverLocation::LiverEdge) {
            lesion += c.second;
            outside += c.second - c.first;
        }
    }
    const double ml = labels.geometry.voxelVolumeMm3() / 1000.0;
    r.lesionsMl = double(lesion) * ml;
    r.liverMl = double(liverVoxels + outside) * ml;
    return r;
}

}  // namespace

TEST_CASE("label moves keep the liver counts equal to a fresh count", "[workflow][liver]") {
    Geometry g;
    g.size = {24, 20, 8};
    g.spacing = {0.8, 0.8, 2.5};
    MaskVolume liver(g, 0);
    for (std::size_t k = 1; k < 7; ++k)
        for (std::size_t j = 2; j < 18; ++j)
            for (std::size_t i = 0; i < 14; ++i) liver.at(i, j, k) = 1;
    LabelVolume labels(g, std::uint16_t(0));
    workflow::LiverCounts counts(labels, liver);
    REQUIRE(counts.liverKnown());

    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> at(0, labels.data.size() - 1), len(1, 40);
    std::uniform_int_distribution<int> label(0, 4);
    for (int step = 0; step < 300; ++step) {
        const std::size_t start = at(rng);
        const std::size_t length = std::min(len(rng), labels.data.size() - start);
        const auto to = std::uint16_t(label(rng));
        // One move per run of equal old labels, as an edit's delta gives them.
        std::size_t v = start;
        while (v < start + length) {
            const std::uint16_t from = labels.data[v];
            std::size_t e = v;
            while (e < start + length && labels.data[e] == from) labels.data[e++] = to;
            counts.move(liver, v, e - v, from, to);
            v = e;
        }
        if (step % 25 == 0 || step == 299) {
            const Reference r = reference(labels, liver);
            INFO("step " << step);
            CHECK(counts.locations() == r.where);
            CHECK(counts.burden(g).lesionsMl == Approx(r.lesionsMl));
            CHECK(counts.burden(g).liverMl == Approx(r.liverMl));
            CHECK(workflow::locateLesions(labels, liver) == r.where);
        }
    }
    // Every location appears: the walk is not trivially inside or outside.
    const auto where = counts.locations();
    CHECK(where.size() == 4);
}

TEST_CASE("without a liver every location is unknown and there is no burden, whatever moves", "[workflow][liver]") {
    Geometry g;
    g.size = {10, 10, 4};
    LabelVolume labels(g, std::uint16_t(0));
    const MaskVolume empty(g, 0);
    workflow::LiverCounts counts(labels, empty);
    CHECK_FALSE(counts.liverKnown());
    for (std::size_t v = 0; v < 30; ++v) labels.data[v] = 2;
    counts.move(empty, 0, 30, 0, 2);
    REQUIRE(counts.locations().size() == 1);
    CHECK(counts.locations().at(2) == LiverLocation::Unknown);
    CHECK(counts.burden(g).liverMl == 0);
    counts.move(empty, 0, 30, 2, 0);
    CHECK(counts.locations().empty());
}
