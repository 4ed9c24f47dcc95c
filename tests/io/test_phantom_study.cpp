// A phantom written as a study: valid DICOM (dciodvfy), NIfTI truth on the same grid.
#include "support/run_command.h"
#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/nifti_io.h"
#include "lsms/io/phantom_study.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {
phantom::Phantom smallPhantom(std::uint64_t seed) {
    phantom::PhantomOptions o;
    o.seed = seed;
    o.columns = o.rows = 128;
    o.pixelSpacingMm = 3.0;
    o.sliceThicknessMm = 5.0;
    o.slices = 40;
    o.lesionCount = 3;
    return phantom::generatePhantom(o);
}

using lsms::test::run;
}  // namespace

TEST_CASE("phantom study round-trips: DICOM loads back to the same HU on the label grid", "[phantom][io]") {
    TempDir dir("phstudy");
    const auto ph = smallPhantom(11);
    writePhantomStudy(ph, dir.path() / "study");
    const SeriesInfo s = scanDicom(dir.path() / "study" / "dicom").series.at(0);
    CHECK(s.warnings.empty());
    const CtVolume ct = loadSeries(s);
    CHECK(ct.data == ph.ct.data);
    const LabelVolume labels = readNiftiLabels(dir.path() / "study" / "labels.nii.gz");
    CHECK(labels.data == ph.labels.data);
    CHECK(labels.geometry.sameGrid(ct.geometry, 1e-3));
    const PhantomTruth truth = readTruthJson(dir.path() / "study" / "truth.json");
    REQUIRE(truth.lesions.size() == ph.lesions.size());
    for (std::size_t i = 0; i < truth.lesions.size(); ++i) {
        CHECK(truth.lesions[i].couinaud == ph.lesions[i].couinaud);
        CHECK(truth.lesions[i].volumeMl == Approx(ph.lesions[i].volumeMl));
    }
}

TEST_CASE("writing a phantom never overwrites an existing folder's files", "[phantom][io]") {
    TempDir dir("phnonempty");
    std::ofstream(dir.path() / "keep.txt") << "precious";
    CHECK_THROWS_AS(writePhantomStudy(smallPhantom(1), dir.path()), IoError);
    std::ifstream in(dir.path() / "keep.txt");
    std::string s;
    in >> s;
    CHECK(s == "precious");
}

TEST_CASE("phantom CT slices pass dciodvfy without errors", "[phantom][io][dciodvfy]") {
    TempDir dir("phdciodvfy");
    const auto ph = smallPhantom(3);
    writePhantomStudy(ph, dir.path() / "study");
    for (const char* f : {"CT0001.dcm", "CT0020.dcm", "CT0040.dcm"}) {
        const std::string out = run("dciodvfy " + (dir.path() / "study" / "dicom" / f).string());
        INFO(out);
        REQUIRE(out.find("CTImage") != std::string::npos);  // dciodvfy ran and recognised the IOD
        CHECK(out.find("Error") == std::string::npos);
    }
}

TEST_CASE("the lsms command line prints series info and one-line errors", "[cli]") {
    TempDir dir("cli");
    const std::string cli = LSMS_CLI;
    const std::string ok = run(cli + " phantom --seed 4 --size 64 --slices 20 --spacing 6 --thickness 5 --out " +
                               (dir.path() / "p").string());
    CHECK(ok.find("wrote phantom seed 4") != std::string::npos);
    const std::string info = run(cli + " info --json " + (dir.path() / "p" / "dicom").string());
    CHECK(info.find("\"dimensions\"") != std::string::npos);
    CHECK(info.find("64") != std::string::npos);
    const std::string again = run(cli + " phantom --seed 4 --out " + (dir.path() / "p").string());
    CHECK(again.find("not empty") != std::string::npos);
    CHECK(std::count(again.begin(), again.end(), '\n') == 1);
    const std::string bad = run(cli + " phantom --seed x --out /tmp/whatever");
    CHECK(bad.find("expects an integer") != std::string::npos);
}

TEST_CASE("a generation-2 study's truth.json holds every drawn parameter and the reference points", "[phantom][io][v2]") {
    TempDir dir("phv2truth");
    phantom::PhantomOptions o;
    o.seed = 21;
    o.version = 2;
    o.columns = o.rows = 96;
    o.pixelSpacingMm = 4.0;
    o.sliceThicknessMm = 5.0;
    o.slices = 40;
    o.lesionCount = 3;
    const auto ph = phantom::generatePhantom(o);
    writePhantomStudy(ph, dir.path() / "study");
    std::ifstream in(dir.path() / "study" / "truth.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("\"generator_version\": 2") != std::string::npos);
    REQUIRE(ph.parameters.size() > 100);
    for (const auto& p : ph.parameters) {
        INFO(p.name);
        CHECK(text.find("\"" + p.name + "\":") != std::string::npos);
    }
    REQUIRE(!ph.lesions.empty());
    for (const auto& l : ph.lesions)
        for (const auto& p : l.parameters) {
            INFO(p.name);
            CHECK(text.find("\"" + p.name + "\":") != std::string::npos);
        }
    for (const auto& r : ph.referencePoints) CHECK(text.find("\"" + r.name + "\"") != std::string::npos);
    // Readers of generation-1 truth read it unchanged.
    const PhantomTruth truth = readTruthJson(dir.path() / "study" / "truth.json");
    CHECK(truth.lesions.size() == ph.lesions.size());
}

TEST_CASE("lsms phantom --phantom-version 2 draws a phase, and --phase needs version 2", "[cli][v2]") {
    TempDir dir("cliv2");
    const std::string cli = LSMS_CLI;
    const std::string ok = run(cli + " phantom --seed 4 --phantom-version 2 --phase late-arterial --size 64 --slices 20 --spacing 6 "
                                     "--thickness 5 --out " + (dir.path() / "p").string());
    CHECK(ok.find("late-arterial phase") != std::string::npos);
    std::ifstream in(dir.path() / "p" / "truth.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("\"phase\": \"late-arterial\"") != std::string::npos);
    const std::string bad = run(cli + " phantom --seed 4 --phase delayed --out " + (dir.path() / "q").string());
    CHECK(bad.find("--phase needs --phantom-version 2") != std::string::npos);
    CHECK(!fs::exists(dir.path() / "q"));
    const std::string badPhase = run(cli + " phantom --seed 4 --phantom-version 2 --phase venous --out " + (dir.path() / "r").string());
    CHECK(badPhase.find("unknown contrast phase") != std::string::npos);
}
