#include "lsms/core/geometry.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lsms;

TEST_CASE("index to world and back on an oblique, sheared grid", "[geometry]") {
    Geometry g;
    g.size = {10, 12, 7};
    g.spacing = {0.7, 0.8, 2.5};
    g.origin = {-100, 50, 30};
    const double c = std::cos(0.3), s = std::sin(0.3);
    g.direction = {Vec3{c, s, 0}, Vec3{-s * 0.9, c * 0.9, std::sqrt(1 - 0.81)}, normalized(Vec3{0.1, -0.2, 1})};
    const Vec3 ijk{3, 4.5, 6};
    const Vec3 p = g.indexToWorld(ijk);
    const Vec3 back = g.worldToIndex(p);
    for (int a = 0; a < 3; ++a) CHECK(back[a] == Approx(ijk[a]).margin(1e-9));
    // Moving one slice moves by spacing[2] along direction[2].
    CHECK(norm(g.indexToWorld({0, 0, 1}) - g.origin) == Approx(2.5));
}

TEST_CASE("orientation letters follow LPS", "[geometry]") {
    CHECK(orientationLetter({1, 0, 0}) == "L");
    CHECK(orientationLetter({-1, 0, 0}) == "R");
    CHECK(orientationLetter({0, 1, 0}) == "P");
    CHECK(orientationLetter({0, -0.9, 0.1}) == "A");
    CHECK(orientationLetter({0.1, 0.2, -0.97}) == "I");
}

TEST_CASE("sameGrid detects a shifted origin", "[geometry]") {
    Geometry a;
    a.size = {4, 4, 4};
    Geometry b = a;
    CHECK(a.sameGrid(b));
    b.origin[2] += 0.5;
    CHECK_FALSE(a.sameGrid(b));
}
