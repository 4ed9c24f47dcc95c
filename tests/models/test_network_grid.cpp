// The one map from a CT's grid to the network's input and back
// (network_grid.h): physical spacing kept, aspect ratio kept, never stretched.
#include "lsms/core/error.h"
#include "lsms/models/strict_referring.h"
#include "lsms/models/network_grid.h"
#include "lsms/models/nn/inference.h"
#include "lsms/models/paths.h"
#include "lsms/models/phantom_slices.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <set>

using namespace lsms::models;

namespace {

// Air with one disc of soft tissue (HU 60) of `diameterMm` centred at
// `centre` (LPS mm) on every slice, and a body-like block of fat so the body
// centre is not the disc's.
lsms::CtVolume discCt(std::size_t cols, std::size_t rows, double px, double py, lsms::Vec3 centre, double diameterMm) {
    lsms::Geometry g;
    g.size = {cols, rows, 3};
    g.spacing = {px, py, 5.0};
    g.origin = {-(double(cols) - 1) / 2 * px, -(double(rows) - 1) / 2 * py, 0};
    lsms::CtVolume ct(g, -1000.f);
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t j = 0; j < rows; ++j)
            for (std::size_t i = 0; i < cols; ++i) {
                const auto p = g.indexToWorld({double(i), double(j), double(k)});
                if (std::hypot(p[0] - centre[0], p[1] - centre[1]) <= diameterMm / 2) ct.set(i, j, k, 60.f);
            }
    return ct;
}

// Extent (mm) of network pixels above 0.5 along the row and the column
// through the brightest pixel's position, and the world centre of mass.
struct DiscOnNetwork {
    double widthMm = 0, heightMm = 0;
    lsms::Vec3 centre{};
};

DiscOnNetwork measureOnNetwork(const lsms::CtVolume& ct, int size, double spacing) {
    const auto grid = networkGrid(ct, size, spacing);
    const GridResampler map(grid, GridResampler::Direction::ToNetwork);
    std::vector<float> in(ct.geometry.sliceVoxels()), out(std::size_t(size) * std::size_t(size));
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = ct.data[ct.geometry.sliceVoxels() + i] > 0 ? 1.f : 0.f;
    map.resample(in.data(), out.data());
    double sx = 0, sy = 0, n = 0;
    for (int j = 0; j < size; ++j)
        for (int i = 0; i < size; ++i) {
            const float v = out[std::size_t(i + size * j)];
            sx += v * i, sy += v * j, n += v;
        }
    const int ci = int(std::lround(sx / n)), cj = int(std::lround(sy / n));
    double w = 0, h = 0;
    for (int i = 0; i < size; ++i) w += out[std::size_t(i + size * cj)];
    for (int j = 0; j < size; ++j) h += out[std::size_t(ci + size * j)];
    DiscOnNetwork d;
    d.widthMm = w * spacing;
    d.heightMm = h * spacing;
    d.centre = networkGeometry(grid, ct.geometry).indexToWorld({sx / n, sy / n, 1.0});
    return d;
}

// Dice of two masks in patient space: b is looked up at a's voxel centres.
double worldDice(const lsms::MaskVolume& a, const lsms::MaskVolume& b) {
    const auto& ga = a.geometry;
    const auto& gb = b.geometry;
    std::size_t both = 0, na = 0, nb = 0;
    for (std::size_t k = 0; k < ga.size[2]; ++k)
        for (std::size_t j = 0; j < ga.size[1]; ++j)
            for (std::size_t i = 0; i < ga.size[0]; ++i) {
                const auto q = gb.worldToIndex(ga.indexToWorld({double(i), double(j), double(k)}));
                bool inB = false;
                const long bi = std::lround(q[0]), bj = std::lround(q[1]), bk = std::lround(q[2]);
                if (bi >= 0 && bj >= 0 && bk >= 0 && bi < long(gb.size[0]) && bj < long(gb.size[1]) && bk < long(gb.size[2]))
                    inB = b.at(std::size_t(bi), std::size_t(bj), std::size_t(bk)) != 0;
                const bool inA = a.at(i, j, k) != 0;
                both += inA && inB;
                na += inA;
            }
    // |b| measured on a's grid too, so both volumes are counted alike.
    const auto& gA = ga;
    for (std::size_t k = 0; k < gb.size[2]; ++k)
        for (std::size_t j = 0; j < gb.size[1]; ++j)
            for (std::size_t i = 0; i < gb.size[0]; ++i) nb += b.at(i, j, k) != 0;
    const double nbOnA = double(nb) * gb.voxelVolumeMm3() / gA.voxelVolumeMm3();
    return na + nbOnA > 0 ? 2.0 * double(both) / (double(na) + nbOnA) : 1.0;
}

}  // namespace

