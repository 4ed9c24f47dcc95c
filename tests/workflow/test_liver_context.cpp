// Lesion locations relative to the liver and the tumour burden, on generated volumes.
#include "lsms/workflow/liver_context.h"

#include <catch2/catch.hpp>

using namespace lsms;
using workflow::LiverLocation;

namespace {

Geometry grid() {
    Geometry g;
    g.size = {20, 20, 10};
    g.spacing = {1.0, 1.0, 2.0};
    return g;
}

// A liver of 10 x 20 x 10 voxels (the left half of the columns).
MaskVolume halfLiver() {
    MaskVolume liver(grid(), 0);
    for (std::size_t k = 0; k < 10; ++k)
        for (std::size_t j = 0; j < 20; ++j)
            for (std::size_t i = 0; i < 10; ++i) liver.at(i, j, k) = 1;
    return liver;
}

// Label `l` over columns [i0, i1) of rows 0-1, slice 0.
void strip(LabelVolume& labels, std::uint16_t l, std::size_t i0, std::size_t i1) {
    for (std::size_t j = 0; j < 2; ++j)
        for (std::size_t i = i0; i < i1; ++i) labels.at(i, j, 0) = l;
}

}  // namespace

TEST_CASE("a lesion is in the liver from 90 % of its voxels inside, outside under 10 %, at its edge between",
          "[workflow][liver]") {
    CHECK(workflow::locationOf(9, 10) == LiverLocation::Liver);
    CHECK(workflow::locationOf(8, 10) == LiverLocation::LiverEdge);
    CHECK(workflow::locationOf(1, 10) == LiverLocation::LiverEdge);
    CHECK(workflow::locationOf(0, 10) == LiverLocation::OutsideLiver);
    CHECK(workflow::locationOf(0, 0) == LiverLocation::Unknown);
    CHECK(std::string(workflow::toString(LiverLocation::LiverEdge)) == "liver edge");
    CHECK(std::string(workflow::toString(LiverLocation::Unknown)).empty());
}

TEST_CASE("lesions are located against the liver mask in one pass, and volume inside it is counted once",
          "[workflow][liver]") {
    const MaskVolume liver = halfLiver();
    LabelVolume labels(grid(), 0);
    strip(labels, 1, 0, 5);    // all inside
    strip(labels, 2, 8, 12);   // half inside
    strip(labels, 3, 14, 20);  // outside
    const auto where = workflow::locateLesions(labels, liver);
    REQUIRE(where.size() == 3);
    CHECK(where.at(1) == LiverLocation::Liver);
    CHECK(where.at(2) == LiverLocation::LiverEdge);
    CHECK(where.at(3) == LiverLocation::OutsideLiver);
    // Lesions 1 (10 voxels) and 2 (8) count whole; the liver (2000 voxels)
    // takes in lesion 2's 4 voxels outside it; 2 mm^3 voxels.
    const auto burden = workflow::tumourBurden(labels, liver);
    CHECK(burden.lesionsMl == Approx(18 * 2.0 / 1000.0));
    CHECK(burden.liverMl == Approx(2004 * 2.0 / 1000.0));
    CHECK(burden.percent() == Approx(100.0 * 18 / 2004));

    SECTION("without a liver (none, none found, or on another grid) every lesion's location is unknown") {
        for (const auto& other : {MaskVolume(), MaskVolume(grid(), 0), [] {
                                      Geometry g = grid();
                                      g.origin = {5, 0, 0};
                                      return MaskVolume(g, 1);
                                  }()}) {
            const auto unknown = workflow::locateLesions(labels, other);
            REQUIRE(unknown.size() == 3);
            for (const auto& [label, location] : unknown) CHECK(location == LiverLocation::Unknown);
            CHECK(workflow::tumourBurden(labels, other).liverMl == 0);
            CHECK(workflow::tumourBurden(labels, other).percent() == 0);
        }
    }
}

TEST_CASE("the liver summary gives its volume and the tumour burden, as bounds when the series cuts the liver",
          "[workflow][liver]") {
    workflow::LiverContext liver;
    CHECK(workflow::liverSummary(liver, {3, 1000}) == "no liver found");
    liver.volumeMl = 1590;
    CHECK(workflow::liverSummary(liver, {40, 1600.4}) == "Liver 1600 mL \u00b7 tumour burden 2.5 %");
    liver.lowerBound = true;
    CHECK(workflow::liverSummary(liver, {40, 1600.4}) == "Liver \u2265 1600 mL \u00b7 tumour burden \u2264 2.5 %");
    // Without lesions the liver's own volume is given.
    CHECK(workflow::liverSummary(liver, {}) == "Liver \u2265 1590 mL \u00b7 tumour burden \u2264 0.0 %");
}
