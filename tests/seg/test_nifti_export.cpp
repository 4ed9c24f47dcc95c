// NIfTI label maps for other viewers: the file's qform and sform must put every
// labelled voxel where our LPS geometry says it is, on oblique and reversed
// grids too. Checked by nibabel (an independent reader), not by ITK reading
// back what ITK wrote.
#include "support/run_command.h"
#include "lsms/core/error.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/io/nifti_io.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

using lsms::test::run;

// Rotated about two axes, so no direction cosine is 0 or 1 and a swapped or
// transposed matrix cannot pass.
Geometry obliqueGeometry() {
    Geometry g;
    g.size = {11, 9, 7};
    g.spacing = {0.7, 0.9, 2.5};
    g.origin = {-120.5, 35.25, -410.75};
    const double a = 0.35, b = -0.5;
    const Vec3 x{std::cos(a), std::sin(a), 0}, y{-std::sin(a), std::cos(a), 0}, z{0, 0, 1};
    // Then about the x axis by b.
    auto rot = [&](const Vec3& v) { return Vec3{v[0], std::cos(b) * v[1] - std::sin(b) * v[2], std::sin(b) * v[1] + std::cos(b) * v[2]}; };
    g.direction = {rot(x), rot(y), rot(z)};
    return g;
}

// Slices running foot-wards and rows right-to-left: a left-handed index frame
// (qfac = -1 in NIfTI terms).
Geometry reversedGeometry() {
    Geometry g;
    g.size = {10, 8, 6};
    g.spacing = {0.8, 0.8, 3.0};
    g.origin = {60, -20, 250};
    g.direction = {Vec3{-1, 0, 0}, Vec3{0, 1, 0}, Vec3{0, 0, -1}};
    return g;
}

// Labels 1..3 scattered over the grid, corners included (where a wrong
// origin or axis shows most).
LabelVolume scatteredLabels(const Geometry& g) {
    LabelVolume l(g, 0);
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i)
                if ((i + 2 * j + 3 * k) % 7 == 0) l.at(i, j, k) = std::uint16_t(1 + (i + j + k) % 3);
    l.at(0, 0, 0) = 1;
    l.at(g.size[0] - 1, 0, 0) = 2;
    l.at(0, g.size[1] - 1, 0) = 3;
    l.at(g.size[0] - 1, g.size[1] - 1, g.size[2] - 1) = 2;
    return l;
}

// Every labelled voxel with its LPS centre from Geometry::indexToWorld.
void writeExpected(const LabelVolume& l, const fs::path& json) {
    std::ofstream out(json);
    out << std::setprecision(17) << "{\"size\": [" << l.geometry.size[0] << ", " << l.geometry.size[1] << ", " << l.geometry.size[2]
        << "], \"voxels\": [";
    bool first = true;
    for (std::size_t k = 0; k < l.geometry.size[2]; ++k)
        for (std::size_t j = 0; j < l.geometry.size[1]; ++j)
            for (std::size_t i = 0; i < l.geometry.size[0]; ++i) {
                if (!l.at(i, j, k)) continue;
                const Vec3 p = l.geometry.indexToWorld({double(i), double(j), double(k)});
                out << (first ? "" : ", ") << "[" << i << ", " << j << ", " << k << ", " << l.at(i, j, k) << ", " << p[0] << ", "
                    << p[1] << ", " << p[2] << "]";
                first = false;
            }
    out << "]}\n";
}

void checkWithNibabel(const fs::path& nifti, const LabelVolume& expected, const fs::path& dir) {
    const fs::path json = dir / "expected.json";
    writeExpected(expected, json);
    int status = -1;
    const std::string out = run("/usr/bin/python3 " + std::string(LSMS_NIFTI_CHECK_SCRIPT) + " " + nifti.string() + " " + json.string(), &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("\nOK") != std::string::npos);
}

}  // namespace

