// DICOM-SEG export and import: round trips on phantom studies (axial, oblique,
// reversed, with a missing slice), overlapping segments, FRACTIONAL input, the
// real pydicom sample, dciodvfy, an independent pydicom reader and clear errors.
#include "support/run_command.h"
#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/dicom_writer.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

const fs::path kData = LSMS_TEST_DATA;

using lsms::test::run;

phantom::Phantom smallPhantom(std::uint64_t seed) {
    phantom::PhantomOptions o;
    o.seed = seed;
    o.columns = o.rows = 96;
    o.pixelSpacingMm = 4.0;
    o.sliceThicknessMm = 5.0;
    o.slices = 30;
    o.lesionCount = 3;
    o.threads = 1;
    return phantom::generatePhantom(o);
}

// The labels on `g` (same in-plane grid), slice by slice by position.
LabelVolume onGrid(const LabelVolume& src, const Geometry& g) {
    LabelVolume out(g, 0);
    for (std::size_t k = 0; k < g.size[2]; ++k) {
        const Vec3 q = src.geometry.worldToIndex(g.indexToWorld({0, 0, double(k)}));
        const long ks = std::lround(q[2]);
        REQUIRE(std::abs(q[0]) < 1e-3);
        REQUIRE(std::abs(q[1]) < 1e-3);
        if (ks < 0 || ks >= long(src.geometry.size[2])) continue;
        std::copy(src.slice(std::size_t(ks)), src.slice(std::size_t(ks)) + g.sliceVoxels(), out.slice(k));
    }
    return out;
}

std::vector<SegmentSpec> lesionSpecs(const LabelVolume& labels) {
    std::vector<SegmentSpec> specs;
    std::uint16_t maxLabel = 0;
    for (auto v : labels.data) maxLabel = std::max(maxLabel, v);
    for (std::uint16_t l = 1; l <= maxLabel; ++l) {
        SegmentSpec s;
        s.labelValue = l;
        s.label = "Lesion " + std::to_string(l);
        s.description = "the largest hypodense lesion in the right lobe";
        s.algorithmType = l == 2 ? SegmentSpec::AlgorithmType::Manual : SegmentSpec::AlgorithmType::Automatic;
        s.algorithmName = "LSMS";
        s.algorithmVersion = "0.1.0";
        s.rgb = {std::uint8_t(200), std::uint8_t(40 * l), std::uint8_t(30)};
        s.massInsteadOfLesion = l == 3;
        specs.push_back(s);
    }
    return specs;
}

// Voxels per segment number (1..) of `labels`, only on slices with a source file.
std::map<int, std::size_t> expectedCounts(const LabelVolume& labels, const SeriesInfo& s, const std::vector<SegmentSpec>& specs) {
    std::map<int, std::size_t> counts;
    for (std::size_t i = 0; i < specs.size(); ++i) counts[int(i + 1)] = 0;
    for (std::size_t k = 0; k < labels.geometry.size[2]; ++k) {
        if (s.slices[k].path.empty()) continue;
        const auto* p = labels.slice(k);
        for (std::size_t v = 0; v < labels.geometry.sliceVoxels(); ++v)
            for (std::size_t i = 0; i < specs.size(); ++i)
                if (p[v] == specs[i].labelValue) ++counts[int(i + 1)];
    }
    return counts;
}

void checkDciodvfy(const fs::path& seg) {
    const std::string out = run("dciodvfy " + seg.string());
    INFO(out);
    REQUIRE(out.find("Segmentation") != std::string::npos);  // dciodvfy ran and recognised the IOD
    CHECK(out.find("Error") == std::string::npos);
}