TEST_CASE("network grid: a phantom on the training grid maps pixel to pixel", "[grid]") {
    const auto c = renderCase(42, 64, 1);
    const auto& ct = c.phantom.ct;
    const auto grid = networkGrid(ct, 64, kTrainingFieldMm / 64);
    CHECK(grid.identity());
    const GridResampler to(grid, GridResampler::Direction::ToNetwork);
    const GridResampler back(grid, GridResampler::Direction::FromNetwork);
    std::vector<float> net(64 * 64), again(64 * 64);
    std::vector<float> scratch;
    to.resample(ct.sliceHu(5, scratch), net.data());
    back.resample(net.data(), again.data());
    for (std::size_t i = 0; i < net.size(); ++i) {
        REQUIRE(net[i] == ct.data[5 * ct.geometry.sliceVoxels() + i]);
        REQUIRE(again[i] == ct.data[5 * ct.geometry.sliceVoxels() + i]);
    }
    CHECK(networkGeometry(grid, ct.geometry).sameGrid(ct.geometry));
}

TEST_CASE("network grid: a non-square field and non-square pixels are not distorted", "[grid]") {
    const lsms::Vec3 centre{30, -20, 0};
    struct Field {
        std::size_t cols, rows;
        double px, py;
    };
    for (const Field f : {Field{512, 512, 0.7, 0.7}, Field{600, 380, 0.8, 0.8}, Field{400, 520, 0.6, 0.9},
                          Field{260, 300, 1.0, 1.0}}) {
        INFO(f.cols << " x " << f.rows << " at " << f.px << " x " << f.py << " mm");
        const auto d = measureOnNetwork(discCt(f.cols, f.rows, f.px, f.py, centre, 40.0), 192, 2.0);
        CHECK(d.widthMm == Approx(40.0).margin(2.0));
        CHECK(d.heightMm == Approx(40.0).margin(2.0));
        CHECK(d.centre[0] == Approx(centre[0]).margin(1.0));
        CHECK(d.centre[1] == Approx(centre[1]).margin(1.0));
    }
}

TEST_CASE("network grid: a large field is cropped around the body, a small one padded whole", "[grid]") {
    // 600 mm field, body (a 300 mm disc) off-centre: the 384 mm network field
    // holds all of it.
    const auto big = discCt(600, 600, 1.0, 1.0, {-80, 40, 0}, 300.0);
    const auto g = networkGrid(big, 192, 2.0);
    const auto d = measureOnNetwork(big, 192, 2.0);
    CHECK(d.widthMm == Approx(300.0).margin(3.0));
    CHECK(d.centre[0] == Approx(-80.0).margin(1.5));
    // No padding where the CT has pixels: the network field lies inside the CT's.
    for (const auto& a : g.axis) {
        CHECK(a.first - a.step / 2 >= -0.5 - 1e-9);
        CHECK(a.first + (double(a.size) - 0.5) * a.step <= double(a.ctSize) - 0.5 + 1e-9);
    }
    // 250 mm field: kept whole inside the network's 384 mm.
    const auto small = discCt(500, 500, 0.5, 0.5, {0, 0, 0}, 200.0);
    for (const auto& a : networkGrid(small, 192, 2.0).axis) {
        CHECK(a.first - a.step / 2 <= -0.5 + 1e-9);
        CHECK(a.first + (double(a.size) - 0.5) * a.step >= double(a.ctSize) - 0.5 - 1e-9);
    }
}

