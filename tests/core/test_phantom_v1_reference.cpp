// Generation 1 is the default and stays bit for bit what it was: these
// fingerprints were computed (tests/core/phantom_v1_cases.h) on the generator
// before generation 2 was added (then hashing -0 HU as its own bytes; the
// values below are the same generator's output with -0 read as 0, computed on
// that code and on the int16 CT alike: equal).
#include "phantom_v1_cases.h"
#include "lsms/core/error.h"

#include <catch2/catch.hpp>

using namespace lsms;

TEST_CASE("generation-1 phantoms are unchanged bit for bit", "[phantom][v1]") {
    const std::uint64_t expected[] = {0x4a5da71f869c7f45ULL, 0xa3b0645b18c90ebcULL, 0x6f68835ff3ebf80aULL,
                                      0x5ecbb7d8c2613a1cULL};
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