void checkWithPydicom(const fs::path& seg, const fs::path& seriesDir, const std::map<int, std::size_t>& counts, const fs::path& dir) {
    const fs::path json = dir / "expected.json";
    {
        std::ofstream out(json);
        out << "{\"segments\": {";
        bool first = true;
        for (const auto& [n, c] : counts) {
            out << (first ? "" : ", ") << "\"" << n << "\": " << c;
            first = false;
        }
        out << "}}\n";
    }
    int status = -1;
    const std::string out =
        run("/usr/bin/python3 " + std::string(LSMS_SEG_CHECK_SCRIPT) + " " + seg.string() + " " + seriesDir.string() + " " + json.string(),
            &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.rfind("OK", 0) == 0);
}

enum class Layout { Axial, Oblique, Reversed, MissingSlice };

struct Study {
    SeriesInfo series;
    LabelVolume labels;  // on series.geometry
    fs::path dicomDir;
};

Study makeStudy(const fs::path& dir, Layout layout, std::uint64_t seed) {
    phantom::Phantom ph = smallPhantom(seed);
    CtVolume ct = ph.ct;
    LabelVolume labels = ph.labels;
    if (layout == Layout::Oblique) {
        const double a = 0.3;
        ct.geometry.direction = {Vec3{std::cos(a), 0, std::sin(a)}, Vec3{0, 1, 0}, Vec3{-std::sin(a), 0, std::cos(a)}};
    } else if (layout == Layout::Reversed) {
        ct.geometry.direction[2] = {0, 0, -1};
    }
    labels.geometry = ct.geometry;
    const fs::path dicom = dir / "dicom";
    const auto files = writeDicomSeries(ct, ph.metadata, dicom);
    if (layout == Layout::MissingSlice) {
        // Remove a slice that has lesion voxels (the middle of the first lesion).
        std::size_t best = 0, bestCount = 0;
        for (std::size_t k = 1; k + 1 < labels.geometry.size[2]; ++k) {
            std::size_t c = 0;
            for (std::size_t v = 0; v < labels.geometry.sliceVoxels(); ++v) c += labels.slice(k)[v] != 0;
            if (c > bestCount) best = k, bestCount = c;
        }
        REQUIRE(bestCount > 0);
        fs::remove(files[best]);
    }
    Study st;
    st.dicomDir = dicom;
    st.series = scanDicom(dicom).series.at(0);
    REQUIRE(st.series.problem.empty());
    st.labels = onGrid(labels, st.series.geometry);
    return st;
}

}  // namespace

