// The PACS client against a real Orthanc started by the test: a study sent
// with DCMTK's storescu is found, retrieved by C-GET voxel for voxel, a SEG
// drawn on it goes back by C-STORE and is found beside it; and the failures a
// reading room meets (wrong AE title, no such study, the PACS gone mid-way)
// are one line each, with what arrived kept.
#include "orthanc_server.h"

#include "lsms/core/error.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/net/pacs.h"
#include "support/run_command.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>

using namespace lsms;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// A 6-slice CT series sent to Orthanc the way another modality would send it.
SeriesInfo sendStudy(const OrthancServer& pacs, const fs::path& dir, const std::string& key) {
    writeSeries(patternVolume(axialGeometry(16, 12, 6)), testMetadata(key), dir);
    sendWithStorescu(pacs, dir);
    return scanDicom(dir).series.at(0);
}

}  // namespace

TEST_CASE("a study sent to Orthanc is found, retrieved by C-GET voxel for voxel, and a SEG goes back beside it",
          "[pacs][orthanc]") {
    OrthancServer pacs;
    TempDir sent("pacs-sent"), got("pacs-got"), segDir("pacs-seg"), segBack("pacs-seg-back");
    const SeriesInfo original = sendStudy(pacs, sent.path(), "pacs-roundtrip");
    net::echo(pacs.peer());

    net::StudyQuery q;
    q.patientId = original.metadata.patientId;
    const auto found = net::findStudies(pacs.peer(), q);
    REQUIRE(found.studies.size() == 1);
    const auto& study = found.studies[0];
    CHECK(study.studyInstanceUid == original.metadata.studyInstanceUid);
    CHECK(study.patientName == original.metadata.patientName);
    CHECK(study.instanceCount == 6);
    CHECK_FALSE(found.truncated);
    q.patientId = "nobody-has-this-id";
    CHECK(net::findStudies(pacs.peer(), q).studies.empty());

    auto series = net::findSeries(pacs.peer(), study.studyInstanceUid);
    REQUIRE(series.size() == 1);
    CHECK(series[0].seriesInstanceUid == original.metadata.seriesInstanceUid);
    CHECK(series[0].modality == "CT");
    CHECK(series[0].instanceCount == 6);

    std::vector<std::size_t> seen;
    const auto r = net::getInstances(pacs.peer(), study.studyInstanceUid, "", got.path(), [&](std::size_t n, std::size_t, std::size_t) {
        seen.push_back(n);
        return true;
    });
    CHECK(r.complete());
    CHECK(r.files.size() == 6);
    CHECK(seen.size() == 6);
    const SeriesInfo retrieved = scanDicom(got.path()).series.at(0);
    CHECK(retrieved.metadata.seriesInstanceUid == original.metadata.seriesInstanceUid);
    for (std::size_t k = 0; k < 6; ++k) CHECK(retrieved.slices[k].sopInstanceUid == original.slices[k].sopInstanceUid);
    CHECK(loadSeries(retrieved).data == loadSeries(original).data);
    for (const auto& e : fs::directory_iterator(got.path())) CHECK_FALSE(e.path().filename().string().front() == '.');

    // The same by C-MOVE to our own storage SCP, on the port Orthanc knows for AE LSMS.
    TempDir moved("pacs-moved");
    const auto m = net::moveInstances(pacs.peer(), study.studyInstanceUid, "", pacs.movePort(), moved.path());
    CHECK(m.complete());
    REQUIRE(m.files.size() == 6);
    CHECK(loadSeries(scanDicom(moved.path()).series.at(0)).data == loadSeries(original).data);

    // A SEG drawn on the retrieved series, sent back by C-STORE.
    LabelVolume labels(retrieved.geometry);
    for (std::size_t i = 40; i < 60; ++i) labels.data[2 * 16 * 12 + i] = 1;
    SegmentSpec spec;
    spec.label = "Lesion 1";
    spec.algorithmName = "LSMS";
    const fs::path seg = segDir.path() / "seg.dcm";
    writeDicomSeg(retrieved, labels, {spec}, seg);
    net::storeFiles(pacs.peer(), {seg});
    series = net::findSeries(pacs.peer(), study.studyInstanceUid);
    REQUIRE(series.size() == 2);
    const auto segSeries = std::find_if(series.begin(), series.end(), [](const auto& s) { return s.modality == "SEG"; });
    REQUIRE(segSeries != series.end());
    const auto back = net::getInstances(pacs.peer(), study.studyInstanceUid, segSeries->seriesInstanceUid, segBack.path());
    REQUIRE(back.files.size() == 1);
    CHECK(readDicomSeg(back.files[0]).referencedSeriesUid == original.metadata.seriesInstanceUid);
}

TEST_CASE("a wrong AE title, an unknown study and a PACS that goes away are one-line errors, and what arrived is kept",
          "[pacs][orthanc][bad]") {
    OrthancServer pacs;
    TempDir sent("pacs-bad-sent"), got("pacs-bad-got");
    const SeriesInfo original = sendStudy(pacs, sent.path(), "pacs-bad");

    auto wrong = pacs.peer();
    wrong.calledAe = "NOT-ORTHANC";
    CHECK_THROWS_AS(net::echo(wrong), net::PacsError);
    CHECK_THROWS_WITH(net::echo(wrong), Contains("refused the association: check that its AE title is NOT-ORTHANC"));

    CHECK_THROWS_WITH(net::getInstances(pacs.peer(), "1.2.3.4.5.6.7", "", got.path()), Contains("has no instance of study 1.2.3.4.5.6.7"));

    // C-MOVE from an AE title Orthanc does not list (Slicer#5979): Orthanc drops
    // the association; the message says what that likely means and the way out.
    auto stranger = pacs.peer();
    stranger.callingAe = "NOT-LISTED";
    CHECK_THROWS_WITH(net::moveInstances(stranger, original.metadata.studyInstanceUid, "", freePort(), got.path()),
                      Contains("does not list our AE title NOT-LISTED") && Contains("or use C-GET") &&
                          Contains("0 instance(s) arrived"));
    CHECK(fs::is_empty(got.path()));
    CHECK(fs::is_empty(got.path()));

    // Orthanc killed after the second instance: the error says how many came, and they are whole.
    std::string error;
    try {
        net::getInstances(pacs.peer(), original.metadata.studyInstanceUid, "", got.path(), [&](std::size_t n, std::size_t, std::size_t) {
            if (n == 2) pacs.kill();
            return true;
        });
    } catch (const net::PacsError& e) {
        error = e.what();
    }
    CHECK_THAT(error, Contains("instance(s) arrived and are kept in " + got.path().string()));
    std::size_t kept = 0;
    for (const auto& e : fs::directory_iterator(got.path())) {
        DcmFileFormat ff;
        CHECK(ff.loadFile(e.path().c_str()).good());
        ++kept;
    }
    CHECK(kept >= 2);
    CHECK(kept < 6);

    CHECK_THROWS_WITH(net::echo(pacs.peer()), Contains("connection refused (is it running, is the port right?)"));
}
