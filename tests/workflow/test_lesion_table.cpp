// The lesion table (lsms/workflow/lesion_table.h): rows from segments, the CSV
// (quoting, empty cells, '.' decimals under a ',' locale) and the SR entries.
#include "lsms/workflow/lesion_table.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"
#include "support/comma_locale.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace lsms;
using Catch::Matchers::Contains;
using namespace lsms::test;
using edit::Algorithm;
using edit::AxisOutline;
using edit::ReviewStatus;
namespace fs = std::filesystem;

namespace {

edit::Segment segment(std::uint16_t label, std::string name, Algorithm algorithm, std::string prompt, ReviewStatus review) {
    edit::Segment s;
    s.label = label;
    s.name = std::move(name);
    s.algorithm = algorithm;
    s.prompt = std::move(prompt);
    s.review = review;
    return s;
}

edit::SegmentMeasurements measured(double ml, double longMm, double shortMm, std::size_t slice, AxisOutline outline) {
    edit::SegmentMeasurements m;
    m.volumeMl = ml;
    m.longestAxialDiameterMm = longMm;
    m.perpendicularDiameterMm = shortMm;
    m.diameterSlice = slice;
    m.outline = outline;
    return m;
}

// A model lesion named with a comma and quotes, a hand-drawn one with dragged
// axes, and an empty flagged one.
std::vector<workflow::LesionRow> sampleRows() {
    auto model = measured(12.3456, 31.04, 20.96, 14, AxisOutline::Smoothed);
    model.hasHu = true;
    model.huMean = 45.26;
    model.huSd = 12.04;
    std::vector<workflow::LesionRow> rows = {
        workflow::lesionRow(segment(3, "Lesion 1, \"dome\"", Algorithm::Automatic, "the largest lesion, segment VIII", ReviewStatus::Reviewed),
                            model),
        workflow::lesionRow(segment(5, "drawn", Algorithm::Manual, "", ReviewStatus::NotReviewed),
                            measured(0.5, 4, 4, 0, AxisOutline::Pixels), true),
        workflow::lesionRow(segment(7, "", Algorithm::Semiautomatic, "small lesion", ReviewStatus::Flagged),
                            measured(0, 0, 0, 0, AxisOutline::None)),
    };
    rows[0].location = "liver";
    rows[2].location = "outside liver";  // the second: no liver known
    return rows;
}

const std::string kHeader = "name,source,review,volume_ml,long_axis_mm,short_axis_mm,axial_slice,hu_mean,hu_sd,axes,location,prompt\r\n";
const std::string kSampleCsv = kHeader +
                               "\"Lesion 1, \"\"dome\"\"\",model,reviewed,12.346,31.0,21.0,15,45.3,12.0,smoothed,liver,"
                               "\"the largest lesion, segment VIII\"\r\n"
                               "drawn,manual,not-reviewed,0.500,4.0,4.0,1,,,edited,,\r\n"
                               ",model,flagged,0.000,,,,,,none,outside liver,small lesion\r\n";

std::string readAll(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a lesion row takes the segment's metadata and calls it manual when drawn by hand or without a prompt",
          "[workflow][lesions]") {
    const auto m = measured(1, 2, 1, 3, AxisOutline::Smoothed);
    const auto model = workflow::lesionRow(segment(4, "a", Algorithm::Semiautomatic, "p", ReviewStatus::Flagged), m, true);
    CHECK(model.label == 4);
    CHECK(model.name == "a");
    CHECK(model.prompt == "p");
    CHECK_FALSE(model.manual);
    CHECK(model.review == ReviewStatus::Flagged);
    CHECK(model.measurements.longestAxialDiameterMm == 2);
    CHECK(model.axesEdited);
    CHECK(workflow::lesionRow(segment(1, "b", Algorithm::Manual, "", ReviewStatus::Reviewed), m).manual);
    // An automatic segment imported from a SEG has no prompt: nothing says the model made it here.
    CHECK(workflow::lesionRow(segment(2, "c", Algorithm::Automatic, "", ReviewStatus::Reviewed), m).manual);
}

TEST_CASE("the lesion CSV quotes names and prompts, leaves cells not measured empty and counts slices from 1",
          "[workflow][lesions][csv]") {
    TempDir dir("lesion-csv");
    const fs::path out = dir.path() / "tables" / "lesions.csv";
    workflow::writeLesionCsv(sampleRows(), out);
    CHECK(readAll(out) == kSampleCsv);
    for (const auto& e : fs::directory_iterator(dir.path() / "tables")) CHECK_FALSE(isTemporaryWriteName(e.path()));

    SECTION("a name or prompt that starts like a formula stays text in a spreadsheet") {
        edit::SegmentMeasurements m;
        m.volumeMl = 1.5;
        std::vector<workflow::LesionRow> rows;
        for (const char* name : {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-2 lesion", "@SUM(A1)", "ok =1"})
            rows.push_back(workflow::lesionRow(segment(3, name, Algorithm::Manual, "", ReviewStatus::Reviewed), m));
        rows.push_back(workflow::lesionRow(segment(4, "lesion", Algorithm::Automatic, "=cmd|' /C calc'!A0", ReviewStatus::Reviewed), m));
        workflow::writeLesionCsv(rows, out);
        const std::string text = readAll(out);
        CHECK_THAT(text, Contains("\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",manual,"));
        CHECK_THAT(text, Contains("\r\n'+1,manual,"));
        CHECK_THAT(text, Contains("\r\n'-2 lesion,manual,"));
        CHECK_THAT(text, Contains("\r\n'@SUM(A1),manual,"));
        CHECK_THAT(text, Contains("\r\nok =1,manual,"));  // only a leading sign is a formula
        CHECK_THAT(text, Contains(",'=cmd|' /C calc'!A0\r\n"));
        for (const std::string line : {"\r\n=", "\r\n+", "\r\n-", "\r\n@", ",="}) CHECK(text.find(line) == std::string::npos);
    }
    SECTION("a row measured on a generated volume holds its measurements") {
        Geometry g;
        g.size = {24, 24, 10};
        g.spacing = {0.8, 0.8, 2.5};
        LabelVolume labels(g, 0);
        CtVolume ct(g);
        for (std::size_t k = 0; k < g.size[2]; ++k)
            for (std::size_t j = 0; j < g.size[1]; ++j)
                for (std::size_t i = 0; i < g.size[0]; ++i) {
                    ct.set(i, j, k, float(30 + (i + j + k) % 7));
                    if (i >= 4 && i < 17 && j >= 6 && j < 15 && k >= 2 && k < 7) labels.at(i, j, k) = 9;
                }
        const auto m = edit::measureSegment(labels, 9, &ct);
        REQUIRE(m.voxels == 13 * 9 * 5);
        workflow::writeLesionCsv({workflow::lesionRow(segment(9, "box", Algorithm::Manual, "", ReviewStatus::Reviewed), m)}, out);
        // The same numbers formatted by printf in the C locale.
        char expected[256];
        std::snprintf(expected, sizeof expected, "box,manual,reviewed,%.3f,%.1f,%.1f,%zu,%.1f,%.1f,%s,,\r\n", m.volumeMl,
                      m.longestAxialDiameterMm, m.perpendicularDiameterMm, m.diameterSlice + 1, m.huMean, m.huSd,
                      m.outline == AxisOutline::Smoothed ? "smoothed" : "pixels");
        CHECK(readAll(out) == kHeader + expected);
    }

    SECTION("under a locale with ',' decimals the numbers keep '.'") {
        CommaLocale locale;
        if (!locale.active()) {
            WARN("no de_DE.UTF-8 locale and it cannot be compiled here: not tested under a ',' locale");
            return;
        }
        workflow::writeLesionCsv(sampleRows(), out);
        CHECK(readAll(out) == kSampleCsv);
    }

    SECTION("an unwritable destination is an IoError") {
        CHECK_THROWS_AS(workflow::writeLesionCsv(sampleRows(), out / "below-a-file.csv"), IoError);
        CHECK(readAll(out) == kSampleCsv);  // the file in the way is untouched
    }
}

TEST_CASE("report entries number the rows 1.. in order, as the SEG exported from them", "[workflow][lesions][sr]") {
    const auto rows = sampleRows();
    const auto entries = workflow::reportEntries(rows);
    REQUIRE(entries.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO("row " << i);
        CHECK(entries[i].segmentNumber == i + 1);  // the SEG's number, not the label value
        CHECK(entries[i].manual == rows[i].manual);
        CHECK(entries[i].volumeMl == rows[i].measurements.volumeMl);
        CHECK(entries[i].longAxisMm == rows[i].measurements.longestAxialDiameterMm);
        CHECK(entries[i].shortAxisMm == rows[i].measurements.perpendicularDiameterMm);
        CHECK(entries[i].hasHu == rows[i].measurements.hasHu);
    }
    CHECK(entries[0].name == "Lesion 1, \"dome\"");
    CHECK(entries[0].huMean == 45.26);
    CHECK(entries[0].huSd == 12.04);
    CHECK(entries[2].name == "Segment 7");  // a tracking identifier cannot be empty
    CHECK(workflow::reportEntries({}).empty());
}
