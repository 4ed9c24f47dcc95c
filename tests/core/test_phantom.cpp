#include "lsms/core/error.h"
#include "lsms/core/phantom.h"

#include <catch2/catch.hpp>

#include <map>

using namespace lsms;
using namespace lsms::phantom;

namespace {
PhantomOptions small(std::uint64_t seed) {
    PhantomOptions o;
    o.seed = seed;
    o.columns = o.rows = 96;
    o.pixelSpacingMm = 4.0;
    o.sliceThicknessMm = 5.0;
    o.slices = 50;
    return o;
}
}  // namespace

TEST_CASE("same seed gives identical pixel data, labels and truth", "[phantom]") {
    const Phantom a = generatePhantom(small(42));
    const Phantom b = generatePhantom(small(42));
    REQUIRE(a.ct.data.size() == 96u * 96u * 50u);
    CHECK(a.ct.data == b.ct.data);
    CHECK(a.labels.data == b.labels.data);
    CHECK(a.liver.data == b.liver.data);
    REQUIRE(a.lesions.size() == b.lesions.size());
    for (std::size_t i = 0; i < a.lesions.size(); ++i) CHECK(a.lesions[i].volumeMl == b.lesions[i].volumeMl);
    CHECK(a.metadata.seriesInstanceUid == b.metadata.seriesInstanceUid);
    const Phantom c = generatePhantom(small(43));
    CHECK(a.ct.data != c.ct.data);
    CHECK(a.metadata.seriesInstanceUid != c.metadata.seriesInstanceUid);
}

TEST_CASE("thread count does not change the phantom", "[phantom]") {
    PhantomOptions o = small(7);
    o.threads = 1;
    const Phantom one = generatePhantom(o);
    o.threads = 3;
    const Phantom three = generatePhantom(o);
    CHECK(one.ct.data == three.ct.data);
}

TEST_CASE("default grid is typical CT geometry", "[phantom]") {
    PhantomOptions o;
    o.seed = 5;
    o.lesionCount = 2;
    const Phantom p = generatePhantom(o);
    const Geometry& g = p.ct.geometry;
    CHECK(g.size[0] == 512);
    CHECK(g.size[1] == 512);
    CHECK(g.size[2] >= 100);
    CHECK(g.size[2] <= 300);
    CHECK(g.spacing[0] >= 0.6);
    CHECK(g.spacing[0] <= 0.9);
    CHECK(g.spacing[2] >= 1.0);
    CHECK(g.spacing[2] <= 5.0);
}

TEST_CASE("ground truth matches the rendered volumes", "[phantom]") {
    int lesionsSeen = 0;
    std::map<LesionKind, int> kinds;
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        PhantomOptions o = small(seed);
        o.pixelSpacingMm = 2.0;
        o.columns = o.rows = 192;
        o.sliceThicknessMm = 2.5;
        o.slices = 100;
        o.lesionCount = 4;
        const Phantom p = generatePhantom(o);
        const double voxelMl = p.ct.geometry.voxelVolumeMm3() / 1000.0;
        double liverHu = 0;
        std::size_t liverN = 0;
        std::vector<std::size_t> count(p.lesions.size() + 1, 0);
        for (std::size_t v = 0; v < p.ct.data.size(); ++v) {
            const auto id = p.labels.data[v];
            REQUIRE(id <= p.lesions.size());
            if (id) {
                ++count[id];
                CHECK(p.liver.data[v] == 1);  // lesions lie in the liver
            } else if (p.liver.data[v]) {
                liverHu += p.ct.data[v];
                ++liverN;
            }
        }
        REQUIRE(liverN > 1000);
        liverHu /= double(liverN);
        CHECK(liverHu > 80);
        CHECK(liverHu < 140);
        for (const auto& l : p.lesions) {
            ++lesionsSeen;
            ++kinds[l.kind];
            CHECK(l.volumeMl == Approx(double(count[std::size_t(l.id)]) * voxelMl));
            CHECK(l.couinaud >= 1);
            CHECK(l.couinaud <= 8);
            CHECK(l.longestAxialDiameterMm > 0);
            CHECK(l.longestAxialDiameterMm <= 90);
            if (l.kind == LesionKind::Cyst) CHECK(l.meanHu < 45);
            // Small lesions blur into the liver; the large ones must keep their density.
            if (l.kind == LesionKind::Metastasis && l.volumeMl > 5) CHECK(l.meanHu < liverHu - 15);
            if (l.kind == LesionKind::Enhancing && l.volumeMl > 5) CHECK(l.meanHu > liverHu + 15);
            const bool rightSeg = l.couinaud >= 5;
            CHECK((l.lobe == Lobe::Right) == rightSeg);
        }
    }
    CHECK(lesionsSeen >= 18);
    CHECK(kinds.size() >= 3);
}

TEST_CASE("phantom options are validated", "[phantom]") {
    PhantomOptions o = small(1);
    o.lesionCount = 7;
    CHECK_THROWS_AS(generatePhantom(o), InputError);
    o.lesionCount = 1;
    o.columns = 100000;
    CHECK_THROWS_AS(generatePhantom(o), InputError);
}

TEST_CASE("lesion kinds and Couinaud names", "[phantom]") {
    CHECK(couinaudRoman(7) == "VII");
    CHECK_THROWS_AS(couinaudRoman(9), InputError);
    CHECK(lesionKindFromString(toString(LesionKind::RingEnhancing)) == LesionKind::RingEnhancing);
    CHECK_THROWS_AS(lesionKindFromString("tumour"), InputError);
}