TEST_CASE("network grid: to the network and back keeps a smooth image", "[grid]") {
    auto ct = discCt(300, 260, 0.75, 0.75, {0, 0, 0}, 10.0);
    for (std::size_t j = 0; j < 260; ++j)
        for (std::size_t i = 0; i < 300; ++i) ct.set(i, j, 1, float(50 + 40 * std::sin(i * 0.02) * std::cos(j * 0.015)));
    ct.geometry.direction[0] = {-1, 0, 0};  // a mirrored acquisition takes the same way back
    const auto grid = networkGrid(ct, 128, 2.0);
    CHECK(grid.axis[0].flip);
    const GridResampler to(grid, GridResampler::Direction::ToNetwork), back(grid, GridResampler::Direction::FromNetwork);
    std::vector<float> net(128 * 128), again(300 * 260);
    std::vector<float> scratch;
    to.resample(ct.sliceHu(1, scratch), net.data());
    back.resample(net.data(), again.data());
    double worst = 0;
    for (std::size_t j = 10; j < 250; ++j)
        for (std::size_t i = 10; i < 290; ++i) worst = std::max(worst, std::abs(double(again[i + 300 * j]) - ct.at(i, j, 1)));
    CHECK(worst < 1.5);
}

TEST_CASE("network grid: bad sizes and spacings are refused", "[grid]") {
    const auto ct = discCt(20, 20, 1.0, 1.0, {0, 0, 0}, 5.0);
    CHECK_THROWS_AS(networkGrid(ct, 0, 2.0), lsms::InputError);
    CHECK_THROWS_AS(networkGrid(ct, 64, 0.0), lsms::InputError);
    CHECK_THROWS_AS(networkGrid(ct, 64, std::nan("")), lsms::InputError);
    CHECK_THROWS_AS(networkGrid(lsms::CtVolume{}, 64, 2.0), lsms::InputError);
}

TEST_CASE("network grid: the shipped model gives the same answer at any pixel size and field", "[grid][shipped]") {
    REQUIRE(std::filesystem::exists(defaultModelPath()));
    auto model = loadModel(defaultModelPath(), "cpu", defaultVocabPath());
    // 0.6 mm pixels over 320 mm, 0.8 over 420, 1.0 over 500 (5 mm slices):
    // the same anatomy (a seed draws its anatomy whatever the grid).
    struct Grid {
        int pixels;
        double mm;
    };
    const std::vector<Grid> grids{{534, 0.6}, {525, 0.8}, {500, 1.0}};
    std::vector<lsms::phantom::Phantom> phantoms;
    for (const auto& g : grids) {
        lsms::phantom::PhantomOptions o;
        o.seed = 700001;
        o.columns = o.rows = g.pixels;
        o.pixelSpacingMm = g.mm;
        o.sliceThicknessMm = 5.0;
        o.slices = 52;
        phantoms.push_back(lsms::phantom::generatePhantom(o));
    }
    // "all lesions": every lesion of the case must come back alike.
    for (const char* prompt : {"all lesions"}) {
        INFO(prompt);
        std::vector<lsms::MaskVolume> answers;
        std::vector<std::set<int>> referred;
        for (const auto& ph : phantoms) {
            const auto r = segmentVolume(model, ph.ct, prompt);
            CHECK(r.grid.spacingMm == Approx(model.net->options().inputSpacingMm));
            std::set<int> found;
            for (const auto& l : ph.lesions)
                if (judgeStrict(r.mask, ph.labels, {l.id}).missed.empty()) found.insert(l.id);
            referred.push_back(found);
            answers.push_back(r.mask);
        }
        for (std::size_t a = 1; a < answers.size(); ++a) {
            INFO("grid " << grids[a].mm << " mm against " << grids[0].mm << " mm");
            CHECK(referred[a] == referred[0]);
            CHECK(worldDice(answers[0], answers[a]) >= 0.9);
        }
        CHECK(!referred[0].empty());
    }
}

TEST_CASE("evaluation grid: drawn from the seed alone, fields of 300-500 mm", "[grid]") {
    std::set<double> fields;
    for (std::uint64_t seed = 900000; seed < 900060; ++seed) {
        const auto a = evaluationGrid(seed), b = evaluationGrid(seed);
        CHECK(a.pixelSpacingMm == b.pixelSpacingMm);
        CHECK(a.sliceThicknessMm == b.sliceThicknessMm);
        CHECK(a.columns == kEvaluationPixels);
        CHECK(a.rows == kEvaluationPixels);
        const double field = a.pixelSpacingMm * kEvaluationPixels;
        CHECK(field >= 299.9);
        CHECK(field <= 500.1);
        CHECK(a.sliceThicknessMm >= 2.0);
        CHECK(a.sliceThicknessMm <= 5.0);
        CHECK(a.slices * a.sliceThicknessMm == Approx(260.0).margin(a.sliceThicknessMm));
        fields.insert(field);
    }
    CHECK(fields.size() > 40);  // a spread of scales, not one
}
