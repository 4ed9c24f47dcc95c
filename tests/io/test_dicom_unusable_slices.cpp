// Slices whose geometry or rescale cannot be trusted: the series is refused
// with the file named, or each slice is read with its own values — never a
// volume that is silently wrong.
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "support/series_fixture.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

double attribute(const fs::path& file, const DcmTagKey& tag) {
    DcmFileFormat ff;
    REQUIRE(ff.loadFile(file.c_str()).good());
    Float64 v = 0;
    REQUIRE(ff.getDataset()->findAndGetFloat64(tag, v).good());
    return v;
}

std::string loadError(const SeriesInfo& s) {
    try {
        loadSeries(s);
    } catch (const InputError& e) {
        return e.what();
    }
    return "loaded without an error";
}

}  // namespace

TEST_CASE("a non-finite ImagePositionPatient or ImageOrientationPatient refuses the series and names the slice", "[dicom][bad]") {
    TempDir dir("nonfinite");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 5)), testMetadata("nonfinite"), dir.path());
    const std::string name = files[2].filename().string();
    std::string value, expected;
    SECTION("NaN position") {
        setAttribute(files[2], 0x0020, 0x0032, value = "nan\\-40\\105");
        expected = "ImagePositionPatient is \"" + value + "\", not 3 finite numbers";
    }
    SECTION("infinite position") {
        setAttribute(files[2], 0x0020, 0x0032, value = "-50\\-40\\inf");
        expected = "ImagePositionPatient is \"" + value + "\", not 3 finite numbers";
    }
    SECTION("NaN orientation") {
        setAttribute(files[2], 0x0020, 0x0037, value = "1\\0\\0\\0\\NaN\\0");
        expected = "ImageOrientationPatient is \"" + value + "\", not 6 finite numbers";
    }
    SECTION("degenerate orientation (row and column the same)") {
        setAttribute(files[2], 0x0020, 0x0037, value = "1\\0\\0\\1\\0\\0");
        expected = "ImageOrientationPatient \"" + value + "\" is not two perpendicular unit vectors";
    }
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(s.problem == "slice " + name + ": " + expected + "; the series cannot be placed in space");
    CHECK(loadError(s) == "cannot load series: " + s.problem);
}

TEST_CASE("a single slice with a NaN position is refused too", "[dicom][bad]") {
    TempDir dir("nonfinite-single");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 1)), testMetadata("nonfinite-single"), dir.path());
    setAttribute(files[0], 0x0020, 0x0032, "-50\\nan\\100");
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(s.problem == "slice " + files[0].filename().string() +
                           ": ImagePositionPatient is \"-50\\nan\\100\", not 3 finite numbers; the series cannot be placed in space");
}

TEST_CASE("inconsistent pixel spacing across slices refuses the series", "[dicom][bad]") {
    TempDir dir("mixedspacing");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 5)), testMetadata("mixedspacing"), dir.path());
    setAttribute(files[3], 0x0028, 0x0030, "0.7\\0.75");
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(s.problem == "mixed pixel spacing in one series (PixelSpacing 0.800\\0.750 mm in " + files[0].filename().string() +
                           ", 0.700\\0.750 mm in " + files[3].filename().string() + ")");
    CHECK(loadError(s) == "cannot load series: " + s.problem);
}

TEST_CASE("a slice without PixelSpacing among slices with it refuses the series", "[dicom][bad]") {
    TempDir dir("somespacing");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 4)), testMetadata("somespacing"), dir.path());
    {
        DcmFileFormat ff;
        REQUIRE(ff.loadFile(files[1].c_str()).good());
        ff.loadAllDataIntoMemory();
        REQUIRE(ff.getDataset()->findAndDeleteElement(DCM_PixelSpacing).good());
        REQUIRE(ff.saveFile(files[1].c_str(), ff.getDataset()->getOriginalXfer()).good());
    }
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(s.problem == "mixed pixel spacing in one series (PixelSpacing 0.800\\0.750 mm in " + files[0].filename().string() +
                           ", none in " + files[1].filename().string() + ")");
}

TEST_CASE("mixed rescale slopes and intercepts are applied slice by slice", "[dicom][bad]") {
    TempDir dir("mixedrescale");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 5));
    const auto files = writeSeries(v, testMetadata("mixedrescale"), dir.path());
    const double intercept = attribute(files[2], DCM_RescaleIntercept);
    REQUIRE(attribute(files[2], DCM_RescaleSlope) == 1.0);
    setAttribute(files[2], 0x0028, 0x1053, "2.5");
    setAttribute(files[2], 0x0028, 0x1052, "-2000");
    const CtVolume loaded = loadSeries(scanDicom(dir.path()).series.at(0));
    for (std::size_t k = 0; k < 5; ++k)
        for (std::size_t j = 0; j < 8; ++j)
            for (std::size_t i = 0; i < 8; ++i) {
                // The stored value is unchanged; slice 2 now reads it with its own slope and intercept.
                const double stored = double(v.at(i, j, k)) - intercept;
                const double want = k == 2 ? stored * 2.5 - 2000 : double(v.at(i, j, k));
                REQUIRE(double(loaded.at(i, j, k)) == Approx(want).margin(1e-3));
            }
}

TEST_CASE("a rescale slope or intercept that is not a finite number is refused with the file named", "[dicom][bad]") {
    TempDir dir("nanrescale");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 4)), testMetadata("nanrescale"), dir.path());
    const std::string name = files[1].filename().string();
    SECTION("NaN slope") {
        setAttribute(files[1], 0x0028, 0x1053, "NaN");
        CHECK(loadError(scanDicom(dir.path()).series.at(0)) == name + ": RescaleSlope \"NaN\" is not a finite number");
    }
    SECTION("unreadable intercept") {
        setAttribute(files[1], 0x0028, 0x1052, "minus1024");
        CHECK(loadError(scanDicom(dir.path()).series.at(0)) == name + ": RescaleIntercept \"minus1024\" is not a finite number");
    }
}

TEST_CASE("two copies of the same slice are reported as a duplicate, not silently one slice", "[dicom][bad]") {
    TempDir dir("twocopies");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 1)), testMetadata("twocopies"), dir.path());
    fs::copy_file(files[0], dir.path() / "copy.dcm");
    const ScanResult scan = scanDicom(dir.path());
    REQUIRE(scan.series.size() == 1);
    const SeriesInfo& s = scan.series[0];
    REQUIRE(s.warnings.size() == 2);
    // CT0001.dcm sorts before copy.dcm: the copy is the one left out.
    CHECK(s.warnings[0] == "1 slice(s) duplicate the position of another slice and were ignored (e.g. copy.dcm)");
    CHECK(s.warnings[1] == "single-slice series: slice spacing taken from SliceThickness (2.50 mm)");
    CHECK(s.geometry.size[2] == 1);
}
