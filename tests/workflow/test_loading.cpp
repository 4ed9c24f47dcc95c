// Choosing and loading a series (lsms/workflow/series_choice.h, loading.h) on
// generated folders of several series and on the real MR sample.
#include "lsms/core/error.h"
#include "lsms/core/memory_budget.h"
#include "lsms/io/nifti_io.h"
#include "lsms/workflow/labels_on_series.h"
#include "lsms/workflow/loading.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

using namespace lsms;
using namespace lsms::test;
using workflow::SeriesChoice;

namespace {

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no InputError)";
}

// DIR/ct-a (8x8x4 CT), DIR/ct-b (10x8x3 CT), DIR/mr (8x8x4 MR) and
// DIR/broken (one CT series of mixed image sizes: not loadable).
struct FourSeries {
    TempDir dir{"workflow-series"};
    SeriesMetadata ctA = testMetadata("wf-ct-a"), ctB = testMetadata("wf-ct-b"), mr = testMetadata("wf-mr", "MR");
    FourSeries() {
        writeSeries(patternVolume(axialGeometry(8, 8, 4)), ctA, dir.path() / "ct-a");
        writeSeries(patternVolume(axialGeometry(10, 8, 3)), ctB, dir.path() / "ct-b");
        writeSeries(patternVolume(axialGeometry(8, 8, 4)), mr, dir.path() / "mr");
        const SeriesMetadata broken = testMetadata("wf-broken");
        writeSeries(patternVolume(axialGeometry(8, 8, 3)), broken, dir.path() / "broken" / "a");
        Geometry g = axialGeometry(12, 8, 1);
        g.origin[2] = 200;
        writeSeries(patternVolume(g), broken, dir.path() / "broken" / "b");
    }
    std::string where() const { return dir.path().string(); }
};

std::string uidOf(const ScanResult& scan, std::size_t index) { return scan.series.at(index).metadata.seriesInstanceUid; }

}  // namespace

TEST_CASE("only loadable series are offered, filtered by modality and grid, the preferred first", "[workflow][loading]") {
    FourSeries f;
    const ScanResult scan = scanDicom(f.dir.path());
    REQUIRE(scan.series.size() == 4);

    const auto all = workflow::loadableSeries(scan);
    CHECK(all.size() == 3);  // the mixed-size series is never offered
    for (const SeriesInfo* s : all) CHECK(s->problem.empty());

    SeriesChoice ct;
    ct.modality = "CT";
    const auto cts = workflow::loadableSeries(scan, ct);
    REQUIRE(cts.size() == 2);
    for (const SeriesInfo* s : cts) CHECK(s->metadata.modality == "CT");

    SeriesChoice onGrid;
    onGrid.grid = axialGeometry(10, 8, 3);
    const auto fits = workflow::loadableSeries(scan, onGrid);
    REQUIRE(fits.size() == 1);
    CHECK(fits[0]->metadata.seriesInstanceUid == f.ctB.seriesInstanceUid);

    // A SEG's referenced series is tried first, the others after it in scan order.
    SeriesChoice prefer;
    prefer.preferredSeriesUid = f.mr.seriesInstanceUid;
    const auto ordered = workflow::loadableSeries(scan, prefer);
    REQUIRE(ordered.size() == 3);
    CHECK(ordered[0]->metadata.seriesInstanceUid == f.mr.seriesInstanceUid);
    CHECK(ordered[1] == all[all[0] == ordered[0] ? 1 : 0]);
}

TEST_CASE("several series need an index, which counts the series that pass", "[workflow][loading][errors]") {
    FourSeries f;
    const ScanResult scan = scanDicom(f.dir.path());
    SeriesChoice ct;
    ct.modality = "CT";
    ct.what = "CT series";
    CHECK(errorOf([&] { workflow::chooseSeries(scan, ct, f.where()); }) ==
          "2 loadable CT series found in " + f.where() + "; choose one with --series 0..1 (see lsms info)");
    const auto cts = workflow::loadableSeries(scan, ct);
    for (std::size_t i = 0; i < cts.size(); ++i) {
        ct.index = i;
        CHECK(uidOf(scan, workflow::chooseSeries(scan, ct, f.where())) == cts[i]->metadata.seriesInstanceUid);
    }
    ct.index = 2;
    CHECK_THAT(errorOf([&] { workflow::chooseSeries(scan, ct, f.where()); }),
               Catch::Contains("--series 2 is out of range") && Catch::Contains("has 2 loadable CT series"));
    ct.index.reset();
    ct.firstOfSeveral = true;
    CHECK(uidOf(scan, workflow::chooseSeries(scan, ct, f.where())) == cts[0]->metadata.seriesInstanceUid);

    SeriesChoice pet;
    pet.modality = "PT";
    pet.what = "PET series";
    CHECK(errorOf([&] { workflow::chooseSeries(scan, pet, f.where()); }) == "no loadable PET series in " + f.where());
}

