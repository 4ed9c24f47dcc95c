// The lesion measurement report (DICOM SR, TID 1500) on a phantom CT with its
// DICOM-SEG and on the real MR series: checked by dciodvfy and read back by an
// independent pydicom reader (check_sr_pydicom.py), under a comma-decimal
// locale too, and every refused input with its message.
#include "lsms/core/edit/measurements.h"
#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/io/measurement_report.h"
#include "support/comma_locale.h"
#include "support/run_command.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>

using namespace lsms;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const char* kSegClass = "1.2.840.10008.5.1.4.1.1.66.4";
const char* kEnhancedSrClass = "1.2.840.10008.5.1.4.1.1.88.22";

// A phantom CT written as DICOM, its lesions as a SEG (segment i+1 = label i+1).
struct PhantomCase {
    SeriesInfo series;
    CtVolume ct;  // on series.geometry
    LabelVolume labels;
    fs::path seg;
    std::size_t segments = 0;
};

PhantomCase phantomCase(const fs::path& dir) {
    phantom::PhantomOptions o;
    o.seed = 11;
    o.columns = o.rows = 96;
    o.pixelSpacingMm = 4.0;
    o.sliceThicknessMm = 5.0;
    o.slices = 30;
    o.lesionCount = 3;
    o.threads = 1;
    phantom::Phantom ph = phantom::generatePhantom(o);
    writeDicomSeries(ph.ct, ph.metadata, dir / "dicom");
    PhantomCase c;
    c.series = scanDicom(dir / "dicom").series.at(0);
    REQUIRE(c.series.problem.empty());
    REQUIRE(c.series.geometry.sameGrid(ph.ct.geometry, 1e-3));  // axial: the same voxels in the same order
    c.ct = ph.ct;
    c.ct.geometry = c.series.geometry;
    c.labels = ph.labels;
    c.labels.geometry = c.series.geometry;
    std::uint16_t maxLabel = 0;
    for (auto v : c.labels.data) maxLabel = std::max(maxLabel, v);
    REQUIRE(maxLabel >= 2);
    std::vector<SegmentSpec> specs;
    for (std::uint16_t l = 1; l <= maxLabel; ++l) {
        SegmentSpec s;
        s.labelValue = l;
        s.label = "Lesion " + std::to_string(l);
        s.algorithmType = l == 2 ? SegmentSpec::AlgorithmType::Manual : SegmentSpec::AlgorithmType::Automatic;
        s.algorithmName = "LSMS";
        specs.push_back(s);
    }
    c.segments = specs.size();
    c.seg = dir / "seg.dcm";
    writeDicomSeg(c.series, c.labels, specs, c.seg);
    return c;
}

// What the viewer measures on every segment, as report entries. Lesion 2 gets
// a name with a comma and non-ASCII letters; the last one has no axes and no HU.
std::vector<LesionMeasurement> measuredLesions(const PhantomCase& c) {
    std::vector<LesionMeasurement> lesions;
    for (std::size_t i = 0; i < c.segments; ++i) {
        const auto label = std::uint16_t(i + 1);
        const edit::SegmentMeasurements m = edit::measureSegment(c.labels, label, &c.ct);
        LesionMeasurement l;
        l.segmentNumber = label;
        l.name = label == 2 ? "Läsion 2, Segment VIII" : "liver lesion " + std::to_string(label);
        l.manual = label == 2;
        l.volumeMl = m.volumeMl;
        l.longAxisMm = m.longestAxialDiameterMm;
        l.shortAxisMm = m.perpendicularDiameterMm;
        l.hasHu = m.hasHu;
        l.huMean = m.huMean;
        l.huSd = m.huSd;
        lesions.push_back(l);
    }
    lesions.back().longAxisMm = lesions.back().shortAxisMm = 0;
    lesions.back().hasHu = false;
    return lesions;
}

// No "Error" line, but for the real MR sample's own UIDs: they start with
// "0.0.0.0", an illegal root, and the report must repeat them to reference its study.
void checkDciodvfy(const fs::path& sr, bool sourceUidsIllegal = false) {
    const std::string out = run("dciodvfy " + sr.string());
    INFO(out);
    REQUIRE(out.find("EnhancedSR") != std::string::npos);  // dciodvfy ran and recognised the IOD
    std::istringstream lines(out);
    std::string line;
    std::size_t errors = 0, excused = 0;
    while (std::getline(lines, line)) {
        if (line.find("Error") == std::string::npos) continue;
        if (sourceUidsIllegal && line.find("Illegal root for UID - \"0.0.0.0.") != std::string::npos) ++excused;
        else ++errors;
    }
    CHECK(errors == 0);
    if (sourceUidsIllegal) CHECK(excused > 0);  // the excuse is needed, so the check above does check
}

