// NIfTI files from elsewhere whose header geometry is not finite or not a
// placement: refused with the field named. ITK alone abort()s the process on a
// NaN sform (found by fuzz_nifti), taking the radiologist's session with it.
#include "lsms/core/error.h"
#include "lsms/io/nifti_io.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

using namespace lsms;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

template <typename T>
void put(std::string& bytes, std::size_t offset, T v) {
    std::memcpy(bytes.data() + offset, &v, sizeof v);
}

// A plain .nii label map written by the project, its header bytes to patch.
std::string goodHeaderFile(const fs::path& dir) {
    LabelVolume v(axialGeometry(6, 5, 4));
    v.data[7] = 2;
    writeNifti(v, dir / "good.nii");
    return readAll(dir / "good.nii");
}

void writeBytes(const fs::path& f, const std::string& bytes) { std::ofstream(f, std::ios::binary) << bytes; }

void writeGzipped(const fs::path& f, const std::string& bytes) {
    gzFile out = gzopen(f.c_str(), "wb");
    REQUIRE(out);
    REQUIRE(gzwrite(out, bytes.data(), unsigned(bytes.size())) == int(bytes.size()));
    gzclose(out);
}

}  // namespace

TEST_CASE("a NIfTI header with a non-finite sform, qform or voxel size is refused with the field named", "[nifti][bad]") {
    TempDir dir("nifti-bad-header");
    std::string bytes = goodHeaderFile(dir.path());
    REQUIRE(readNiftiLabels(dir.path() / "good.nii").data[7] == 2);
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    std::string field;
    SECTION("sform") {
        put<std::int16_t>(bytes, 254, 2);  // sform_code: aligned to a template
        put<float>(bytes, 280 + 4 * 9, nan);
        field = "srow_z[1] is not a finite number";
    }
    SECTION("qform") {
        put<std::int16_t>(bytes, 252, 1);
        put<std::int16_t>(bytes, 254, 0);
        put<float>(bytes, 260, inf);
        field = "quatern_c is not a finite number";
    }
    SECTION("voxel size") {
        put<float>(bytes, 76 + 4 * 2, nan);
        field = "pixdim[2] is not a finite number";
    }
    SECTION("image size") {
        put<std::int16_t>(bytes, 40 + 2 * 3, 0);
        field = "dim[3] is 0, not a positive size";
    }
    const std::string expected = "its header's " + field;
    writeBytes(dir.path() / "bad.nii", bytes);
    CHECK_THROWS_AS(readNiftiLabels(dir.path() / "bad.nii"), InputError);
    CHECK_THROWS_WITH(readNiftiLabels(dir.path() / "bad.nii"), Contains(expected));
    CHECK_THROWS_WITH(readNiftiCt(dir.path() / "bad.nii"), Contains(expected));
    writeGzipped(dir.path() / "bad.nii.gz", bytes);  // the same refusal through gzip
    CHECK_THROWS_WITH(readNiftiLabels(dir.path() / "bad.nii.gz"), Contains(expected));
}

TEST_CASE("a NIfTI whose sform is all zeros is refused as no placement, not read with a made-up one", "[nifti][bad]") {
    TempDir dir("nifti-zero-sform");
    std::string bytes = goodHeaderFile(dir.path());
    put<std::int16_t>(bytes, 252, 0);  // no qform to fall back on
    put<std::int16_t>(bytes, 254, 2);
    for (int i = 0; i < 12; ++i) put<float>(bytes, 280 + 4 * std::size_t(i), 0.f);
    writeBytes(dir.path() / "zero.nii", bytes);
    CHECK_THROWS_AS(readNiftiLabels(dir.path() / "zero.nii"), InputError);
}

TEST_CASE("a NIfTI label map holding values that are not whole labels from 0 to 65535 is refused, not wrapped", "[nifti][bad]") {
    TempDir dir("nifti-label-values");
    CtVolume v(axialGeometry(6, 5, 4));
    v.data.set(3, 2);
    writeNifti(v, dir.path() / "float-labels.nii.gz");
    CHECK(readNiftiLabels(dir.path() / "float-labels.nii.gz").data[3] == 2);  // whole values in a float file still load
    float bad = 0;
    SECTION("a fraction") { bad = 1.5f; }
    SECTION("over 65535") { bad = 70000.f; }
    SECTION("negative") { bad = -1.f; }
    v.data.set(9, bad);
    writeNifti(v, dir.path() / "bad.nii.gz");
    CHECK_THROWS_AS(readNiftiLabels(dir.path() / "bad.nii.gz"), InputError);
    CHECK_THROWS_WITH(readNiftiLabels(dir.path() / "bad.nii.gz"), Contains("voxel 9 holds") && Contains("not a whole label from 0 to 65535"));
}

