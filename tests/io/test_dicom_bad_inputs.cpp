// Each bad input gets a clear report; nothing is silently wrong.
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/dicom_writer.h"
#include "support/series_fixture.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include <catch2/catch.hpp>

#include <fstream>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {
bool mentions(const std::vector<std::string>& list, const std::string& word) {
    for (const auto& s : list)
        if (s.find(word) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("gantry tilt: slices displaced in-plane are reported and placed where they are", "[dicom][bad]") {
    TempDir dir("tilt");
    Geometry g = axialGeometry(8, 8, 6);
    g.direction[2] = normalized(Vec3{0, std::tan(15.0 * 3.14159265 / 180), 1});  // 15 degree tilt
    const CtVolume v = patternVolume(g);
    writeSeries(v, testMetadata("tilt"), dir.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(mentions(s.warnings, "gantry tilt"));
    // Geometry follows the real positions: the last slice lies where the file says.
    const Vec3 last = s.geometry.indexToWorld({0, 0, 5});
    CHECK(norm(last - s.slices.back().position) < 1e-3);
    CHECK(loadSeries(s).data == v.data);
}

TEST_CASE("missing slices are reported and kept as empty slices at their positions", "[dicom][bad]") {
    TempDir dir("missing");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 8));
    const auto files = writeSeries(v, testMetadata("missing"), dir.path());
    fs::remove(files[4]);
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(mentions(s.warnings, "missing slice"));
    CHECK(s.geometry.size[2] == 8);
    CHECK(s.slices[4].path.empty());
    const CtVolume loaded = loadSeries(s);
    CHECK(loaded.at(3, 3, 5) == v.at(3, 3, 5));  // slices after the gap stay in place
    CHECK(loaded.at(3, 3, 4) == -1024.f);
}

TEST_CASE("uneven spacing that is not a whole gap is reported", "[dicom][bad]") {
    TempDir dir("uneven");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 6));
    const auto files = writeSeries(v, testMetadata("uneven"), dir.path());
    setAttribute(files[5], 0x0020, 0x0032, "-50\\-40\\113.7");  // 1.2 mm further than expected
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(mentions(s.warnings, "uneven slice spacing"));
}

TEST_CASE("duplicate positions are reported and the duplicate ignored", "[dicom][bad]") {
    TempDir dir("duplicate");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 5));
    const auto files = writeSeries(v, testMetadata("duplicate"), dir.path());
    fs::copy_file(files[2], dir.path() / "copy.dcm");
    setAttribute(dir.path() / "copy.dcm", 0x0008, 0x0018, uidFromKey("dup-instance"));
    setAttribute(dir.path() / "copy.dcm", 0x0020, 0x0013, "99");
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(mentions(s.warnings, "duplicate"));
    CHECK(s.geometry.size[2] == 5);
    CHECK(loadSeries(s).data == v.data);
}

TEST_CASE("mixed image sizes in one series are a clear problem", "[dicom][bad]") {
    TempDir dir("mixedsize");
    const SeriesMetadata m = testMetadata("mixedsize");
    writeSeries(patternVolume(axialGeometry(8, 8, 3)), m, dir.path() / "a");
    Geometry g = axialGeometry(10, 8, 1);
    g.origin[2] = 200;
    writeSeries(patternVolume(g), m, dir.path() / "b");
    const ScanResult scan = scanDicom(dir.path());
    REQUIRE(scan.series.size() == 1);
    CHECK(scan.series[0].problem.find("mixed image sizes") != std::string::npos);
    CHECK_THROWS_AS(loadSeries(scan.series[0]), InputError);
}

TEST_CASE("mixed orientations in one series are a clear problem", "[dicom][bad]") {
    TempDir dir("mixedorient");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 4)), testMetadata("mixedorient"), dir.path());
    setAttribute(files[1], 0x0020, 0x0037, "1\\0\\0\\0\\0\\-1");
    const ScanResult scan = scanDicom(dir.path());
    CHECK(scan.series.at(0).problem.find("mixed image orientations") != std::string::npos);
}

