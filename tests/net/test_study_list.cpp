// The local study list on real files: series indexed once however often they
// are imported, found by the keys a PACS search takes, and a damaged or newer
// database never emptied or overwritten without a word.
#include "lsms/core/error.h"
#include "lsms/net/study_list.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>
#include <iterator>

using namespace lsms;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string bytes(const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("series imported into the study list are indexed once by UID and found by patient, date and modality",
          "[studylist]") {
    TempDir dir("studylist"), a("studylist-a"), b("studylist-b");
    writeSeries(patternVolume(axialGeometry(8, 8, 5)), testMetadata("liver-one"), a.path());
    writeSeries(patternVolume(axialGeometry(8, 8, 3)), testMetadata("liver-two", "MR"), b.path());
    net::StudyList list(dir.path() / "studies.sqlite", dir.path() / "managed");
    CHECK(list.warnings().empty());
    CHECK(list.importPath(a.path()).instancesAdded == 5);
    const auto again = list.importPath(a.path());
    CHECK(again.instancesAdded == 0);
    CHECK(again.duplicates == 5);
    CHECK(list.importPath(b.path()).instancesAdded == 3);

    net::StudyQuery all;
    REQUIRE(list.search(all).size() == 2);
    net::StudyQuery byName;
    byName.patientName = "liver-ONE";  // a part, case-blind
    const auto found = list.search(byName);
    REQUIRE(found.size() == 1);
    CHECK(found[0].study.patientId == "T-liver-one");
    REQUIRE(found[0].series.size() == 1);
    CHECK(found[0].series[0].instanceCount == 5);
    CHECK(found[0].study.modalities == "CT");
    CHECK(list.files(found[0].series[0].seriesInstanceUid).size() == 5);

    net::StudyQuery mr;
    mr.modality = "MR";
    REQUIRE(list.search(mr).size() == 1);
    CHECK(list.search(mr)[0].study.patientName == "TEST^liver-two");
    net::StudyQuery wildcard;
    wildcard.patientName = "TEST^*two";
    CHECK(list.search(wildcard).size() == 1);
    net::StudyQuery range;
    range.date = "20240101-20240103";
    CHECK(list.search(range).size() == 2);
    range.date = "20250101-";
    CHECK(list.search(range).empty());

    // Reopened: the index is on disk.
    net::StudyList reopened(dir.path() / "studies.sqlite", dir.path() / "managed");
    CHECK(reopened.search(all).size() == 2);
}

TEST_CASE("a damaged study list is set aside and rebuilt from the managed folder, with a warning", "[studylist][bad]") {
    TempDir dir("studylist-damaged");
    const fs::path db = dir.path() / "studies.sqlite", managed = dir.path() / "managed";
    fs::create_directories(managed / "study1");
    writeSeries(patternVolume(axialGeometry(8, 8, 4)), testMetadata("retrieved"), managed / "study1");
    std::ofstream(db, std::ios::binary) << std::string(4096, 'x');
    const std::string damaged = bytes(db);
    net::StudyList list(db, managed);
    REQUIRE(list.warnings().size() == 1);
    CHECK_THAT(list.warnings()[0], Contains("was damaged") && Contains(".damaged-1") && Contains("(4 instance(s))"));
    CHECK(bytes(fs::path(db.string() + ".damaged-1")) == damaged);  // kept as it was
    net::StudyQuery all;
    REQUIRE(list.search(all).size() == 1);
    CHECK(list.search(all)[0].study.patientId == "T-retrieved");
}

TEST_CASE("a study list made by a newer version is refused and left as it is", "[studylist][bad]") {
    TempDir dir("studylist-newer");
    const fs::path db = dir.path() / "studies.sqlite";
    { net::StudyList list(db, dir.path() / "managed"); }
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    const std::string before = bytes(db);
    CHECK_THROWS_AS(net::StudyList(db, dir.path() / "managed"), InputError);
    CHECK_THROWS_WITH(net::StudyList(db, dir.path() / "managed"), Contains("made by a newer LSMS Viewer (schema 99"));
    CHECK(bytes(db) == before);
}

TEST_CASE("the program's own sessions, SEGs and reports are listed with their series, and a list of version 1 gains them",
          "[studylist]") {
    TempDir dir("studylist-outputs"), a("studylist-outputs-a");
    writeSeries(patternVolume(axialGeometry(8, 8, 3)), testMetadata("outputs"), a.path());
    const fs::path db = dir.path() / "studies.sqlite";
    const std::string series = testMetadata("outputs").seriesInstanceUid;
    {
        net::StudyList list(db, dir.path() / "managed");
        list.importPath(a.path());
    }
    // The list as version 1 wrote it: no outputs table.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "DROP TABLE outputs; UPDATE meta SET value = '1' WHERE key = 'schema_version'", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(raw);

    net::StudyList list(db, dir.path() / "managed");
    CHECK(list.search({}).size() == 1);  // what version 1 held is kept
    CHECK(list.outputs(series).empty());
    const fs::path session = dir.path() / "reading.lsms", seg = dir.path() / "lesions-seg.dcm";
    std::ofstream(session) << "x";
    std::ofstream(seg) << "x";
    list.addOutput(series, net::OutputKind::Session, session);
    list.addOutput(series, net::OutputKind::Seg, seg);
    list.addOutput(series, net::OutputKind::Seg, seg);  // written again: one record
    CHECK_THROWS_AS(list.addOutput("", net::OutputKind::Seg, seg), InputError);
    fs::remove(session);
    const auto outputs = list.outputs(series);
    REQUIRE(outputs.size() == 2);
    std::size_t sessions = 0, segs = 0;
    for (const auto& o : outputs) {
        if (o.kind == net::OutputKind::Session) {
            ++sessions;
            CHECK(o.path == session);
            CHECK_FALSE(o.exists);  // deleted since: said, not hidden
        } else {
            ++segs;
            CHECK(o.kind == net::OutputKind::Seg);
            CHECK(o.exists);
            CHECK(o.written.size() == 20);
        }
    }
    CHECK(sessions == 1);
    CHECK(segs == 1);
    CHECK(list.outputs("1.2.3").empty());

    sqlite3* check = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &check) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(check, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "2");
    sqlite3_finalize(st);
    sqlite3_close(check);
}
