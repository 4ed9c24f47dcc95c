// The CT is kept as int16 when that is exact and as float otherwise: both
// paths must read the same Hounsfield units from the same files.
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

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

TEST_CASE("CT storage: 12 of 16 bits stored, other bits set above them and a rescale slope of 2 read the same as int16 and as float",
          "[dicom][storage]") {
    TempDir dir("storage-12bit");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 3));
    const auto files = writeSeries(v, testMetadata("storage-12bit"), dir.path());
    for (const auto& f : files) {
        setAttribute(f, 0x0028, 0x0101, "12");  // BitsStored
        setAttribute(f, 0x0028, 0x0102, "11");  // HighBit
        setAttribute(f, 0x0028, 0x1053, "2");   // RescaleSlope
        // Bits 12-15 hold something else (as overlays once did): both decodes must mask them off.
        DcmFileFormat ff;
        REQUIRE(ff.loadFile(f.c_str()).good());
        ff.loadAllDataIntoMemory();
        DcmElement* element = nullptr;
        Uint16* px = nullptr;
        REQUIRE(ff.getDataset()->findAndGetElement(DCM_PixelData, element).good());
        REQUIRE(element->getUint16Array(px).good());
        for (std::size_t i = 0; i < 64; ++i) px[i] |= Uint16(0xA000);
        REQUIRE(ff.saveFile(f.c_str(), ff.getDataset()->getOriginalXfer()).good());
    }
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    const CtVolume narrow = loadSeries(s, {}, 2, CtVolume::Storage::Int16);
    const CtVolume wide = loadSeries(s, {}, 2, CtVolume::Storage::Float);
    CHECK(narrow.data.isInt16());
    CHECK(firstDifference(narrow, wide) == -1);
    // Stored value = HU + 1024 (the writer's intercept -1024), so HU' = 2 * stored - 1024.
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t i = 0; i < 8; ++i) CHECK(narrow.at(i, 5, k) == 2.f * (v.at(i, 5, k) + 1024.f) - 1024.f);
}

TEST_CASE("CT storage: a big-endian series reads the same as int16 and as float", "[dicom][storage]") {
    TempDir dir("storage-big-endian");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 3));
    const auto files = writeSeries(v, testMetadata("storage-big-endian"), dir.path());
    for (const auto& f : files) {
        DcmFileFormat ff;
        REQUIRE(ff.loadFile(f.c_str()).good());
        ff.loadAllDataIntoMemory();
        REQUIRE(ff.saveFile(f.c_str(), EXS_BigEndianExplicit).good());
    }
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    const CtVolume narrow = loadSeries(s, {}, 1, CtVolume::Storage::Int16);
    CHECK(narrow.data.isInt16());
    CHECK(firstDifference(narrow, loadSeries(s, {}, 1, CtVolume::Storage::Float)) == -1);
    CHECK(narrow.data == v.data);
}