TEST_CASE("lesion labels round-trip through a DICOM-SEG on axial, oblique, reversed and gappy series", "[seg][roundtrip]") {
    const std::pair<Layout, const char*> layouts[] = {
        {Layout::Axial, "axial"}, {Layout::Oblique, "oblique"}, {Layout::Reversed, "reversed"}, {Layout::MissingSlice, "missing"}};
    for (const auto& [layout, name] : layouts) {
        SECTION(name) {
            TempDir dir(std::string("seg-rt-") + name);
            const Study st = makeStudy(dir.path(), layout, 7);
            const auto specs = lesionSpecs(st.labels);
            REQUIRE(specs.size() >= 2);
            const fs::path out = dir.path() / "seg.dcm";
            writeDicomSeg(st.series, st.labels, specs, out);
            REQUIRE(fs::exists(out));
            for (const auto& e : fs::directory_iterator(dir.path())) CHECK_FALSE(isTemporaryWriteName(e.path()));
            checkDciodvfy(out);

            const SegInfo info = readDicomSeg(out);
            CHECK(info.segmentationType == "BINARY");
            CHECK(info.frameOfReferenceUid == st.series.metadata.frameOfReferenceUid);
            CHECK(info.referencedSeriesUid == st.series.metadata.seriesInstanceUid);
            CHECK(info.studyInstanceUid == st.series.metadata.studyInstanceUid);
            CHECK(info.patientId == st.series.metadata.patientId);
            CHECK(info.seriesInstanceUid != st.series.metadata.seriesInstanceUid);
            REQUIRE(info.segments.size() == specs.size());
            for (std::size_t i = 0; i < specs.size(); ++i) {
                const auto& s = info.segments[i];
                CHECK(s.number == i + 1);
                CHECK(s.label == specs[i].label);
                CHECK(s.description == specs[i].description);
                CHECK(s.category.value == "49755003");
                CHECK(s.type.value == (specs[i].massInsteadOfLesion ? "4147007" : "52988006"));
                CHECK(s.type.scheme == "SCT");
                CHECK(s.anatomicRegion.value == "10200004");
                CHECK(s.anatomicRegion.meaning == "Liver");
                const bool manual = specs[i].algorithmType == SegmentSpec::AlgorithmType::Manual;
                CHECK(s.algorithmType == (manual ? "MANUAL" : "AUTOMATIC"));
                CHECK(s.algorithmName == (manual ? "" : "LSMS"));
                if (!manual) CHECK(s.algorithmVersion == "0.1.0");
                REQUIRE(s.hasCielab);
                const auto rgb = dicomLabToRgb(s.cielab);
                for (int c = 0; c < 3; ++c) CHECK(std::abs(int(rgb[c]) - int(specs[i].rgb[c])) <= 1);
            }
            // Every frame names the exact source image at its position.
            std::map<std::string, Vec3> sopPosition;
            for (const auto& sl : st.series.slices)
                if (!sl.path.empty()) sopPosition[sl.sopInstanceUid] = sl.position;
            for (const auto& f : info.frames) {
                REQUIRE(sopPosition.count(f.sourceSopInstanceUid) == 1);
                CHECK(norm(sopPosition[f.sourceSopInstanceUid] - f.position) < 1e-3);
                CHECK(f.voxels > 0);  // empty frames are skipped by default
            }

            const SegImport back = importDicomSegOnto(out, st.series);
            const LabelVolume labels = segmentsToLabels(back);
            REQUIRE(labels.geometry.sameGrid(st.series.geometry));
            LabelVolume expected = st.labels;
            for (std::size_t k = 0; k < expected.geometry.size[2]; ++k)
                if (st.series.slices[k].path.empty()) std::fill(expected.slice(k), expected.slice(k) + expected.geometry.sliceVoxels(), 0);
            std::size_t diff = 0;
            for (std::size_t v = 0; v < labels.data.size(); ++v) diff += labels.data[v] != expected.data[v];
            CHECK(diff == 0);
            const auto counts = expectedCounts(st.labels, st.series, specs);
            for (std::size_t i = 0; i < specs.size(); ++i) {
                CHECK(back.voxelCounts[i] == counts.at(int(i + 1)));
                CHECK(info.voxelsPerSegment[i] == counts.at(int(i + 1)));
            }
            if (layout == Layout::MissingSlice) {
                std::size_t lost = 0;
                for (std::size_t v = 0; v < st.labels.data.size(); ++v) lost += st.labels.data[v] != expected.data[v];
                CHECK(lost > 0);  // the test did remove lesion voxels with the slice
            }
            checkWithPydicom(out, st.dicomDir, counts, dir.path());
        }
    }
}

TEST_CASE("keeping empty frames writes one frame per segment and slice", "[seg]") {
    TempDir dir("seg-keep");
    const Study st = makeStudy(dir.path(), Layout::Axial, 5);
    auto specs = lesionSpecs(st.labels);
    specs.resize(1);
    SegExportOptions opt;
    opt.keepEmptyFrames = true;
    writeDicomSeg(st.series, st.labels, specs, dir.path() / "seg.dcm", opt);
    const SegInfo info = readDicomSeg(dir.path() / "seg.dcm");
    CHECK(info.frames.size() == st.series.geometry.size[2]);
    checkDciodvfy(dir.path() / "seg.dcm");
    const SegImport back = importDicomSegOnto(dir.path() / "seg.dcm", st.series);
    CHECK(back.voxelCounts[0] == expectedCounts(st.labels, st.series, specs).at(1));
}