TEST_CASE("a NIfTI header claiming more voxels than its file holds is refused before anything is allocated", "[nifti][bad][memory]") {
    TempDir dir("nifti-huge-dims");
    std::string bytes = goodHeaderFile(dir.path());
    for (int i = 1; i <= 3; ++i) put<std::int16_t>(bytes, 40 + 2 * std::size_t(i), 30000);  // 2.7e13 voxels
    writeBytes(dir.path() / "huge.nii", bytes);
    CHECK_THROWS_AS(readNiftiLabels(dir.path() / "huge.nii"), InputError);
    CHECK_THROWS_WITH(readNiftiLabels(dir.path() / "huge.nii"),
                      Contains("its header claims 27000000000000 voxels") && Contains("more than the file can hold"));
    writeGzipped(dir.path() / "huge.nii.gz", bytes);
    CHECK_THROWS_WITH(readNiftiCt(dir.path() / "huge.nii.gz"), Contains("more than the file can hold"));
}

TEST_CASE("a file with a NIfTI-2 magic but too short for a NIfTI-2 header is checked as NIfTI-1, not let through",
          "[nifti][bad][memory]") {
    TempDir dir("nifti-short-ni2");
    std::string bytes = goodHeaderFile(dir.path()).substr(0, 358);  // the header and a few bytes
    std::memcpy(bytes.data() + 4, "ni2", 3);  // where a NIfTI-2 file has its magic
    put<std::int16_t>(bytes, 42, 4100);
    put<std::int16_t>(bytes, 44, 1004);
    put<std::int16_t>(bytes, 46, 512);  // 2.1 billion voxels, which niftilib tried to allocate
    writeBytes(dir.path() / "short.nii", bytes);
    CHECK_THROWS_WITH(readNiftiLabels(dir.path() / "short.nii"), Contains("more than the file can hold"));
    CHECK_THROWS_WITH(readNiftiCt(dir.path() / "short.nii"), Contains("more than the file can hold"));
}

TEST_CASE("a NIfTI whose sform holds numbers no scanner has is refused before ITK's orientation search hangs on them",
          "[nifti][bad]") {
    TempDir dir("nifti-huge-sform");
    std::string bytes = goodHeaderFile(dir.path());
    put<std::int16_t>(bytes, 254, 2);           // sform_code: aligned
    put<float>(bytes, 280 + 4 * 2, -2.2e38f);   // srow_x[2], as fuzz_nifti found it
    writeBytes(dir.path() / "sform.nii", bytes);
    CHECK_THROWS_WITH(readNiftiLabels(dir.path() / "sform.nii"), Contains("srow_x[2]") && Contains("beyond any scanner's millimetres"));
    put<float>(bytes, 280 + 4 * 2, 8.6e9f);
    writeBytes(dir.path() / "sform.nii", bytes);
    CHECK_THROWS_WITH(readNiftiCt(dir.path() / "sform.nii"), Contains("srow_x[2]"));
}

TEST_CASE("a NIfTI whose datatype is not one scalar a voxel, or whose bitpix does not match it, is refused",
          "[nifti][bad]") {
    TempDir dir("nifti-datatype");
    std::string bytes = goodHeaderFile(dir.path());
    put<std::int16_t>(bytes, 70, 2304);  // RGBA32 ...
    put<std::int16_t>(bytes, 72, 16);    // ... with 16 bits: ITK then read past its buffer
    writeBytes(dir.path() / "rgba.nii", bytes);
    CHECK_THROWS_WITH(readNiftiLabels(dir.path() / "rgba.nii"), Contains("datatype 2304 is not one grey value or label"));
    put<std::int16_t>(bytes, 70, 512);  // uint16 ...
    put<std::int16_t>(bytes, 72, 8);    // ... said to be 8 bits
    writeBytes(dir.path() / "bits.nii", bytes);
    CHECK_THROWS_WITH(readNiftiCt(dir.path() / "bits.nii"), Contains("bitpix 8 does not match datatype 512 (16 bits)"));
}