TEST_CASE("NIfTI label maps place every voxel at its LPS position for nibabel (qform and sform)", "[nifti][geometry]") {
    const std::pair<Geometry, const char*> grids[] = {{obliqueGeometry(), "oblique"}, {reversedGeometry(), "reversed"}};
    for (const auto& [g, name] : grids) {
        SECTION(name) {
            TempDir dir(std::string("nifti-") + name);
            const LabelVolume labels = scatteredLabels(g);
            const fs::path file = dir.path() / "labels.nii.gz";
            writeNifti(labels, file);
            checkWithNibabel(file, labels, dir.path());
            // And our own reader gets the same grid back (single precision in the file).
            const LabelVolume back = readNiftiLabels(file);
            CHECK(back.geometry.sameGrid(g, 1e-3));
            CHECK(back.data == labels.data);
        }
    }
}

TEST_CASE("the nibabel check fails on a label map whose geometry is off", "[nifti][geometry]") {
    // The check must be able to fail: a label map written on a grid shifted by
    // 0.01 mm (ten times the tolerance) is reported.
    TempDir dir("nifti-shifted");
    const Geometry g = obliqueGeometry();
    LabelVolume shifted = scatteredLabels(g);
    shifted.geometry.origin[1] += 0.01;
    writeNifti(shifted, dir.path() / "shifted.nii.gz");
    writeExpected(scatteredLabels(g), dir.path() / "expected.json");
    int status = -1;
    const std::string out = run("/usr/bin/python3 " + std::string(LSMS_NIFTI_CHECK_SCRIPT) + " " + (dir.path() / "shifted.nii.gz").string() +
                                    " " + (dir.path() / "expected.json").string(),
                                &status);
    INFO(out);
    CHECK(status == 1);
    CHECK(out.find("MISMATCH: qform maps voxel") != std::string::npos);
    CHECK(out.find("MISMATCH: sform maps voxel") != std::string::npos);
}

TEST_CASE("lsms export-nifti writes a SEG as a label map on its series' grid", "[nifti][cli]") {
    TempDir dir("nifti-cli");
    Geometry g = obliqueGeometry();
    g.size = {24, 20, 8};
    const SeriesMetadata meta = testMetadata("nifti-cli");
    writeDicomSeries(patternVolume(g), meta, dir.path() / "dicom");
    const SeriesInfo series = scanDicom(dir.path() / "dicom").series.at(0);
    REQUIRE(series.problem.empty());
    LabelVolume labels(series.geometry, 0);
    for (std::size_t k = 2; k < 6; ++k)
        for (std::size_t j = 4; j < 12; ++j)
            for (std::size_t i = 3; i < 10; ++i) labels.at(i, j, k) = 1;
    for (std::size_t k = 1; k < 7; ++k) labels.at(20, 15, k) = 2;
    std::vector<SegmentSpec> specs(2);
    specs[0].labelValue = 1, specs[0].label = "A", specs[0].algorithmName = "LSMS";
    specs[1].labelValue = 2, specs[1].label = "B", specs[1].algorithmName = "LSMS";
    writeDicomSeg(series, labels, specs, dir.path() / "seg.dcm");

    const fs::path out = dir.path() / "labels.nii.gz";
    int status = -1;
    const std::string cmd = std::string(LSMS_CLI) + " export-nifti " + (dir.path() / "dicom").string() + " " +
                            (dir.path() / "seg.dcm").string() + " --out " + out.string();
    const std::string log = run(cmd, &status);
    INFO(log);
    REQUIRE(status == 0);
    checkWithNibabel(out, labels, dir.path());
    // Never overwrites: the same command again fails with one line.
    const std::string again = run(cmd, &status);
    CHECK(status != 0);
    CHECK(std::count(again.begin(), again.end(), '\n') == 1);
    // A series the SEG does not belong to is refused.
    writeDicomSeries(patternVolume(g), testMetadata("nifti-other"), dir.path() / "other");
    run(std::string(LSMS_CLI) + " export-nifti " + (dir.path() / "other").string() + " " + (dir.path() / "seg.dcm").string() +
            " --out " + (dir.path() / "other.nii.gz").string(),
        &status);
    CHECK(status == 1);
    CHECK_FALSE(fs::exists(dir.path() / "other.nii.gz"));
}