TEST_CASE("overlapping segments are exported and imported each on its own", "[seg][overlap]") {
    TempDir dir("seg-overlap");
    const Study st = makeStudy(dir.path(), Layout::Oblique, 9);
    const Geometry& g = st.series.geometry;
    // Segment 1: every lesion; segment 2: a box overlapping part of them; segment 3: empty.
    std::vector<MaskVolume> masks(3, MaskVolume(g, 0));
    std::size_t lesion = 0;
    for (std::size_t v = 0; v < st.labels.data.size(); ++v) lesion += (masks[0].data[v] = st.labels.data[v] ? 1 : 0);
    REQUIRE(lesion > 0);
    for (std::size_t k = 5; k < 20; ++k)
        for (std::size_t j = 20; j < 70; ++j)
            for (std::size_t i = 10; i < 60; ++i) masks[1].at(i, j, k) = 1;
    std::size_t both = 0;
    for (std::size_t v = 0; v < masks[0].data.size(); ++v) both += masks[0].data[v] && masks[1].data[v];
    std::vector<SegmentSpec> specs(3);
    for (int i = 0; i < 3; ++i) {
        specs[i].label = "Segment " + std::to_string(i + 1);
        specs[i].algorithmName = "LSMS";
    }
    const fs::path out = dir.path() / "overlap.dcm";
    writeDicomSeg(st.series, masks, specs, out);
    checkDciodvfy(out);
    const SegImport back = importDicomSegOnto(out, st.series);
    REQUIRE(back.masks.size() == 3);
    for (int i = 0; i < 3; ++i) CHECK(back.masks[i].data == masks[i].data);
    CHECK(back.voxelCounts[2] == 0);
    INFO("overlap voxels: " << both);
    std::map<int, std::size_t> counts;
    for (int i = 0; i < 3; ++i) counts[i + 1] = back.voxelCounts[i];
    checkWithPydicom(out, st.dicomDir, counts, dir.path());
}

TEST_CASE("a FRACTIONAL segmentation is thresholded at 50 percent", "[seg][fractional]") {
    TempDir dir("seg-frac");
    const Study st = makeStudy(dir.path(), Layout::Axial, 3);
    auto specs = lesionSpecs(st.labels);
    specs.resize(1);
    const fs::path bin = dir.path() / "bin.dcm";
    writeDicomSeg(st.series, st.labels, specs, bin);
    const SegImport binary = importDicomSegOnto(bin, st.series);

    // Rewrite the same frames as FRACTIONAL (max 200): set pixels 100 or 200
    // (>= 50 %), unset pixels 0 or 99 (< 50 %).
    DcmFileFormat ff;
    REQUIRE(ff.loadFile(bin.c_str()).good());
    ff.loadAllDataIntoMemory();
    DcmDataset& ds = *ff.getDataset();
    Uint16 rows = 0, cols = 0;
    ds.findAndGetUint16(DCM_Rows, rows);
    ds.findAndGetUint16(DCM_Columns, cols);
    Sint32 frames = 0;
    ds.findAndGetSint32(DCM_NumberOfFrames, frames);
    const Uint8* packed = nullptr;
    REQUIRE(ds.findAndGetUint8Array(DCM_PixelData, packed).good());
    const std::size_t n = std::size_t(rows) * cols * std::size_t(frames);
    std::vector<Uint8> bytes(n);
    for (std::size_t p = 0; p < n; ++p) {
        const bool set = (packed[p / 8] >> (p % 8)) & 1;
        bytes[p] = set ? (p % 2 ? 100 : 200) : (p % 3 ? 0 : 99);
    }
    REQUIRE(ds.putAndInsertUint8Array(DCM_PixelData, bytes.data(), (unsigned long)(n)).good());
    ds.putAndInsertString(DCM_SegmentationType, "FRACTIONAL");
    ds.putAndInsertString(DCM_SegmentationFractionalType, "PROBABILITY");
    ds.putAndInsertUint16(DCM_MaximumFractionalValue, 200);
    ds.putAndInsertUint16(DCM_BitsAllocated, 8);
    ds.putAndInsertUint16(DCM_BitsStored, 8);
    ds.putAndInsertUint16(DCM_HighBit, 7);
    const fs::path frac = dir.path() / "frac.dcm";
    REQUIRE(ff.saveFile(frac.c_str(), EXS_LittleEndianExplicit).good());

    const SegImport fractional = importDicomSegOnto(frac, st.series);
    CHECK(fractional.info.segmentationType == "FRACTIONAL");
    CHECK(fractional.info.maxFractionalValue == 200);
    CHECK(fractional.masks.at(0).data == binary.masks.at(0).data);
}

