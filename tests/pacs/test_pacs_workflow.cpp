// The workflow layer's PACS services against a real Orthanc, the same for
// DIMSE (C-GET and C-MOVE) and DICOMweb: a study is searched, retrieved into
// the managed folder and indexed in the local study list, a SEG goes back,
// and a cancelled or broken-off retrieve keeps and indexes what arrived.
#include "orthanc_server.h"

#include "lsms/core/error.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/workflow/pacs_server.h"
#include "lsms/workflow/study_retrieve.h"
#include "support/run_command.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace lsms;
using namespace lsms::test;
using namespace lsms::workflow;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

SeriesInfo sendSeries(const OrthancServer& pacs, const fs::path& dir, const std::string& key, std::size_t slices) {
    writeSeries(patternVolume(axialGeometry(16, 12, slices)), testMetadata(key), dir);
    sendWithStorescu(pacs, dir);
    return scanDicom(dir).series.at(0);
}

PacsServer serverFor(const OrthancServer& pacs, const std::string& how) {
    PacsServer s;
    s.name = "Orthanc (" + how + ")";
    s.peer = pacs.peer();
    if (how == "C-MOVE") {
        s.retrieve = RetrieveMethod::CMove;
        s.moveListenPort = pacs.movePort();
    }
    if (how == "DICOMweb") {
        s.protocol = PacsProtocol::DicomWeb;
        s.web.url = pacs.webUrl();
    }
    return s;
}

}  // namespace

TEST_CASE("a study is found, retrieved into the study list, and a SEG goes back, over DIMSE and DICOMweb alike",
          "[pacs][orthanc][workflow]") {
    const std::string how = GENERATE(std::string("DICOMweb"), std::string("C-GET"), std::string("C-MOVE"));
    INFO(how);
    OrthancServer pacs(true);
    TempDir sent("wf-sent"), data("wf-data"), segDir("wf-seg");
    const SeriesInfo original = sendSeries(pacs, sent.path(), "wf-" + how, 5);
    // An odd-length UID is NUL-padded in the files: after a C-MOVE (whose
    // storage SCP turns dcmdata's input correction off) the SEG below once
    // failed on exactly such a study.
    if (how == "C-MOVE") REQUIRE(original.metadata.studyInstanceUid.size() % 2 == 1);
    const PacsServer server = serverFor(pacs, how);
    testConnection(server);

    net::StudyQuery q;
    q.patientId = original.metadata.patientId;
    const auto found = findStudies(server, q);
    REQUIRE(found.studies.size() == 1);
    const std::string study = found.studies[0].studyInstanceUid;
    CHECK(study == original.metadata.studyInstanceUid);
    const auto series = findSeries(server, study);
    REQUIRE(series.size() == 1);
    CHECK(series[0].seriesInstanceUid == original.metadata.seriesInstanceUid);

    net::StudyList list(data.path() / "studies.sqlite", data.path() / "retrieved");
    const auto r = retrieveIntoStudyList(server, list, study, series[0].seriesInstanceUid);
    CHECK(r.result.complete());
    CHECK(r.result.files.size() == 5);
    CHECK(r.folder == data.path() / "retrieved" / study);
    CHECK(r.index.instancesAdded == 5);
    const auto listed = list.search(q);
    REQUIRE(listed.size() == 1);
    REQUIRE(listed[0].series.size() == 1);
    CHECK(list.files(original.metadata.seriesInstanceUid).size() == 5);
    CHECK(loadSeries(scanDicom(r.folder).series.at(0)).data == loadSeries(original).data);

    // Retrieved again: the same instances, recognised by UID, not listed twice.
    const auto again = retrieveIntoStudyList(server, list, study, "");
    CHECK(again.result.files.size() == 5);
    CHECK(again.index.instancesAdded == 0);
    CHECK(again.index.duplicates == 5);
    CHECK(list.files(original.metadata.seriesInstanceUid).size() == 5);

    // A SEG of the retrieved series goes back and sits beside it, referencing it.
    const SeriesInfo retrieved = scanDicom(r.folder).series.at(0);
    LabelVolume labels(retrieved.geometry);
    for (std::size_t i = 30; i < 50; ++i) labels.data[2 * 16 * 12 + i] = 1;
    SegmentSpec spec;
    spec.label = "Lesion 1";
    spec.algorithmName = "LSMS";
    const fs::path seg = segDir.path() / "seg.dcm";
    writeDicomSeg(retrieved, labels, {spec}, seg);
    store(server, {seg});
    const auto withSeg = findSeries(server, study);
    REQUIRE(withSeg.size() == 2);
    const auto segSeries = std::find_if(withSeg.begin(), withSeg.end(), [](const auto& s) { return s.modality == "SEG"; });
    REQUIRE(segSeries != withSeg.end());
    TempDir segBack("wf-seg-back");
    const auto back = retrieve(server, study, segSeries->seriesInstanceUid, segBack.path());
    REQUIRE(back.files.size() == 1);
    CHECK(readDicomSeg(back.files[0]).referencedSeriesUid == original.metadata.seriesInstanceUid);
}

