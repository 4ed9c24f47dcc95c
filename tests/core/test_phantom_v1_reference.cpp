// Generation 1 is the default and stays bit for bit what it was: these
// fingerprints were computed (tests/core/phantom_v1_cases.h) on the generator
// before generation 2 was added.
#include "phantom_v1_cases.h"
#include "lsms/core/error.h"

#include <catch2/catch.hpp>

using namespace lsms;

TEST_CASE("generation-1 phantoms are unchanged bit for bit", "[phantom][v1]") {
    const std::uint64_t expected[] = {0x8a1d1933e5aea4c5ULL, 0x42f59056bed420bcULL, 0xfc4eac26804a0b0aULL,
                                      0xd9e7e603033c621cULL};
    const auto cases = test::v1Cases();
    REQUIRE(cases.size() == std::size(expected));
    for (std::size_t i = 0; i < cases.size(); ++i) {
        INFO("case " << i << ", seed " << cases[i].seed);
        CHECK(cases[i].version == 1);  // the default
        CHECK(test::fingerprint(phantom::generatePhantom(cases[i])) == expected[i]);
    }
}

TEST_CASE("generation-1 options refuse a contrast phase and unknown versions", "[phantom][v1]") {
    phantom::PhantomOptions o = test::v1Cases()[0];
    o.phase = phantom::ContrastPhase::Delayed;
    CHECK_THROWS_AS(phantom::generatePhantom(o), InputError);
    o.phase.reset();
    o.version = 3;
    CHECK_THROWS_AS(phantom::generatePhantom(o), InputError);
}