// std::stod would read "16.5" as 16 under a ',' locale.
double number(const std::string& text) {
    double v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    REQUIRE(r.ec == std::errc());
    REQUIRE(r.ptr == text.data() + text.size());
    return v;
}

std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> f;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, '\t')) f.push_back(cell);
    return f;
}

struct ReadGroup {
    std::vector<std::string> fields;                                     // the "group" line
    std::map<std::string, std::pair<double, std::string>> measurements;  // "quantity derivation" -> value, unit
};

struct ReadReport {
    std::vector<std::string> report, observer;
    std::vector<std::string> procedures;
    std::map<std::string, int> evidence;  // series UID -> instances
    std::vector<ReadGroup> groups;
};

ReadReport readWithPydicom(const fs::path& sr) {
    int status = -1;
    const std::string out = run("/usr/bin/python3 " + std::string(LSMS_SR_CHECK_SCRIPT) + " " + sr.string(), &status);
    INFO(out);
    REQUIRE(status == 0);
    ReadReport r;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        const auto f = fields(line);
        REQUIRE(!f.empty());
        if (f[0] == "report") r.report = f;
        else if (f[0] == "observer") r.observer = f;
        else if (f[0] == "procedure") r.procedures.push_back(f.at(1));
        else if (f[0] == "evidence") r.evidence[f.at(1)] += std::stoi(f.at(2));
        else if (f[0] == "group") r.groups.push_back({f, {}});
        else if (f[0] == "measure") {
            REQUIRE(!r.groups.empty());
            REQUIRE(f.size() == 5);
            const bool fresh = r.groups.back().measurements.emplace(f[1] + " " + f[2], std::make_pair(number(f[3]), f[4])).second;
            CHECK(fresh);  // one value per quantity and derivation
        } else FAIL("unexpected line from the reader: " << line);
    }
    REQUIRE(r.report.size() == 9);
    return r;
}

void checkMeasurement(const ReadGroup& g, const std::string& key, double value, const std::string& unit) {
    INFO(key);
    const auto it = g.measurements.find(key);
    REQUIRE(it != g.measurements.end());
    CHECK(it->second.first == Approx(value).epsilon(1e-8).margin(1e-9));
    CHECK(it->second.second == unit);
}

// The report read back holds exactly the lesions written, pointing at the SEG and series.
void checkGroups(const ReadReport& r, const std::vector<LesionMeasurement>& lesions, const SegInfo& seg, const SeriesInfo& series) {
    REQUIRE(r.groups.size() == lesions.size());
    std::set<std::string> trackingUids;
    for (std::size_t i = 0; i < lesions.size(); ++i) {
        const auto& l = lesions[i];
        const auto& g = r.groups[i];
        INFO("lesion " << l.name);
        REQUIRE(g.fields.size() == 9);
        CHECK(g.fields[1] == l.name);
        CHECK(!g.fields[2].empty());
        trackingUids.insert(g.fields[2]);
        CHECK(g.fields[3] == kSegClass);
        CHECK(g.fields[4] == seg.sopInstanceUid);
        CHECK(g.fields[5] == std::to_string(l.segmentNumber));
        CHECK(g.fields[6] == series.metadata.seriesInstanceUid);
        CHECK(g.fields[7] == "52988006^SCT");   // Lesion
        CHECK(g.fields[8] == "10200004^SCT");   // Liver
        checkMeasurement(g, "118565006^SCT -", l.volumeMl, "ml");
        std::size_t expected = 1;
        if (l.longAxisMm > 0) checkMeasurement(g, "103339001^SCT -", l.longAxisMm, "mm"), ++expected;
        if (l.shortAxisMm > 0) checkMeasurement(g, "103340004^SCT -", l.shortAxisMm, "mm"), ++expected;
        if (l.hasHu) {
            checkMeasurement(g, "112031^DCM 373098007^SCT", l.huMean, "[hnsf'U]");  // mean
            checkMeasurement(g, "112031^DCM 386136009^SCT", l.huSd, "[hnsf'U]");    // standard deviation
            expected += 2;
        }
        CHECK(g.measurements.size() == expected);  // nothing not measured is reported
    }
    CHECK(trackingUids.size() == lesions.size());
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no InputError)";
}

}  // namespace