TEST_CASE("a cancelled or broken-off retrieve keeps and indexes what arrived, and says so", "[pacs][orthanc][workflow][bad]") {
    const std::string how = GENERATE(std::string("C-GET"), std::string("DICOMweb"));
    INFO(how);
    OrthancServer pacs(true);
    TempDir sent("wf-cut-sent"), data("wf-cut-data");
    const SeriesInfo original = sendSeries(pacs, sent.path(), "wf-cut-" + how, 8);
    const PacsServer server = serverFor(pacs, how);
    net::StudyList list(data.path() / "studies.sqlite", data.path() / "retrieved");
    const std::string study = original.metadata.studyInstanceUid;

    // A UID that is not one never names a folder.
    CHECK_THROWS_AS(retrieveIntoStudyList(server, list, "../../somewhere", ""), InputError);
    CHECK_FALSE(fs::exists(data.path() / "retrieved" / ".." / ".." / "somewhere"));

    const auto cancelled = retrieveIntoStudyList(server, list, study, "", [](std::size_t got, std::size_t, std::size_t) { return got < 3; });
    CHECK(cancelled.result.cancelled);
    CHECK(cancelled.result.files.size() >= 3);
    CHECK(cancelled.result.files.size() < 8);
    CHECK(list.files(original.metadata.seriesInstanceUid).size() == cancelled.result.files.size());

    // Orthanc killed after the second instance: what arrived is indexed. Over
    // DICOMweb the whole small answer may already be on its way, so either the
    // retrieve breaks off saying how many arrived, or all eight are there.
    TempDir other("wf-cut-data2");
    net::StudyList fresh(other.path() / "studies.sqlite", other.path() / "retrieved");
    std::string error;
    try {
        retrieveIntoStudyList(server, fresh, study, "", [&](std::size_t got, std::size_t, std::size_t) {
            if (got == 2) pacs.kill();
            return true;
        });
    } catch (const net::PacsError& e) {
        error = e.what();
    }
    const auto kept = fresh.files(original.metadata.seriesInstanceUid).size();
    INFO(error);
    if (how == "C-GET") REQUIRE_FALSE(error.empty());
    if (error.empty()) {
        CHECK(kept == 8);
    } else {
        CHECK_THAT(error, Contains("arrived"));
        CHECK(kept >= 2);
        CHECK(kept < 8);
    }
}

TEST_CASE("patients are found at patient level with their studies counted, over DIMSE and DICOMweb alike",
          "[pacs][orthanc][workflow]") {
    const std::string how = GENERATE(std::string("C-GET"), std::string("DICOMweb"));
    INFO(how);
    OrthancServer pacs(true);
    TempDir a("wf-pat-a"), b("wf-pat-b"), c("wf-pat-c");
    // Two studies of one patient, one of another.
    auto first = testMetadata("wf-pat-1");
    auto second = testMetadata("wf-pat-2");
    second.patientName = first.patientName;
    second.patientId = first.patientId;
    const auto other = testMetadata("wf-pat-other");
    for (const auto& [dir, meta] : {std::pair{&a, first}, {&b, second}, {&c, other}}) {
        writeSeries(patternVolume(axialGeometry(8, 8, 2)), meta, dir->path());
        sendWithStorescu(pacs, dir->path());
    }
    const PacsServer server = serverFor(pacs, how);
    net::StudyQuery all;
    const auto patients = findPatients(server, all);
    REQUIRE(patients.patients.size() == 2);
    CHECK_FALSE(patients.truncated);
    const auto one = std::find_if(patients.patients.begin(), patients.patients.end(),
                                  [&](const auto& p) { return p.patientId == first.patientId; });
    REQUIRE(one != patients.patients.end());
    CHECK(one->patientName == first.patientName);
    CHECK(one->studyCount == 2);
    net::StudyQuery byName;
    byName.patientName = "TEST^wf-pat-oth*";
    const auto named = findPatients(server, byName);
    REQUIRE(named.patients.size() == 1);
    CHECK(named.patients[0].patientId == other.patientId);
    CHECK(named.patients[0].studyCount == 1);
    net::StudyQuery limited;
    limited.limit = 1;
    const auto cut = findPatients(server, limited);
    CHECK(cut.patients.size() == 1);
    CHECK(cut.truncated);
}
