// The lesions an answer leaves out (components.h leftOut, SegmentationAnswer::
// candidates): what the network found that the sentence or the selection did
// not keep, for the viewer to offer.
#include "lsms/models/components.h"
#include "lsms/models/paths.h"
#include "lsms/models/phantom_slices.h"
#include "lsms/models/segmenter.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

using namespace lsms::models;

namespace {

// Three blobs on a 20x6x4 grid of 2 mm voxels (8 uL each): a confident one
// at x 0-3, a fainter one at x 8-11 and a speck of 2 voxels at x 16
// (16 uL, under the 20 uL that is kept at all).
ProbabilityVolume threeBlobs() {
    lsms::Geometry g;
    g.size = {20, 6, 4};
    g.spacing = {2, 2, 2};
    ProbabilityVolume p(g, 0);
    for (std::size_t k = 0; k < 4; ++k)
        for (std::size_t j = 0; j < 4; ++j) {
            for (std::size_t i = 0; i <= 3; ++i) p.at(i, j, k) = std::uint8_t(0.95 * 255);
            for (std::size_t i = 8; i <= 11; ++i) p.at(i, j, k) = std::uint8_t(0.7 * 255);
        }
    p.at(16, 0, 0) = p.at(16, 0, 1) = std::uint8_t(0.9 * 255);
    return p;
}

std::size_t count(const lsms::MaskVolume& m) {
    std::size_t n = 0;
    for (auto v : m.data) n += v != 0;
    return n;
}

}  // namespace

TEST_CASE("components: what one lesion's answer leaves out is the other lesions, not specks", "[components][candidates]") {
    const auto prob = threeBlobs();
    const auto labelled = labelComponents(prob, 0.5);
    REQUIRE(labelled.components.size() == 3);
    const auto one = choose(labelled, prob.geometry, Selection::One);
    REQUIRE(one.kept.size() == 1);
    const auto out = leftOut(labelled, prob.geometry, one.kept, one.mask);
    REQUIRE(out.data.size() == prob.data.size());
    CHECK(count(out) == 4 * 4 * 4);   // the fainter blob
    CHECK(out.at(9, 1, 2) == 1);
    CHECK(out.at(1, 1, 2) == 0);      // kept
    CHECK(out.at(16, 0, 0) == 0);     // a speck is no lesion to offer
    for (std::size_t v = 0; v < out.data.size(); ++v)
        if (one.mask.data[v]) CHECK(out.data[v] == 0);

    // Every lesion kept: nothing to offer, and no grid to hold it.
    const auto all = choose(labelled, prob.geometry, Selection::All);
    CHECK(leftOut(labelled, prob.geometry, all.kept, all.mask).data.empty());
    // Voxels the answer holds (a refined edge reaching out) are never offered.
    lsms::MaskVolume wide = one.mask;
    wide.at(8, 0, 0) = 1;
    CHECK(leftOut(labelled, prob.geometry, one.kept, wide).at(8, 0, 0) == 0);
}

TEST_CASE("shipped model: the largest lesion's answer offers the other lesions found", "[shipped][candidates]") {
    REQUIRE(std::filesystem::exists(defaultModelPath()));
    Segmenter s(defaultModelPath(), "cpu", defaultVocabPath());
    // The held-out phantom of test_shipped_model.cpp: six lesions in the right lobe.
    const auto c = renderCase(700001, s.options().imageSize);
    REQUIRE(c.phantom.lesions.size() >= 2);
    const auto a = s.segment(c.phantom.ct, "the largest lesion");
    REQUIRE(a.componentsKept == 1);
    REQUIRE(a.componentsFound > 1);
    REQUIRE(a.candidates.data.size() == a.mask.data.size());
    CHECK(a.candidates.geometry.sameGrid(c.phantom.ct.geometry, 1e-6));
    std::size_t offered = 0, overlap = 0;
    std::set<int> lesionsOffered;
    for (std::size_t v = 0; v < a.mask.data.size(); ++v) {
        if (!a.candidates.data[v]) continue;
        ++offered;
        if (a.mask.data[v]) ++overlap;
        if (const int id = c.phantom.labels.data[v]) lesionsOffered.insert(id);
    }
    CHECK(offered > 0);
    CHECK(overlap == 0);
    // What is offered lies on the phantom's other lesions.
    CHECK(!lesionsOffered.empty());

    // Every lesion kept (no sentence filter, "all"): nothing left to offer.
    SegmenterOptions noScorer;
    noScorer.useScorer = false;
    const auto every = s.segment(c.phantom.ct, "all lesions", noScorer);
    REQUIRE(every.selection == "all");
    CHECK(every.candidates.data.empty());
}