TEST_CASE("a measurement report on a phantom CT references its SEG segments and passes dciodvfy and pydicom", "[seg][sr]") {
    TempDir dir("sr-phantom");
    const PhantomCase c = phantomCase(dir.path());
    const auto lesions = measuredLesions(c);
    REQUIRE(lesions.size() >= 2);
    REQUIRE(lesions[0].hasHu);
    REQUIRE(lesions[0].longAxisMm > 0);
    const SegInfo seg = readDicomSeg(c.seg);

    MeasurementReportOptions options;
    options.sopInstanceUid = uidFromKey("sr sop instance");
    options.seriesInstanceUid = uidFromKey("sr series");
    const fs::path out = dir.path() / "report" / "sr.dcm";
    writeMeasurementReport(c.series, c.seg, lesions, out, options);
    REQUIRE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(dir.path() / "report")) CHECK_FALSE(isTemporaryWriteName(e.path()));
    checkDciodvfy(out);

    const ReadReport r = readWithPydicom(out);
    CHECK(r.report[1] == kEnhancedSrClass);
    CHECK(r.report[2] == "126000^DCM");  // Imaging Measurement Report
    CHECK(r.report[3] == "1500");
    CHECK(r.report[4] == c.series.metadata.patientId);
    CHECK(r.report[5] == c.series.metadata.studyInstanceUid);  // the CT's study
    CHECK(r.report[6] == options.seriesInstanceUid);
    CHECK(r.report[7] == options.sopInstanceUid);
    CHECK(r.report[8] == "COMPLETE");
    CHECK(r.observer == std::vector<std::string>{"observer", "DEVICE", "LSMS Viewer"});
    CHECK(r.procedures == std::vector<std::string>{"25045-6^LN"});  // CT unspecified body region
    std::size_t files = 0;
    for (const auto& s : c.series.slices) files += !s.path.empty();
    CHECK(r.evidence == std::map<std::string, int>{{seg.seriesInstanceUid, 1}, {c.series.metadata.seriesInstanceUid, int(files)}});
    checkGroups(r, lesions, seg, c.series);

    SECTION("generated UIDs are new ones") {
        writeMeasurementReport(c.series, c.seg, lesions, out);
        const ReadReport again = readWithPydicom(out);
        CHECK(again.report[6] != c.series.metadata.seriesInstanceUid);
        CHECK(again.report[6] != seg.seriesInstanceUid);
        CHECK(again.report[6] != options.seriesInstanceUid);
        CHECK(again.report[7] != options.sopInstanceUid);
        REQUIRE(again.groups.size() == r.groups.size());
        CHECK(again.groups[0].fields[2] != r.groups[0].fields[2]);  // a new tracking UID per export
    }
}

TEST_CASE("a measurement report written under a comma-decimal locale keeps '.' decimals", "[seg][sr][locale]") {
    CommaLocale locale;
    if (!locale.active()) {
        WARN("no de_DE.UTF-8 locale and it cannot be compiled here: not tested under a ',' locale");
        return;
    }
    TempDir dir("sr-locale");
    PhantomCase c;
    {
        // The CT series writer is a test fixture here, and not locale-proof: it writes first.
        const std::locale user = std::locale::global(std::locale::classic());
        c = phantomCase(dir.path());
        std::locale::global(user);
    }
    const auto lesions = measuredLesions(c);
    // SEG and SR are written under the user's locale, as the viewer writes them.
    SegmentSpec spec;
    spec.label = "Lesion 1";
    spec.algorithmType = SegmentSpec::AlgorithmType::Manual;
    writeDicomSeg(c.series, c.labels, {spec}, c.seg);
    CHECK(importDicomSegOnto(c.seg, c.series).voxelCounts.at(0) == std::size_t(std::count(c.labels.data.begin(), c.labels.data.end(), 1)));
    const fs::path out = dir.path() / "sr.dcm";
    writeMeasurementReport(c.series, c.seg, {lesions[0]}, out);
    checkDciodvfy(out);  // a DS "12,5" is an error
    checkGroups(readWithPydicom(out), {lesions[0]}, readDicomSeg(c.seg), c.series);
    REQUIRE(lesions[0].volumeMl != std::floor(lesions[0].volumeMl));  // a fraction, where a ',' would show
}

