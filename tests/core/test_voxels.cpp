#include "lsms/core/volume.h"

#include "../support/resident_memory.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace lsms;

TEST_CASE("a volume filled with zero reads zero, small or large, and a non-zero fill reaches every voxel", "[core][voxels]") {
    for (std::size_t nz : {std::size_t(1), std::size_t(40)}) {  // 64 KiB (malloc) and 2.6 MB (mapped pages)
        Geometry g;
        g.size = {256, 256, nz};
        // Dirty the heap first, so a recycled block would show through.
        {
            Volume<std::uint16_t> dirty(g, 7);
            REQUIRE(std::all_of(dirty.data.begin(), dirty.data.end(), [](auto v) { return v == 7; }));
        }
        const Volume<std::uint16_t> zero(g);
        CHECK(std::all_of(zero.data.begin(), zero.data.end(), [](auto v) { return v == 0; }));
        const Volume<float> minus(g, -1000.f);
        CHECK(std::all_of(minus.data.begin(), minus.data.end(), [](float v) { return v == -1000.f; }));
        Volume<std::uint8_t> copy(g, 3);
        copy = Volume<std::uint8_t>(g, 0);
        CHECK(std::count(copy.data.begin(), copy.data.end(), 0) == std::ptrdiff_t(g.voxelCount()));
    }
}

TEST_CASE("an empty label volume costs memory only where voxels are set", "[core][voxels][memory]") {
    Geometry g;
    g.size = {512, 512, 300};  // 150 MiB of labels
    const std::size_t before = test::residentBytes();
    LabelVolume labels(g);
    // Reading every voxel maps no memory of its own.
    CHECK(std::count(labels.data.begin(), labels.data.end(), 0) == std::ptrdiff_t(g.voxelCount()));
    for (std::size_t k = 100; k < 110; ++k) labels.at(256, 256, k) = 1;  // ten slices: 5 MiB of pages at most (+ huge pages)
    const std::size_t grown = test::residentBytes() - before;
#if !defined(__SANITIZE_ADDRESS__)  // ASan's shadow memory is resident too
    CHECK(grown < std::size_t(40) << 20);
#else
    (void)grown;
#endif
    CHECK(labels.at(256, 256, 105) == 1);
    CHECK(labels.at(255, 256, 105) == 0);
}
