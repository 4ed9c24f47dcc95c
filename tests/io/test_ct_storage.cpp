// The CT is kept as int16 when that is exact and as float otherwise: both
// paths must read the same Hounsfield units from the same files.
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

static const fs::path kData = LSMS_TEST_DATA;

namespace {

// The first voxel whose value differs, or -1.
long firstDifference(const CtVolume& a, const CtVolume& b) {
    REQUIRE(a.data.size() == b.data.size());
    for (std::size_t i = 0; i < a.data.size(); ++i)
        if (a.data[i] != b.data[i]) return long(i);
    return -1;
}

}  // namespace

TEST_CASE("CT storage: every real sample reads the same values as int16 and as float", "[dicom][real][storage]") {
    std::vector<fs::path> inputs = {kData / "mr-brain-20"};
    for (const auto& e : fs::directory_iterator(kData / "transfer-syntaxes")) inputs.push_back(e.path());
    REQUIRE(inputs.size() == 11);
    for (const auto& input : inputs) {
        INFO(input.filename().string());
        const SeriesInfo s = scanDicom(input).series.at(0);
        const CtVolume narrow = loadSeries(s, {}, 2, CtVolume::Storage::Int16);
        const CtVolume wide = loadSeries(s, {}, 2, CtVolume::Storage::Float);
        CHECK_FALSE(wide.data.isInt16());
        // Whole numbers of 8 or 16 bits with slope 1 are int16; jpeg_ls.dcm's
        // RescaleSlope 3.774114 makes fractions, which only float holds.
        const bool fractional = input.filename() == "jpeg_ls.dcm";
        CHECK(narrow.data.isInt16() == !fractional);
        CHECK(narrow.data.bytes() == (fractional ? 4 : 2) * s.geometry.voxelCount());
        CHECK(firstDifference(narrow, wide) == -1);
        CHECK(narrow.data == wide.data);
        std::vector<float> a, b;
        const std::size_t k = s.geometry.size[2] / 2;
        const float* x = narrow.sliceHu(k, a);
        const float* y = wide.sliceHu(k, b);
        CHECK(std::equal(x, x + s.geometry.sliceVoxels(), y));
    }
}

TEST_CASE("CT storage: a fractional rescale keeps the series in float, with exact values", "[dicom][storage]") {
    TempDir dir("storage-fractional");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 5));
    const auto files = writeSeries(v, testMetadata("storage-fractional"), dir.path());
    // Slice 3 of 5: the int16 decode has already filled slices when it meets the fraction.
    setAttribute(files[3], 0x0028, 0x1053, "0.5");
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    const CtVolume loaded = loadSeries(s, {}, 1);
    CHECK_FALSE(loaded.data.isInt16());
    CHECK(firstDifference(loaded, loadSeries(s, {}, 1, CtVolume::Storage::Float)) == -1);
    bool fraction = false;
    for (std::size_t i = 0; i < loaded.data.size(); ++i) fraction = fraction || loaded.data[i] != std::floor(loaded.data[i]);
    CHECK(fraction);
    CHECK(loaded.at(0, 0, 0) == v.at(0, 0, 0));
}

TEST_CASE("CT storage: values beyond int16's range keep the series in float", "[dicom][storage]") {
    TempDir dir("storage-range");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 3));
    const auto files = writeSeries(v, testMetadata("storage-range"), dir.path());
    setAttribute(files[1], 0x0028, 0x1053, "100");  // whole numbers, up to ~100 000
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    const CtVolume loaded = loadSeries(s);
    CHECK_FALSE(loaded.data.isInt16());
    float hi = -1e9f;
    for (std::size_t i = 0; i < loaded.data.size(); ++i) hi = std::max(hi, loaded.data[i]);
    CHECK(hi > 32767.f);
    CHECK(firstDifference(loaded, loadSeries(s, {}, 2, CtVolume::Storage::Float)) == -1);
}
