// CtVolume keeps int16 only while every value is exact in it.
#include "lsms/core/volume.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace lsms;

namespace {
Geometry grid(std::size_t nx, std::size_t ny, std::size_t nz) {
    Geometry g;
    g.size = {nx, ny, nz};
    return g;
}
}  // namespace

TEST_CASE("CT volume: whole HU narrow to int16, and a value int16 cannot hold turns it back to float", "[ct_volume]") {
    CtVolume ct(grid(4, 3, 2), -1000.f);
    CHECK_FALSE(ct.data.isInt16());
    ct.set(1, 2, 1, 3071.f);
    REQUIRE(ct.compact());
    CHECK(ct.data.isInt16());
    CHECK(ct.data.bytes() == 24 * sizeof(std::int16_t));
    CHECK(ct.at(1, 2, 1) == 3071.f);
    CHECK(ct.at(0, 0, 0) == -1000.f);
    SECTION("a fraction") {
        ct.set(0, 0, 1, 12.5f);
        CHECK_FALSE(ct.data.isInt16());
        CHECK(ct.at(0, 0, 1) == 12.5f);
        CHECK(ct.at(1, 2, 1) == 3071.f);  // the other values survive the change
        CHECK_FALSE(ct.compact());
    }
    SECTION("beyond the range") {
        ct.set(3, 0, 0, 40000.f);
        CHECK_FALSE(ct.data.isInt16());
        CHECK(ct.at(3, 0, 0) == 40000.f);
    }
    SECTION("not a number") {
        ct.set(3, 0, 0, std::nanf(""));
        CHECK_FALSE(ct.data.isInt16());
        CHECK(std::isnan(ct.at(3, 0, 0)));
    }
    SECTION("a whole value stays int16") {
        ct.set(3, 0, 0, -32768.f);
        CHECK(ct.data.isInt16());
        CHECK(ct.at(3, 0, 0) == -32768.f);
    }
}

TEST_CASE("CT volume: equality, slices, slabs and iteration read values whatever the storage", "[ct_volume]") {
    CtVolume a(grid(3, 2, 4));
    for (std::size_t i = 0; i < a.data.size(); ++i) a.data.set(i, float(i) - 10.f);
    CtVolume b = a;
    REQUIRE(b.compact());
    CHECK(a.data == b.data);
    CHECK(b.data == a.data);
    std::vector<float> scratch;
    const float* s = b.sliceHu(2, scratch);
    CHECK(s == scratch.data());
    CHECK(std::equal(s, s + 6, a.sliceHu(2, scratch)));
    CHECK(a.sliceHu(2, scratch) == a.data.floatData() + 12);  // float: the volume's own memory
    const CtVolume part = b.slab(1, 2);
    CHECK(part.data.isInt16());
    CHECK(part.geometry.size[2] == 2);
    CHECK(part.at(0, 0, 0) == a.at(0, 0, 1));
    CHECK(part.at(2, 1, 1) == a.at(2, 1, 2));
    CHECK(part.geometry.origin[2] == Approx(a.geometry.indexToWorld({0, 0, 1})[2]));
    CHECK_THROWS_AS(b.slab(3, 2), std::logic_error);
    const auto [lo, hi] = std::minmax_element(b.data.begin(), b.data.end());
    CHECK(*lo == -10.f);
    CHECK(*hi == 13.f);
    CHECK(std::distance(b.data.begin(), b.data.end()) == 24);
    b.set(0, 0, 0, 0.25f);
    CHECK_FALSE(a.data == b.data);
    CtVolume c = a;
    REQUIRE(c.compact());
    CHECK_THROWS_AS(c.floatSlice(0), std::logic_error);  // int16 has no float slice to write
}
