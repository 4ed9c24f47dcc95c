// Real DICOM files from public test data (tests/data/PROVENANCE.md).
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/itk_reference.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace lsms;
namespace fs = std::filesystem;

static const fs::path kData = LSMS_TEST_DATA;

TEST_CASE("the 20-slice MR brain series loads as one 256x256x20 volume", "[dicom][real]") {
    const ScanResult scan = scanDicom(kData / "mr-brain-20");
    REQUIRE(scan.series.size() == 1);
    const SeriesInfo& s = scan.series[0];
    CHECK(s.problem.empty());
    CHECK(s.geometry.size == std::array<std::size_t, 3>{256, 256, 20});
    // Spacing comes from the positions; compare with the first and last position.
    const double span = norm(s.slices.back().position - s.slices.front().position);
    CHECK(s.geometry.spacing[2] == Approx(span / 19).epsilon(1e-6));
    CHECK(s.geometry.spacing[2] > 0.5);
    CHECK(s.metadata.modality == "MR");
    // Non-CT loads with a warning, not silently as HU.
    CHECK(std::any_of(s.warnings.begin(), s.warnings.end(), [](const std::string& w) { return w.find("not CT") != std::string::npos; }));
    const CtVolume v = loadSeries(s);
    const auto [lo, hi] = std::minmax_element(v.data.begin(), v.data.end());
    CHECK(*hi > *lo);
    // Same voxels as ITK's GDCM reader for the middle slice.
    const CtVolume ref = readImageWithItk(s.slices[10].path);
    REQUIRE(ref.data.size() == 256u * 256u);
    std::vector<float> slice10;
    CHECK(std::equal(ref.data.begin(), ref.data.end(), v.sliceHu(10, slice10)));
}

TEST_CASE("every single-file sample decodes like GDCM decodes it", "[dicom][real][transfer-syntax]") {
    // Lossy JPEG decoders may round differently; lossless ones must agree exactly.
    struct Case {
        const char* file;
        float tolerance;
    };
    const Case cases[] = {{"CT_small.dcm", 0},      {"deflated.dcm", 0},        {"explicit_big.dcm", 0},
                          {"explicit_little.dcm", 0}, {"implicit_little.dcm", 0}, {"jpeg_baseline_8bit.dcm", 2},
                          {"jpeg_lossless_sel1.dcm", 0}, {"jpeg_ls.dcm", 0},       {"rle.dcm", 0},
                          {"jpeg_2000.dcm", 0}};
    for (const auto& c : cases) {
        INFO(c.file);
        const fs::path f = kData / "transfer-syntaxes" / c.file;
        const CtVolume ours = loadSingleImage(f);
        const CtVolume ref = readImageWithItk(f);
        REQUIRE(ours.data.size() == ref.data.size());
        float maxDiff = 0;
        for (std::size_t i = 0; i < ours.data.size(); ++i) maxDiff = std::max(maxDiff, std::abs(ours.data[i] - ref.data[i]));
        CHECK(maxDiff <= c.tolerance);
        const auto [lo, hi] = std::minmax_element(ours.data.begin(), ours.data.end());
        CHECK(*hi > *lo);
    }
}

TEST_CASE("CT_small is in Hounsfield units", "[dicom][real]") {
    const ScanResult scan = scanDicom(kData / "transfer-syntaxes" / "CT_small.dcm");
    const SeriesInfo& s = scan.series.at(0);
    CHECK(s.metadata.modality == "CT");
    CHECK(s.geometry.size == std::array<std::size_t, 3>{128, 128, 1});
    const CtVolume v = loadSeries(s);
    const auto [lo, hi] = std::minmax_element(v.data.begin(), v.data.end());
    CHECK(*lo < -500);  // air
    CHECK(*hi > 100);   // tissue or bone
}

TEST_CASE("a DICOM-SEG alone is reported as a non-image object, not loaded as a volume", "[dicom][real]") {
    try {
        scanDicom(kData / "seg" / "liver_1frame.dcm");
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("Segmentation") != std::string::npos);
    }
}