TEST_CASE("the real pydicom SEG without NumberOfFrames imports with its 36,233 voxels", "[seg][real]") {
    const fs::path file = kData / "seg" / "liver_1frame.dcm";
    const SegInfo info = readDicomSeg(file);
    REQUIRE(info.segments.size() == 1);
    CHECK(info.segments[0].label == "Liver");
    CHECK(info.segments[0].algorithmType == "SEMIAUTOMATIC");
    CHECK(info.segments[0].algorithmName == "SlicerEditor");
    CHECK(info.segments[0].type.meaning == "Liver");
    CHECK(info.segmentationType == "BINARY");
    CHECK(info.rows == 512);
    CHECK(info.columns == 512);
    REQUIRE(info.frames.size() == 1);
    CHECK(info.voxelsPerSegment.at(0) == 36233);
    CHECK(info.referencedSeriesUid == "1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1");
    bool warned = false;
    for (const auto& w : info.warnings) warned |= w.find("NumberOfFrames") != std::string::npos;
    CHECK(warned);
    const SegImport own = importDicomSegOwnGrid(file);
    CHECK(own.voxelCounts.at(0) == 36233);
    CHECK(own.masks.at(0).geometry.size == std::array<std::size_t, 3>{512, 512, 1});
}

TEST_CASE("exporting only empty segments is a clear error and writes nothing", "[seg][errors]") {
    TempDir dir("seg-empty");
    const Study st = makeStudy(dir.path(), Layout::Axial, 2);
    LabelVolume empty(st.series.geometry, 0);
    const auto specs = lesionSpecs(st.labels);
    const fs::path out = dir.path() / "empty.dcm";
    try {
        writeDicomSeg(st.series, empty, specs, out);
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("empty") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(out));
    CHECK(fs::is_empty(dir.path() / "dicom") == false);
    for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("segment labels and descriptions in the reader's language are written in UTF-8 and read back as typed",
          "[seg][charset]") {
    TempDir dir("seg-utf8");
    const Study st = makeStudy(dir.path(), Layout::Axial, 2);
    auto specs = lesionSpecs(st.labels);
    REQUIRE(specs.size() >= 2);
    specs[0].label = "Läsion 1 (Lebersegment VIII)";
    specs[0].description = "größte hypodense Läsion — rechter Lappen";
    specs[1].label = "lésion du dôme";
    SegExportOptions options;
    options.seriesDescription = "Segmentierung — nicht geprüft";
    const fs::path out = dir.path() / "utf8.dcm";
    writeDicomSeg(st.series, st.labels, specs, out, options);
    const SegInfo back = readDicomSeg(out);
    REQUIRE(back.segments.size() == specs.size());
    CHECK(back.segments[0].label == specs[0].label);
    CHECK(back.segments[0].description == specs[0].description);
    CHECK(back.segments[1].label == specs[1].label);
    CHECK(back.seriesDescription == options.seriesDescription);
    DcmFileFormat file;
    REQUIRE(file.loadFile(out.c_str()).good());
    OFString charset;
    REQUIRE(file.getDataset()->findAndGetOFString(DCM_SpecificCharacterSet, charset).good());
    CHECK(charset == "ISO_IR 192");
    int status = 0;
    const std::string verify = run("dciodvfy '" + out.string() + "' 2>&1", &status);
    INFO(verify);
    CHECK(verify.find("Error") == std::string::npos);

    // Bytes that are not UTF-8 (Latin-1 pasted in) are refused by name; nothing is written.
    specs[1].label = std::string("l\xE9sion");
    CHECK_THROWS_WITH(writeDicomSeg(st.series, st.labels, specs, dir.path() / "latin1.dcm"),
                      Catch::Matchers::Contains("is not valid UTF-8 text"));
    CHECK_FALSE(fs::exists(dir.path() / "latin1.dcm"));
}

TEST_CASE("a label volume on another grid is refused", "[seg][errors]") {
    TempDir dir("seg-grid");
    const Study st = makeStudy(dir.path(), Layout::Axial, 2);
    LabelVolume shifted = st.labels;
    shifted.geometry.origin[0] += 2.0;
    CHECK_THROWS_AS(writeDicomSeg(st.series, shifted, lesionSpecs(st.labels), dir.path() / "x.dcm"), InputError);
    CHECK_FALSE(fs::exists(dir.path() / "x.dcm"));
}

TEST_CASE("a SEG is not placed on a series with another frame of reference or other positions", "[seg][errors]") {
    TempDir dir("seg-misfit");
    const Study st = makeStudy(dir.path(), Layout::Axial, 4);
    const fs::path out = dir.path() / "seg.dcm";
    writeDicomSeg(st.series, st.labels, lesionSpecs(st.labels), out);

    SeriesInfo otherFor = st.series;
    otherFor.metadata.frameOfReferenceUid = "1.2.3.4";
    try {
        importDicomSegOnto(out, otherFor);
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("Frame of Reference") != std::string::npos);
    }
    SeriesInfo shifted = st.series;
    shifted.geometry.origin = shifted.geometry.origin + 0.5 * shifted.geometry.spacing[2] * shifted.geometry.direction[2];
    try {
        importDicomSegOnto(out, shifted);
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("not at the position") != std::string::npos);
    }
    SeriesInfo shorter = st.series;
    shorter.geometry.size[2] = 3;
    shorter.slices.resize(3);
    CHECK_THROWS_AS(importDicomSegOnto(out, shorter), InputError);
    // A CT slice is not a SEG.
    CHECK_THROWS_AS(readDicomSeg(st.series.slices.front().path), InputError);
}

