// A DICOM-SEG references its source images by UID, both ways: export refuses
// a series whose images lost their UIDs (an anonymiser blanked them), import
// refuses a SEG drawn on another series of the same Frame of Reference.
// Both on copies of the real MR series in tests/data.
#include "support/run_command.h"
#include "support/series_fixture.h"
#include "lsms/core/error.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/nifti_io.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

const fs::path kSeries = fs::path(LSMS_TEST_DATA) / "mr-brain-20";

// A copy of the real series with attribute (group,element) set to value(file index) in every file.
fs::path tamperedCopy(const fs::path& dir, unsigned group, unsigned element, const std::function<std::string(int)>& value) {
    fs::create_directories(dir);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(kSeries)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i < files.size(); ++i) {
        const fs::path copy = dir / files[i].filename();
        fs::copy_file(files[i], copy);
        fs::permissions(copy, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
        if (value) setAttribute(copy, group, element, value(int(i)));
    }
    return dir;
}

LabelVolume blob(const Geometry& g) {
    LabelVolume labels(g, 0);
    for (std::size_t k = 8; k < 12; ++k)
        for (std::size_t j = 100; j < 140; ++j)
            for (std::size_t i = 100; i < 140; ++i) labels.at(i, j, k) = 1;
    return labels;
}

std::vector<SegmentSpec> oneSegment() {
    SegmentSpec s;
    s.label = "Lesion 1";
    s.algorithmName = "LSMS";
    return {s};
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("DICOM-SEG export refuses a real series whose SOP Instance UIDs were blanked, naming the attribute", "[seg][errors][real]") {
    TempDir dir("seg-blank-uids");
    const fs::path series = tamperedCopy(dir.path() / "dicom", 0x0008, 0x0018, [](int) { return std::string(); });
    const ScanResult scan = scanDicom(series);
    REQUIRE(scan.series.size() == 1);
    const SeriesInfo& s = scan.series[0];
    REQUIRE(s.problem.empty());
    REQUIRE(s.slices.size() == 20);
    const std::string expected =
        "cannot export a DICOM-SEG: 20 of 20 source images have no SOP Instance UID (0008,0018) (e.g. brain_001.dcm), "
        "so its frames cannot reference them";
    const fs::path out = dir.path() / "seg.dcm";
    CHECK(errorOf([&] { writeDicomSeg(s, blob(s.geometry), oneSegment(), out); }) == expected);
    CHECK_FALSE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);

    // The command line says the same in one line and writes nothing.
    writeNifti(blob(s.geometry), dir.path() / "labels.nii.gz");
    int status = -1;
    const std::string cli = run(std::string(LSMS_CLI) + " export-seg " + series.string() + " " +
                                    (dir.path() / "labels.nii.gz").string() + " --out " + out.string(),
                                &status);
    CHECK(status == 1);
    CHECK(cli == "lsms export-seg: " + expected + "\n");
    CHECK_FALSE(fs::exists(out));

    // The untouched series exports (the refusal is about the UIDs, not the data).
    const SeriesInfo real = scanDicom(kSeries).series.at(0);
    writeDicomSeg(real, blob(real.geometry), oneSegment(), out);
    CHECK(fs::exists(out));
}

TEST_CASE("a SEG drawn on another series of the same frame of reference is refused", "[seg][errors][real]") {
    TempDir dir("seg-other-series");
    const SeriesInfo drawnOn = scanDicom(kSeries).series.at(0);
    const fs::path seg = dir.path() / "seg.dcm";
    writeDicomSeg(drawnOn, blob(drawnOn.geometry), oneSegment(), seg);
    REQUIRE(importDicomSegOnto(seg, drawnOn).voxelCounts.at(0) == 4 * 40 * 40);

    // Another reconstruction of the same scan: same patient position and
    // grid, its own series and image UIDs.
    const std::string otherSeries = uidFromKey("seg-other-series");
    fs::path other = tamperedCopy(dir.path() / "other", 0x0020, 0x000E, [&](int) { return otherSeries; });
    for (const auto& e : fs::directory_iterator(other))
        setAttribute(e.path(), 0x0008, 0x0018, uidFromKey("other-image-" + e.path().filename().string()));
    const SeriesInfo target = scanDicom(other).series.at(0);
    REQUIRE(target.metadata.frameOfReferenceUid == drawnOn.metadata.frameOfReferenceUid);
    REQUIRE(target.geometry.sameGrid(drawnOn.geometry));
    const SegInfo info = readDicomSeg(seg);
    CHECK(errorOf([&] { importDicomSegOnto(seg, target); }) ==
          "the segmentation was drawn on series " + drawnOn.metadata.seriesInstanceUid + ", not on this series (" + otherSeries +
              "): its frame 1 references image " + info.frames.at(0).sourceSopInstanceUid + ", which this series does not hold");

    // Without per-frame references, the series it names decides.
    SeriesInfo noImageUids = target;
    for (auto& s : noImageUids.slices) s.sopInstanceUid.clear();
    CHECK(errorOf([&] { importDicomSegOnto(seg, noImageUids); }) == "the segmentation was drawn on series " +
                                                                         drawnOn.metadata.seriesInstanceUid +
                                                                         ", not on this series (" + otherSeries + ")");
}
