// The shipped liver pass (resources/models/liver-coarse.pt) on a generation-2
// phantom it was not trained or validated on, on that phantom's own
// evaluation grid.
#include "lsms/core/error.h"
#include "lsms/models/liver_finder.h"
#include "lsms/models/paths.h"
#include "lsms/models/phantom_slices.h"

#include "support/mask_dice.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace lsms;
using namespace lsms::models;

namespace {

// Outside the coarse run's training (1250000 on) and validation (1710000-1710003) seeds.
constexpr std::uint64_t kSeed = 1730003;

template <class T>
Volume<T> mirroredColumns(const Volume<T>& v) {
    Volume<T> out = v;
    const auto& g = v.geometry;
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) out.at(i, j, k) = v.at(g.size[0] - 1 - i, j, k);
    return out;
}

CtVolume mirroredColumns(const CtVolume& v) {
    return CtVolume(mirroredColumns(v.toFloatVolume()));
}

}  // namespace

TEST_CASE("liver pass: finds a held-out phantom's liver, its holes filled, and its volume", "[liver]") {
    REQUIRE(std::filesystem::exists(defaultLiverModelPath()));
    const LiverFinder finder(defaultLiverModelPath(), "cpu");
    const auto c = renderCase(evaluationGrid(kSeed, 2));
    const auto& truth = c.phantom.liver;
    MaskVolume liver(truth.geometry, 0);
    std::size_t liverVoxels = 0;
    for (std::size_t n = 0; n < truth.data.size(); ++n) liverVoxels += liver.data[n] = truth.data[n] != 0;

    std::size_t calls = 0, last = 0, total = 0;
    LiverOptions o;
    o.progress = [&](std::size_t done, std::size_t of) {
        ++calls;
        CHECK(done > last);
        last = done;
        total = of;
        return true;
    };
    const auto a = finder.find(c.phantom.ct, o);
    CHECK(calls > 1);
    CHECK(last == total);
    CHECK(total == c.phantom.ct.geometry.size[2]);
    REQUIRE(a.mask.geometry.sameGrid(c.phantom.ct.geometry));
    const double d = test::maskDice(a.mask, liver);
    INFO("liver Dice " << d << ", volume " << a.volumeMl << " mL");
    CHECK(d >= 0.9);
    const double trueMl = double(liverVoxels) * truth.geometry.voxelVolumeMm3() / 1000.0;
    CHECK(a.volumeMl == Approx(trueMl).epsilon(0.1));
    // The lesions lie inside the liver the pass gives (holes filled), most of
    // each: at 4 mm the outline cuts lesions at the capsule (87 % of this
    // phantom's lesion voxels are inside), which is why the tumour burden
    // counts a lesion at the liver's edge whole (workflow/liver_context.h).
    std::size_t lesionVoxels = 0, lesionInside = 0;
    for (std::size_t n = 0; n < c.phantom.labels.data.size(); ++n) {
        if (!c.phantom.labels.data[n] || !truth.data[n]) continue;
        ++lesionVoxels;
        lesionInside += a.mask.data[n] != 0;
    }
    REQUIRE(lesionVoxels > 0);
    CHECK(double(lesionInside) / double(lesionVoxels) >= 0.8);

    SECTION("a series stored right-to-left gets the same liver, mirrored back onto its grid") {
        CtVolume mirrored = mirroredColumns(c.phantom.ct);
        mirrored.geometry.direction[0] = {-1, 0, 0};
        const auto m = finder.find(mirrored, {});
        CHECK(test::maskDice(mirroredColumns(m.mask), a.mask) >= 0.98);
    }
    SECTION("returning false from progress cancels") {
        LiverOptions stop;
        stop.progress = [](std::size_t, std::size_t) { return false; };
        CHECK_THROWS_AS(finder.find(c.phantom.ct, stop), Cancelled);
    }
}

TEST_CASE("liver pass: a volume of air has no liver, and a worded model or an empty CT is refused", "[liver]") {
    const LiverFinder finder(defaultLiverModelPath(), "cpu");
    Geometry g;
    g.size = {64, 64, 8};
    g.spacing = {4, 4, 5};
    const auto a = finder.find(CtVolume(g, -1000.f), {});
    CHECK(a.volumeMl == 0);
    CHECK(std::none_of(a.mask.data.begin(), a.mask.data.end(), [](std::uint8_t v) { return v != 0; }));
    REQUIRE(a.notes.size() == 1);
    CHECK(a.notes[0] == "No liver was found in this series.");
    CHECK_THROWS_AS(finder.find(CtVolume(), {}), InputError);
    CHECK_THROWS_WITH(LiverFinder(defaultModelPath(), "cpu"), Catch::Contains("reads words: it is not a liver"));
    CHECK_THROWS_AS(LiverFinder("/nonexistent/liver.pt", "cpu"), ModelError);
}
