// The lesion under a click (lsms/core/edit/lesion_at_point.h) on generated
// phantoms of the evaluation's held-out seeds, rendered at 1 mm in-plane and
// 2 mm slices: a click at each truth lesion's centre is scored by Dice
// against that lesion's truth voxels; a click on parenchyma never floods the
// liver; a click off the volume is an input error.
#include "lsms/core/edit/lesion_at_point.h"
#include "lsms/core/error.h"
#include "lsms/core/phantom.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace lsms;

namespace {

phantom::Phantom render(std::uint64_t seed, int version) {
    phantom::PhantomOptions o;
    o.seed = seed;
    o.version = version;
    // Covers where the generator places lesions (x -150..80 mm, y -100..75 mm
    // around a grid centred at (0, 12)) and the liver's height.
    o.columns = 320;
    o.rows = 256;
    o.pixelSpacingMm = 1.0;
    o.slices = 125;
    o.sliceThicknessMm = 2.0;
    return phantom::generatePhantom(o);
}

// The lesion's voxel nearest its centroid: a click "at the centre" that is
// on the lesion even when the lesion is not convex.
std::array<std::size_t, 3> centreVoxel(const LabelVolume& labels, std::uint16_t id) {
    const Geometry& g = labels.geometry;
    double n = 0, c[3] = {0, 0, 0};
    for (std::size_t v = 0; v < labels.data.size(); ++v)
        if (labels.data[v] == id) {
            n += 1;
            c[0] += double(v % g.size[0]);
            c[1] += double((v / g.size[0]) % g.size[1]);
            c[2] += double(v / g.sliceVoxels());
        }
    std::array<std::size_t, 3> best{};
    double bestD = std::numeric_limits<double>::max();
    for (std::size_t v = 0; v < labels.data.size(); ++v) {
        if (labels.data[v] != id) continue;
        const std::array<std::size_t, 3> p{v % g.size[0], (v / g.size[0]) % g.size[1], v / g.sliceVoxels()};
        double d = 0;
        for (int a = 0; a < 3; ++a) d += std::pow((double(p[a]) - c[a] / n) * g.spacing[a], 2);
        if (d < bestD) {
            bestD = d;
            best = p;
        }
    }
    return best;
}

double dice(const MaskVolume& mask, const LabelVolume& labels, std::uint16_t id) {
    std::size_t a = 0, b = 0, both = 0;
    for (std::size_t v = 0; v < mask.data.size(); ++v) {
        const bool m = mask.data[v] != 0, t = labels.data[v] == id;
        a += m;
        b += t;
        both += m && t;
    }
    return a + b == 0 ? 1.0 : 2.0 * double(both) / double(a + b);
}

struct Scored {
    std::vector<double> dice;
    std::string report;
    double mean() const {
        double s = 0;
        for (double d : dice) s += d;
        return dice.empty() ? 0 : s / double(dice.size());
    }
};

// Clicks at every lesion of each seed; a refusal scores 0.
Scored clickEveryLesion(const std::vector<std::uint64_t>& seeds, int version) {
    Scored out;
    std::ostringstream r;
    for (std::uint64_t seed : seeds) {
        const phantom::Phantom p = render(seed, version);
        for (const auto& l : p.lesions) {
            const auto at = centreVoxel(p.labels, std::uint16_t(l.id));
            double d = 0;
            std::string note;
            try {
                d = dice(edit::lesionAtPoint(p.ct, at), p.labels, std::uint16_t(l.id));
            } catch (const InputError& e) {
                note = std::string(" refused: ") + e.what();
            }
            out.dice.push_back(d);
            r << "seed " << seed << " lesion " << l.id << " " << phantom::toString(l.kind) << " "
              << l.volumeMl << " mL: Dice " << d << note << "\n";
        }
    }
    r << "mean Dice " << out.mean() << " over " << out.dice.size() << " lesions";
    out.report = r.str();
    return out;
}

}  // namespace

TEST_CASE("a click at each lesion's centre grows that lesion (generation-1 held-out phantoms)", "[edit][lesion-at-point]") {
    const Scored s = clickEveryLesion({900000, 900001, 900002, 900003}, 1);
    WARN(s.report);
    REQUIRE(s.dice.size() >= 6);
    // Measured 0.75: small lesions (< 0.2 mL) and ring-enhancing ones (the
    // rim is not grown) score 0.4-0.7, the others 0.8-0.98.
    CHECK(s.mean() >= 0.72);
}

