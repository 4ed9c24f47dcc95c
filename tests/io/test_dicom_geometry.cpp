// Geometry of generated series: sorting by position, spacing, LPS direction, rescale.
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lsms;
using namespace lsms::test;

namespace {
void requireSameVolume(const CtVolume& a, const CtVolume& b) {
    REQUIRE(a.geometry.size == b.geometry.size);
    CHECK(a.geometry.sameGrid(b.geometry, 1e-3));
    REQUIRE(a.data.size() == b.data.size());
    std::size_t diff = 0;
    for (std::size_t v = 0; v < a.data.size(); ++v) diff += a.data[v] != b.data[v];
    CHECK(diff == 0);
}
}  // namespace

TEST_CASE("axial series loads on its exact grid, sorted by position not instance number", "[dicom][geometry]") {
    TempDir dir("axial");
    const CtVolume v = patternVolume(axialGeometry(16, 12, 9));
    const auto files = writeSeries(v, testMetadata("axial"), dir.path());
    // Instance numbers run against position (the writer numbers from the top);
    // scramble them further so only positions can order the slices.
    setAttribute(files[2], 0x0020, 0x0013, "1");
    setAttribute(files[7], 0x0020, 0x0013, "2");
    const ScanResult scan = scanDicom(dir.path());
    REQUIRE(scan.series.size() == 1);
    const SeriesInfo& s = scan.series[0];
    CHECK(s.problem.empty());
    CHECK(s.warnings.empty());
    CHECK(s.geometry.spacing[2] == Approx(2.5));
    CHECK(s.geometry.spacing[0] == Approx(0.75));
    CHECK(s.geometry.spacing[1] == Approx(0.8));
    CHECK(s.slices.front().path == files.front());
    CHECK(s.slices.back().path == files.back());
    CHECK(!s.slices[0].sopInstanceUid.empty());
    CHECK(s.slices[0].sopClassUid == "1.2.840.10008.5.1.4.1.1.2");
    requireSameVolume(v, loadSeries(s));
}

TEST_CASE("reversed stack (slices running foot-wards) keeps the right direction", "[dicom][geometry]") {
    TempDir dir("reversed");
    Geometry g = axialGeometry(8, 8, 6);
    g.direction[2] = {0, 0, -1};  // slice k+1 is inferior
    const CtVolume v = patternVolume(g);
    writeSeries(v, testMetadata("reversed"), dir.path());
    const ScanResult scan = scanDicom(dir.path());
    const SeriesInfo& s = scan.series.at(0);
    // The loader orders along the slice normal (row x column = +z), so the
    // volume comes back flipped: same world positions, k reversed.
    CHECK(s.geometry.direction[2][2] == Approx(1.0));
    const CtVolume loaded = loadSeries(s);
    for (std::size_t k = 0; k < 6; ++k) {
        const Vec3 p = loaded.geometry.indexToWorld({2, 3, double(k)});
        const Vec3 q = v.geometry.worldToIndex(p);
        REQUIRE(std::abs(q[2] - std::round(q[2])) < 1e-6);
        CHECK(loaded.at(2, 3, k) == v.at(2, 3, std::size_t(std::lround(q[2]))));
    }
}

TEST_CASE("oblique series keeps its direction cosines in LPS", "[dicom][geometry]") {
    TempDir dir("oblique");
    Geometry g = axialGeometry(10, 10, 5);
    const double a = 0.4;
    g.direction = {Vec3{std::cos(a), 0, std::sin(a)}, Vec3{0, 1, 0}, Vec3{-std::sin(a), 0, std::cos(a)}};
    const CtVolume v = patternVolume(g);
    writeSeries(v, testMetadata("oblique"), dir.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(s.warnings.empty());
    for (int ax = 0; ax < 3; ++ax)
        for (int c = 0; c < 3; ++c) CHECK(s.geometry.direction[ax][c] == Approx(g.direction[ax][c]).margin(1e-6));
    requireSameVolume(v, loadSeries(s));
}

TEST_CASE("rescale slope and intercept are applied per slice", "[dicom][rescale]") {
    TempDir dir("rescale");
    const CtVolume v = patternVolume(axialGeometry(6, 5, 4));
    const auto files = writeSeries(v, testMetadata("rescale"), dir.path());
    // Slice 1: stored values doubled in meaning.
    setAttribute(files[1], 0x0028, 0x1053, "2");
    setAttribute(files[1], 0x0028, 0x1052, "-2048");
    const CtVolume loaded = loadSeries(scanDicom(dir.path()).series.at(0));
    // stored = value + 1024, so value' = 2*(value + 1024) - 2048 = 2*value
    CHECK(loaded.at(3, 2, 1) == 2 * v.at(3, 2, 1));
    CHECK(loaded.at(3, 2, 0) == v.at(3, 2, 0));
}

TEST_CASE("progress is reported and cancelling stops loading", "[dicom]") {
    TempDir dir("cancel");
    writeSeries(patternVolume(axialGeometry(8, 8, 10)), testMetadata("cancel"), dir.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    std::size_t calls = 0;
    loadSeries(s, [&](std::size_t, std::size_t total) {
        CHECK(total == 10);
        ++calls;
        return true;
    });
    CHECK(calls == 10);
    CHECK_THROWS_AS(loadSeries(s, [](std::size_t done, std::size_t) { return done < 3; }), Cancelled);
}
