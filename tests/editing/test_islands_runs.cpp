// The run-based islands against a plain voxel flood fill, on random masks
// where every kind of touch (faces, edges, corners) occurs: the same
// components, the same sizes, the same one kept, the same split.
#include "edit_fixture.h"

#include "lsms/core/edit/islands.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;

namespace {

// Component of every voxel of `label` (0 elsewhere) by flood fill, numbered
// by first voxel in raster order, and their sizes.
std::vector<std::uint32_t> floodFill(const LabelVolume& v, std::uint16_t label, Connectivity c, std::vector<std::size_t>& sizes) {
    const long nx = long(v.geometry.size[0]), ny = long(v.geometry.size[1]), nz = long(v.geometry.size[2]);
    std::vector<std::uint32_t> id(v.data.size(), 0);
    std::vector<std::size_t> stack;
    for (std::size_t seed = 0; seed < v.data.size(); ++seed) {
        if (v.data[seed] != label || id[seed]) continue;
        sizes.push_back(0);
        const auto cid = std::uint32_t(sizes.size());
        id[seed] = cid;
        stack.push_back(seed);
        while (!stack.empty()) {
            const std::size_t p = stack.back();
            stack.pop_back();
            ++sizes.back();
            const long i = long(p) % nx, j = (long(p) / nx) % ny, k = long(p) / (nx * ny);
            for (long dk = -1; dk <= 1; ++dk)
                for (long dj = -1; dj <= 1; ++dj)
                    for (long di = -1; di <= 1; ++di) {
                        const long m = std::abs(di) + std::abs(dj) + std::abs(dk);
                        if (m == 0 || (c == Connectivity::Faces6 && m > 1)) continue;
                        const long a = i + di, b = j + dj, d = k + dk;
                        if (a < 0 || b < 0 || d < 0 || a >= nx || b >= ny || d >= nz) continue;
                        const auto q = std::size_t(a + nx * (b + ny * d));
                        if (v.data[q] == label && !id[q]) {
                            id[q] = cid;
                            stack.push_back(q);
                        }
                    }
        }
    }
    return id;
}

}  // namespace

TEST_CASE("run-based islands find the components a voxel flood fill finds, for face and full connectivity",
          "[editing][islands]") {
    const auto c = GENERATE(Connectivity::Faces6, Connectivity::Full26);
    // Densities around each connectivity's percolation threshold (about 0.31
    // for faces, 0.1 for full): many islands, some of them large and tangled.
    const int level = GENERATE(0, 1, 2);
    const double density = c == Connectivity::Faces6 ? 0.15 + 0.15 * level : 0.04 + 0.04 * level;
    const unsigned seed = GENERATE(1u, 2u, 3u);
    INFO("connectivity " << int(c) << ", density " << density << ", seed " << seed);
    Editor editor(SegmentList(grid(23, 17, 9)));
    const std::uint16_t lesion = addSegment(editor, "lesion"), other = addSegment(editor, "other");
    {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> u(0, 1);
        Edit e = editor.begin("random");
        for (std::size_t n = 0; n < e.labels().data.size(); ++n) {
            const double x = u(rng);
            e.set(n, x < density ? lesion : x < density + 0.1 ? other : 0);
        }
        editor.commit(e);
    }
    const LabelVolume before = editor.list().labels();
    std::vector<std::size_t> sizes;
    const auto id = floodFill(before, lesion, c, sizes);
    REQUIRE(sizes.size() > 1);
    const std::size_t largest = std::size_t(std::max_element(sizes.begin(), sizes.end()) - sizes.begin()) + 1;  // first of the largest

    SECTION("keep largest") {
        Edit e = editor.begin("keep");
        const std::size_t removed = keepLargestIsland(e, lesion, c);
        editor.commit(e);
        const auto& after = editor.list().labels().data;
        std::size_t expectRemoved = 0;
        for (std::size_t n = 0; n < after.size(); ++n) {
            if (before.data[n] != lesion) {
                REQUIRE(after[n] == before.data[n]);  // other segments untouched
                continue;
            }
            const bool keep = id[n] == largest;
            expectRemoved += keep ? 0 : 1;
            REQUIRE(after[n] == (keep ? lesion : 0));
        }
        CHECK(removed == expectRemoved);
    }
    SECTION("remove small") {
        // Below the median size: the voxel volume is 1 mm^3.
        std::vector<std::size_t> sorted = sizes;
        std::sort(sorted.begin(), sorted.end());
        const double minimum = double(sorted[sorted.size() / 2]);
        Edit e = editor.begin("small");
        removeSmallIslands(e, lesion, minimum, c);
        editor.commit(e);
        const auto& after = editor.list().labels().data;
        for (std::size_t n = 0; n < after.size(); ++n)
            if (before.data[n] == lesion) REQUIRE(after[n] == (double(sizes[id[n] - 1]) >= minimum ? lesion : 0));
    }
    SECTION("split") {
        Edit e = editor.begin("split");
        const auto added = splitIslands(e, lesion, c);
        editor.commit(e);
        CHECK(added.size() == sizes.size() - 1);
        const auto& after = editor.list().labels().data;
        // Same partition: one label per component, a different one for each.
        std::vector<std::uint16_t> labelOf(sizes.size() + 1, 0);
        for (std::size_t n = 0; n < after.size(); ++n) {
            if (before.data[n] != lesion) continue;
            if (!labelOf[id[n]]) labelOf[id[n]] = after[n];
            REQUIRE(after[n] == labelOf[id[n]]);
        }
        std::vector<std::uint16_t> used(labelOf.begin() + 1, labelOf.end());
        std::sort(used.begin(), used.end());
        CHECK(std::adjacent_find(used.begin(), used.end()) == used.end());
        CHECK(labelOf[largest] == lesion);  // the largest keeps the segment
    }
}