TEST_CASE("a click at each lesion's centre grows that lesion (generation-2 dev phantoms)", "[edit][lesion-at-point]") {
    const Scored s = clickEveryLesion({960000, 960001, 960002, 960003}, 2);
    WARN(s.report);
    REQUIRE(s.dice.size() >= 4);
    // Measured 0.54: a 340 mL lesion is refused (beyond the 40 mm radius) and
    // a 0.018 mL one too; ring-enhancing lesions lose their rim.
    CHECK(s.mean() >= 0.45);
}

TEST_CASE("a click on liver parenchyma far from every lesion does not flood the liver", "[edit][lesion-at-point]") {
    for (std::uint64_t seed : {900001u, 960000u}) {
        const phantom::Phantom p = render(seed, seed >= 960000 ? 2 : 1);
        const Geometry& g = p.ct.geometry;
        // The liver voxel nearest the liver's centroid that is at least 20 mm
        // outside every lesion's drawn extent.
        double n = 0, c[3] = {0, 0, 0};
        for (std::size_t v = 0; v < p.liver.data.size(); ++v)
            if (p.liver.data[v]) {
                n += 1;
                c[0] += double(v % g.size[0]);
                c[1] += double((v / g.size[0]) % g.size[1]);
                c[2] += double(v / g.sliceVoxels());
            }
        REQUIRE(n > 0);
        std::array<std::size_t, 3> at{};
        double best = std::numeric_limits<double>::max();
        for (std::size_t v = 0; v < p.liver.data.size(); ++v) {
            if (!p.liver.data[v]) continue;
            const std::array<std::size_t, 3> q{v % g.size[0], (v / g.size[0]) % g.size[1], v / g.sliceVoxels()};
            const Vec3 w = g.indexToWorld({double(q[0]), double(q[1]), double(q[2])});
            const bool clear = std::all_of(p.lesions.begin(), p.lesions.end(), [&](const auto& l) {
                return norm(w - l.centre) > 0.75 * l.nominalDiameterMm + 20;
            });
            if (!clear) continue;
            double d = 0;
            for (int a = 0; a < 3; ++a) d += std::pow((double(q[a]) - c[a] / n) * g.spacing[a], 2);
            if (d < best) {
                best = d;
                at = q;
            }
        }
        REQUIRE(best < std::numeric_limits<double>::max());
        const double liverMl = n * g.voxelVolumeMm3() / 1000.0;
        INFO("seed " << seed << ", click at " << at[0] << "," << at[1] << "," << at[2] << ", liver " << liverMl << " mL");
        try {
            const MaskVolume m = edit::lesionAtPoint(p.ct, at);
            const double ml = double(std::count(m.data.begin(), m.data.end(), 1)) * g.voxelVolumeMm3() / 1000.0;
            INFO("returned " << ml << " mL");
            CHECK(ml < 2.0);
            CHECK(ml < 0.01 * liverMl);
        } catch (const InputError& e) {
            CHECK(std::string(e.what()).find("no lesion edge found near the click") != std::string::npos);
        }
    }
}

TEST_CASE("a click outside the volume is an input error", "[edit][lesion-at-point]") {
    Geometry g;
    g.size = {10, 12, 8};
    CtVolume ct(g, 100.f);
    CHECK_THROWS_AS(edit::lesionAtPoint(ct, {10, 0, 0}), InputError);
    CHECK_THROWS_AS(edit::lesionAtPoint(ct, {0, 12, 0}), InputError);
    CHECK_THROWS_AS(edit::lesionAtPoint(ct, {0, 0, 8}), InputError);
    CHECK_THROWS_AS(edit::lesionAtPoint(CtVolume{}, {0, 0, 0}), InputError);
}

TEST_CASE("a uniform cube on a uniform background is grown to the cube", "[edit][lesion-at-point]") {
    Geometry g;
    g.size = {40, 40, 24};
    CtVolume ct(g, 100.f);
    for (std::size_t k = 8; k < 16; ++k)
        for (std::size_t j = 14; j < 24; ++j)
            for (std::size_t i = 10; i < 20; ++i) ct.set(i, j, k, 40.f);
    const MaskVolume m = edit::lesionAtPoint(ct, {15, 19, 12});
    std::size_t inside = 0, outside = 0;
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) {
                if (!m.at(i, j, k)) continue;
                const bool in = i >= 10 && i < 20 && j >= 14 && j < 24 && k >= 8 && k < 16;
                (in ? inside : outside) += 1;
            }
    CHECK(outside == 0);
    // The 3x3x3 smoothing rounds the cube's edges: their voxels average to
    // past the halfway value, so they are not grown (88 voxels of 800).
    CHECK(inside >= 700);
    CHECK(m.at(15, 14, 12) == 1);  // a face voxel
}
