// The autosave key of a series (lsms/workflow/recovery_key.h): its UID, or a
// key made from what identifies it when it has none.
#include "lsms/io/dicom_series.h"
#include "lsms/workflow/recovery_key.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::test;

namespace {
SeriesMetadata withoutUid(const std::string& key) {
    SeriesMetadata m = testMetadata(key);
    m.seriesInstanceUid.clear();
    return m;
}

SeriesInfo scanOne(const std::filesystem::path& dir) {
    const ScanResult scan = scanDicom(dir);
    REQUIRE(scan.series.size() == 1);
    return scan.series.front();
}
}  // namespace

TEST_CASE("a series with a Series Instance UID is autosaved under it", "[workflow][recovery]") {
    TempDir dir("wf-key-uid");
    const SeriesMetadata m = testMetadata("wf-key-uid");
    writeSeries(patternVolume(axialGeometry(8, 8, 4)), m, dir.path());
    CHECK(workflow::recoveryKey(scanOne(dir.path())) == m.seriesInstanceUid);
}

TEST_CASE("a series without a Series Instance UID gets a stable key of its own", "[workflow][recovery]") {
    TempDir dir("wf-key-none");
    writeSeries(patternVolume(axialGeometry(8, 8, 4)), withoutUid("wf-key-a"), dir.path() / "a");
    SeriesMetadata other = withoutUid("wf-key-a");
    other.seriesDescription = "bone kernel";  // another reconstruction of the same scan
    writeSeries(patternVolume(axialGeometry(8, 8, 4)), other, dir.path() / "b");

    const SeriesInfo a = scanOne(dir.path() / "a");
    REQUIRE(a.metadata.seriesInstanceUid.empty());
    const std::string key = workflow::recoveryKey(a);
    CHECK(key.rfind("2.25.", 0) == 0);  // a UID-shaped name, as a recovery file name expects
    CHECK(key.size() <= 64);
    CHECK(workflow::recoveryKey(scanOne(dir.path() / "a")) == key);  // the same files, the same key
    CHECK(workflow::recoveryKey(scanOne(dir.path() / "b")) != key);

    // The instance UIDs identify the slices, so a copied folder keeps its key.
    std::filesystem::copy(dir.path() / "a", dir.path() / "copy");
    CHECK(workflow::recoveryKey(scanOne(dir.path() / "copy")) == key);

    // Without instance UIDs the files' paths are what is left.
    SeriesInfo bare = a;
    for (auto& s : bare.slices) s.sopInstanceUid.clear();
    SeriesInfo moved = bare;
    for (auto& s : moved.slices) s.path = dir.path() / "elsewhere" / s.path.filename();
    CHECK(workflow::recoveryKey(bare) != key);
    CHECK(workflow::recoveryKey(bare) == workflow::recoveryKey(bare));
    CHECK(workflow::recoveryKey(moved) != workflow::recoveryKey(bare));
}