TEST_CASE("a measurement report on the real MR series copies its patient and study and names a person observer", "[seg][sr][real]") {
    TempDir dir("sr-mr");
    const SeriesInfo mr = scanDicom(fs::path(LSMS_TEST_DATA) / "mr-brain-20").series.at(0);
    REQUIRE(mr.problem.empty());
    REQUIRE(mr.metadata.modality == "MR");
    LabelVolume labels(mr.geometry, 0);
    for (std::size_t k = 8; k < 12; ++k)
        for (std::size_t j = 100; j < 140; ++j)
            for (std::size_t i = 100; i < 140; ++i) labels.at(i, j, k) = 1;
    SegmentSpec spec;
    spec.label = "Lesion 1";
    spec.algorithmType = SegmentSpec::AlgorithmType::Manual;
    const fs::path segFile = dir.path() / "seg.dcm";
    writeDicomSeg(mr, labels, {spec}, segFile);
    const edit::SegmentMeasurements m = edit::measureSegment(labels, 1);
    LesionMeasurement l;
    l.segmentNumber = 1;
    l.name = "drawn lesion";
    l.manual = true;
    l.volumeMl = m.volumeMl;
    l.longAxisMm = m.longestAxialDiameterMm;
    l.shortAxisMm = m.perpendicularDiameterMm;
    REQUIRE(l.volumeMl > 0);

    MeasurementReportOptions options;
    options.observerName = "Doe^Jane";
    const fs::path out = dir.path() / "sr.dcm";
    writeMeasurementReport(mr, segFile, {l}, out, options);
    checkDciodvfy(out, true);
    const ReadReport r = readWithPydicom(out);
    CHECK(r.report[4] == mr.metadata.patientId);
    CHECK(r.report[5] == mr.metadata.studyInstanceUid);
    CHECK(r.observer == std::vector<std::string>{"observer", "PERSON", "Doe^Jane"});
    CHECK(r.procedures == std::vector<std::string>{"25056-3^LN"});  // MRI unspecified body region
    checkGroups(r, {l}, readDicomSeg(segFile), mr);

    // HU are CT numbers: a mean "attenuation" on MR is refused.
    l.hasHu = true;
    l.huMean = 300;
    l.huSd = 20;
    CHECK_THROWS_WITH(writeMeasurementReport(mr, segFile, {l}, dir.path() / "hu.dcm"), Contains("HU exist only on CT"));
    CHECK_FALSE(fs::exists(dir.path() / "hu.dcm"));
}

TEST_CASE("a measurement report refuses what it cannot state truthfully, writing nothing", "[seg][sr][errors]") {
    TempDir dir("sr-errors");
    const PhantomCase c = phantomCase(dir.path());
    const auto good = measuredLesions(c);
    const fs::path out = dir.path() / "sr.dcm";
    auto with = [&](const std::function<void(LesionMeasurement&)>& change) {
        auto lesions = good;
        change(lesions[0]);
        return errorOf([&] { writeMeasurementReport(c.series, c.seg, lesions, out); });
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();

    CHECK_THAT(errorOf([&] { writeMeasurementReport(c.series, c.seg, {}, out); }), Contains("no lesions to report"));
    CHECK_THAT(with([](LesionMeasurement& l) { l.segmentNumber = 7; }),
               Contains("has no segment 7") && Contains("(it has " + std::to_string(c.segments) + ")"));
    CHECK_THAT(with([](LesionMeasurement& l) { l.segmentNumber = 2; }), Contains("segment 2 is reported twice"));
    CHECK_THAT(with([](LesionMeasurement& l) { l.name.clear(); }), Contains("the lesion of segment 1 has no name"));
    CHECK_THAT(with([&](LesionMeasurement& l) { l.volumeMl = nan; }), Contains("liver lesion 1") && Contains("the volume is not a number"));
    CHECK_THAT(with([](LesionMeasurement& l) { l.shortAxisMm = -1.5; }), Contains("the short axis is negative (-1.5)"));
    CHECK_THAT(with([](LesionMeasurement& l) { l.longAxisMm = std::numeric_limits<double>::infinity(); }),
               Contains("the long axis is not a number"));
    CHECK_THAT(with([&](LesionMeasurement& l) { l.huSd = -3; }), Contains("the HU standard deviation is negative"));
    CHECK_THAT(with([&](LesionMeasurement& l) { l.huMean = nan; }), Contains("the mean HU is not a number"));
    // A negative mean is an ordinary fat or air value, not an error.
    CHECK_NOTHROW(writeMeasurementReport(c.series, c.seg,
                                         {LesionMeasurement{1, "fatty lesion", false, 2.0, 10, 8, true, -80.5, 12}}, out));
    fs::remove(out);

    // The same CT written again as another series: the SEG was drawn on the first.
    SeriesMetadata other = c.series.metadata;
    other.seriesInstanceUid = uidFromKey("another series of the same study");
    writeDicomSeries(c.ct, other, dir.path() / "other");
    const SeriesInfo otherSeries = scanDicom(dir.path() / "other").series.at(0);
    CHECK_THAT(errorOf([&] { writeMeasurementReport(otherSeries, c.seg, good, out); }),
               Contains("references series " + c.series.metadata.seriesInstanceUid) &&
                   Contains("not the measured series " + other.seriesInstanceUid));
    // A file that is not a SEG.
    CHECK_THAT(errorOf([&] { writeMeasurementReport(c.series, c.series.slices.front().path, good, out); }), Contains("is not a DICOM Segmentation"));
    CHECK_FALSE(fs::exists(out));

    // A destination below a regular file cannot be written.
    CHECK_THROWS_AS(writeMeasurementReport(c.series, c.seg, good, c.seg / "sr.dcm"), IoError);
}