TEST_CASE("non-image objects and non-DICOM files in the folder are reported and skipped", "[dicom][bad]") {
    TempDir dir("nonimage");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 3));
    writeSeries(v, testMetadata("nonimage"), dir.path());
    std::ofstream(dir.path() / "notes.txt") << "not dicom\n";
    {
        DcmFileFormat ff;
        ff.getDataset()->putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.88.11");  // Basic Text SR
        ff.getDataset()->putAndInsertString(DCM_SOPInstanceUID, uidFromKey("sr").c_str());
        ff.getDataset()->putAndInsertString(DCM_Modality, "SR");
        REQUIRE(ff.saveFile((dir.path() / "report.dcm").c_str(), EXS_LittleEndianExplicit).good());
    }
    const ScanResult scan = scanDicom(dir.path());
    REQUIRE(scan.series.size() == 1);
    CHECK(mentions(scan.warnings, "not DICOM"));
    CHECK(mentions(scan.warnings, "not image slices"));
    CHECK(loadSeries(scan.series[0]).data == v.data);
}

TEST_CASE("a non-CT modality loads with a warning", "[dicom][bad]") {
    TempDir dir("mr");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 3));
    writeSeries(v, testMetadata("mr", "MR"), dir.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(mentions(s.warnings, "not CT"));
    CHECK(loadSeries(s).data == v.data);
}

TEST_CASE("a single-slice series loads with a warning", "[dicom][bad]") {
    TempDir dir("single");
    const CtVolume v = patternVolume(axialGeometry(8, 8, 1));
    writeSeries(v, testMetadata("single"), dir.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK(mentions(s.warnings, "single-slice"));
    CHECK(s.geometry.size[2] == 1);
    CHECK(loadSeries(s).data == v.data);
}

TEST_CASE("an undecodable transfer syntax gives an 'unsupported transfer syntax' error", "[dicom][bad]") {
    TempDir dir("mpeg");
    // Claim MPEG2 video for an encapsulated JPEG 2000 frame: no decoder serves it.
    DcmFileFormat ff;
    REQUIRE(ff.loadFile(fs::path(LSMS_TEST_DATA "/transfer-syntaxes/jpeg_2000.dcm").c_str()).good());
    ff.loadAllDataIntoMemory();
    ff.getMetaInfo()->putAndInsertString(DCM_TransferSyntaxUID, "1.2.840.10008.1.2.4.100");
    const fs::path f = dir.path() / "mpeg2.dcm";
    REQUIRE(ff.saveFile(f.c_str(), EXS_JPEG2000, EET_UndefinedLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_dontUpdateMeta).good());
    try {
        loadSingleImage(f);
        FAIL("expected UnsupportedTransferSyntax");
    } catch (const UnsupportedTransferSyntax& e) {
        CHECK(std::string(e.what()).find("unsupported transfer syntax") != std::string::npos);
        CHECK(std::string(e.what()).find("1.2.840.10008.1.2.4.100") != std::string::npos);
    }
}

TEST_CASE("a missing path and a folder without DICOM give clear errors", "[dicom][bad]") {
    CHECK_THROWS_AS(scanDicom("/nonexistent/lsms"), IoError);
    TempDir dir("empty");
    std::ofstream(dir.path() / "a.txt") << "hello";
    CHECK_THROWS_AS(scanDicom(dir.path()), InputError);
}

TEST_CASE("a DICOMDIR finds the files it references", "[dicom]") {
    TempDir dir("dicomdir");
    const CtVolume v = patternVolume(axialGeometry(6, 6, 3));
    const auto files = writeSeries(v, testMetadata("dicomdir"), dir.path() / "IMG");
    // A minimal DICOMDIR: one IMAGE record per file.
    DcmFileFormat ff;
    auto* seq = new DcmSequenceOfItems(DCM_DirectoryRecordSequence);
    for (const auto& f : files) {
        auto* item = new DcmItem();
        item->putAndInsertString(DCM_DirectoryRecordType, "IMAGE");
        item->putAndInsertString(DCM_ReferencedFileID, ("IMG\\" + f.filename().string()).c_str());
        seq->append(item);
    }
    ff.getDataset()->insert(seq);
    REQUIRE(ff.saveFile((dir.path() / "DICOMDIR").c_str(), EXS_LittleEndianExplicit).good());
    const ScanResult scan = scanDicom(dir.path() / "DICOMDIR");
    REQUIRE(scan.series.size() == 1);
    CHECK(scan.series[0].slices.size() == 3);
    CHECK(loadSeries(scan.series[0]).data == v.data);
}