TEST_CASE("lsms seg-info, export-seg and seg-to-nifti", "[seg][cli]") {
    const std::string cli = LSMS_CLI;
    const std::string info = run(cli + " seg-info " + (kData / "seg" / "liver_1frame.dcm").string());
    INFO(info);
    CHECK(info.find("36233") != std::string::npos);
    CHECK(info.find("Liver") != std::string::npos);

    TempDir dir("seg-cli");
    const std::string ph = run(cli + " phantom --seed 6 --size 64 --slices 20 --spacing 6 --thickness 5 --lesions 2 --out " +
                               (dir.path() / "p").string());
    REQUIRE(ph.find("wrote phantom") != std::string::npos);
    int status = -1;
    const fs::path seg = dir.path() / "out.dcm";
    const std::string exp = run(cli + " export-seg " + (dir.path() / "p" / "dicom").string() + " " +
                                    (dir.path() / "p" / "labels.nii.gz").string() + " --out " + seg.string(),
                                &status);
    INFO(exp);
    REQUIRE(status == 0);
    checkDciodvfy(seg);
    const std::string json = run(cli + " seg-info --json " + seg.string());
    CHECK(json.find("\"voxels\"") != std::string::npos);
    const std::string nii = run(cli + " seg-to-nifti " + seg.string() + " --out " + (dir.path() / "back.nii.gz").string(), &status);
    INFO(nii);
    CHECK(status == 0);
    CHECK(fs::exists(dir.path() / "back.nii.gz"));
    const std::string again = run(cli + " export-seg " + (dir.path() / "p" / "dicom").string() + " " +
                                      (dir.path() / "p" / "liver.nii.gz").string() + " --out " + seg.string(),
                                  &status);
    CHECK(status != 0);  // the output exists: never overwritten
    CHECK(std::count(again.begin(), again.end(), '\n') == 1);
}