TEST_CASE("loadStudy decodes the chosen series, and refuses before decoding", "[workflow][loading]") {
    FourSeries f;
    SeriesChoice choice;
    choice.grid = axialGeometry(10, 8, 3);
    // Progress comes from the decoding threads, one call at a time.
    std::size_t reported = 0, ofTotal = 0;
    const auto loaded = workflow::loadStudy(f.dir.path(), choice, [&](std::size_t done, std::size_t total) {
        reported = std::max(reported, done);
        ofTotal = total;
        return true;
    });
    CHECK(loaded.series().metadata.seriesInstanceUid == f.ctB.seriesInstanceUid);
    CHECK(loaded.ct.data == patternVolume(axialGeometry(10, 8, 3)).data);
    CHECK(reported == 3);
    CHECK(ofTotal == 3);

    bool decoded = false;
    CHECK_THROWS_AS(workflow::loadStudy(f.dir.path(), {},
                                        [&](std::size_t, std::size_t) {
                                            decoded = true;
                                            return true;
                                        }),
                    InputError);
    CHECK_FALSE(decoded);

    // Cancelling the decode is the caller's Cancelled, not a half volume.
    CHECK_THROWS_AS(workflow::loadStudy(f.dir.path(), choice, [](std::size_t, std::size_t) { return false; }), Cancelled);
}

TEST_CASE("the real MR sample loads as its one series, and is no CT", "[workflow][loading][real]") {
    const std::string mrDir = std::string(LSMS_TEST_DATA) + "/mr-brain-20";
    const auto loaded = workflow::loadStudy(mrDir);
    CHECK(loaded.series().metadata.modality == "MR");
    CHECK(loaded.ct.geometry.size == std::array<std::size_t, 3>{256, 256, 20});
    SeriesChoice ct;
    ct.modality = "CT";
    ct.what = "CT series";
    CHECK(errorOf([&] { workflow::loadStudy(mrDir, ct); }) == "no loadable CT series in " + mrDir);
}

TEST_CASE("labels are placed on the series with their grid, in its exact geometry", "[workflow][labels]") {
    FourSeries f;
    // NIfTI keeps single-precision geometry: the labels come back on the
    // series' own double-precision grid.
    Geometry g = axialGeometry(10, 8, 3);
    LabelVolume labels(g, 0);
    labels.at(4, 4, 1) = 3;
    TempDir out("workflow-labels");  // beside, not inside, the scanned folder
    const auto nifti = out.path() / "labels.nii.gz";
    writeNifti(labels, nifti);
    const auto placed = workflow::readLabelsOnSeries(f.where(), nifti.string());
    CHECK(placed.series().metadata.seriesInstanceUid == f.ctB.seriesInstanceUid);
    CHECK(placed.labels.geometry.origin == placed.series().geometry.origin);
    CHECK(placed.labels.data == labels.data);

    const auto other = out.path() / "other.nii.gz";
    writeNifti(LabelVolume(axialGeometry(5, 5, 5), 0), other);
    CHECK_THAT(errorOf([&] { workflow::readLabelsOnSeries(f.where(), other.string()); }),
               Catch::Contains("has the grid of") && Catch::Contains("other.nii.gz (5x5x5") && Catch::Contains(f.where()));
}

TEST_CASE("a series too large to view is refused before decoding, counting what the viewer holds beside the CT",
          "[workflow][loading][memory]") {
    TempDir dir("loading-memory");
    writeSeries(patternVolume(axialGeometry(16, 12, 4)), testMetadata("loading-memory"), dir.path());
    SeriesInfo series = scanDicom(dir.path()).series.at(0);
    CHECK_NOTHROW(workflow::requireMemoryToView(series));
    // The same header claiming a grid just over what is free at the viewer's bytes a voxel.
    const std::uint64_t free = availableMemory().bytes;
    REQUIRE(free > 0);
    const std::uint64_t perVoxel = workflow::kViewerBytesPerVoxel;
    REQUIRE(perVoxel > 7);  // at least the CT, the labels and the liver mask
    series.geometry.size = {4096, 4096, std::size_t(free / (4096ull * 4096ull * perVoxel)) + 16};
    CHECK_THROWS_AS(workflow::requireMemoryToView(series), NotEnoughMemory);
    CHECK_THROWS_WITH(workflow::requireMemoryToView(series), Catch::Matchers::Contains("the CT, the labels and what the viewer works with"));
    // A grid the CT alone fits in (4 bytes a voxel) but not all the viewer holds.
    series.geometry.size = {4096, 4096, std::size_t(free / (4096ull * 4096ull * 5))};
    if (series.geometry.size[2] > 0) {
        CHECK_NOTHROW(requireMemory(std::uint64_t(series.geometry.voxelCount()) * 4, "the CT alone"));
        CHECK_THROWS_AS(workflow::requireMemoryToView(series), NotEnoughMemory);
    }
}
