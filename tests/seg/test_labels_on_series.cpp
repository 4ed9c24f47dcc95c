// A NIfTI label map read against a DICOM series (lsms export-seg,
// export-mesh) must lie on the series' grid; an affine that disagrees is
// refused with what differs, never placed on the wrong voxels.
#include "support/run_command.h"
#include "support/series_fixture.h"
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/labels_on_grid.h"
#include "lsms/io/nifti_io.h"

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

TEST_CASE("a NIfTI whose affine disagrees with the series is refused with what differs", "[seg][nifti][errors]") {
    TempDir dir("nifti-affine");
    const fs::path dicom = dir.path() / "dicom";
    writeSeries(patternVolume(axialGeometry(8, 8, 5)), testMetadata("nifti-affine"), dicom);
    const ScanResult scan = scanDicom(dicom);
    const Geometry series = scan.series.at(0).geometry;
    const fs::path file = dir.path() / "labels.nii.gz";
    auto refusal = [&](const Geometry& g) {
        LabelVolume labels(g, 0);
        labels.data[3] = 1;
        writeNifti(labels, file);
        try {
            seriesUnderLabels(scan, readNiftiLabels(file).geometry, file.string(), dicom.string());
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string prefix = file.string() + " does not lie on the series in " + dicom.string() + ": ";

    // The same grid survives NIfTI's single-precision affine.
    CHECK(refusal(series) == "accepted");
    Geometry g = series;
    SECTION("the i axis flipped (an RAS/LPS mix-up)") {
        g.direction[0] = {-1, 0, 0};
        CHECK(refusal(g) == prefix + "axis i points (-1.000, 0.000, 0.000) vs the series' (1.000, 0.000, 0.000) (LPS): "
                                     "corner voxels up to 10.50 mm apart");
    }
    SECTION("the origin 10 mm off") {
        g.origin[0] += 10;
        CHECK(refusal(g) == prefix + "origin (-40.000, -40.000, 100.000) mm vs the series' (-50.000, -40.000, 100.000) mm "
                                     "(10.00 mm apart): corner voxels up to 10.00 mm apart");
    }
    SECTION("another slice spacing") {
        g.spacing[2] = 3.0;
        CHECK(refusal(g) == prefix + "spacing 0.7500 x 0.8000 x 3.0000 mm vs the series' 0.7500 x 0.8000 x 2.5000 mm: "
                                     "corner voxels up to 2.00 mm apart");
    }
    SECTION("another size") {
        g.size[2] = 4;
        CHECK(refusal(g) == prefix + "size 8x8x4 vs the series' 8x8x5");
    }
    SECTION("lsms export-seg says the same and writes nothing") {
        g.origin[0] += 10;
        refusal(g);
        int status = -1;
        const fs::path out = dir.path() / "seg.dcm";
        const std::string cli = run(std::string(LSMS_CLI) + " export-seg " + dicom.string() + " " + file.string() + " --out " +
                                        out.string(),
                                    &status);
        CHECK(status == 1);
        CHECK(cli == "lsms export-seg: " + prefix +
                         "origin (-40.000, -40.000, 100.000) mm vs the series' (-50.000, -40.000, 100.000) mm "
                         "(10.00 mm apart): corner voxels up to 10.00 mm apart\n");
        CHECK_FALSE(fs::exists(out));
    }
}
