// De-identification for sharing (lsms/io/deidentify.h): a CT series whose
// images carry every patient and study attribute, its SEG and its SR,
// de-identified under one key, keep none of the identifying values or
// original UIDs, say that they are de-identified, still reference each other
// (the SEG imports onto the de-identified CT voxel for voxel), and pass dciodvfy.
#include "lsms/core/error.h"
#include "lsms/io/deidentify.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/measurement_report.h"
#include "patient_fixture.h"
#include "support/run_command.h"
#include "support/series_fixture.h"

#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <catch2/catch.hpp>

#include <set>

using namespace lsms;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// Every string value in the item and its sequences, with its tag.
void strings(DcmItem& item, std::vector<std::pair<DcmTagKey, std::string>>& out) {
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* e = item.getElement(i);
        if (e->ident() == EVR_SQ) {
            auto* seq = static_cast<DcmSequenceOfItems*>(e);
            for (unsigned long k = 0; k < seq->card(); ++k) strings(*seq->getItem(k), out);
            continue;
        }
        if (!e->isaString()) continue;
        OFString v;
        if (e->getOFStringArray(v).good()) out.push_back({e->getTag(), v.c_str()});
    }
}

std::vector<std::pair<DcmTagKey, std::string>> strings(const fs::path& file) {
    DcmFileFormat ff;
    REQUIRE(ff.loadFile(file.c_str()).good());
    std::vector<std::pair<DcmTagKey, std::string>> out;
    strings(*ff.getDataset(), out);
    strings(*ff.getMetaInfo(), out);
    return out;
}

std::string value(const fs::path& file, const DcmTagKey& key) {
    DcmFileFormat ff;
    REQUIRE(ff.loadFile(file.c_str()).good());
    OFString v;
    ff.getDataset()->findAndGetOFStringArray(key, v, true);
    return v.c_str();
}

struct Shared {
    SeriesInfo series;  // the original CT
    LabelVolume labels;
    fs::path seg, sr;
};

Shared makeCase(const fs::path& dir, bool fullPatient) {
    if (fullPatient) writeFullPatientSeries(dir / "ct");
    else writeSeries(patternVolume(axialGeometry(24, 20, 4)), testMetadata("deid"), dir / "ct");
    Shared c;
    c.series = scanDicom(dir / "ct").series.at(0);
    c.labels = LabelVolume(c.series.geometry, 0);
    for (std::size_t i = 0; i < 60; ++i) c.labels.data[2 * c.series.geometry.sliceVoxels() + 130 + i] = 1;
    SegmentSpec spec;
    spec.labelValue = 1;
    spec.label = "lesion 1";
    spec.algorithmName = "LSMS";
    c.seg = dir / "seg.dcm";
    c.sr = dir / "sr.dcm";
    writeDicomSeg(c.series, c.labels, {spec}, c.seg);
    LesionMeasurement m;
    m.segmentNumber = 1;
    m.name = "lesion 1";
    m.volumeMl = 0.06;
    writeMeasurementReport(c.series, c.seg, {m}, c.sr);
    return c;
}

// De-identifies the CT into out/ct (one file per slice) and the SEG and SR beside it.
void deidentifyCase(const Shared& c, const fs::path& out, const DeidentifyOptions& o) {
    fs::create_directories(out / "ct");
    for (const auto& s : c.series.slices) deidentifyFile(s.path, out / "ct" / s.path.filename(), o);
    deidentifyFile(c.seg, out / "seg.dcm", o);
    deidentifyFile(c.sr, out / "sr.dcm", o);
}

}  // namespace

TEST_CASE("de-identified CT, SEG and SR keep no identifying value and still reference each other", "[seg][sr][deidentify]") {
    TempDir dir("deid-full");
    const Shared c = makeCase(dir.path(), true);
    DeidentifyOptions o;
    o.key = "a secret of the sharer";
    const fs::path out = dir.path() / "shared";
    deidentifyCase(c, out, o);

    // What identifies: the attributes' values in the source, and every instance UID.
    std::set<std::string> identifying;
    const fs::path firstCt = c.series.slices.front().path;
    for (const DcmTagKey& key : kTags) {
        // What the profile keeps: it says nothing about the person.
        if (key == DCM_PatientSpeciesDescription || key == DCM_PatientBreedDescription) continue;
        const DcmEVR vr = DcmTag(key).getEVR();
        const std::string v = value(firstCt, key);
        if (v.size() >= 3 && vr != EVR_DS && vr != EVR_US && vr != EVR_CS && vr != EVR_SQ) identifying.insert(v);
    }
    identifying.insert("19610214");  // every date set above
    for (const char* v : {"St. Elsewhere Hospital", "arterial phase Dr. House"}) identifying.insert(v);
    for (const auto& s : c.series.slices) identifying.insert(s.sopInstanceUid);
    for (const auto& uid : {c.series.metadata.studyInstanceUid, c.series.metadata.seriesInstanceUid,
                            c.series.metadata.frameOfReferenceUid, value(c.seg, DCM_SOPInstanceUID),
                            value(c.seg, DCM_SeriesInstanceUID), value(c.sr, DCM_SOPInstanceUID)})
        identifying.insert(uid);
    REQUIRE(identifying.size() > 40);

    std::vector<fs::path> outputs = {out / "seg.dcm", out / "sr.dcm"};
    for (const auto& e : fs::directory_iterator(out / "ct")) outputs.push_back(e.path());
    for (const fs::path& f : outputs) {
        INFO(f.string());
        for (const auto& [tag, v] : strings(f)) {
            INFO(DcmTag(tag).getTagName() << " = " << v);
            CHECK(identifying.count(v) == 0);
            CHECK(v.find("ller^J") == std::string::npos);  // the name in any character set
        }
        CHECK(value(f, DCM_PatientName) == "ANONYMOUS");
        CHECK_THAT(value(f, DCM_PatientID), Contains("ANON-"));
        CHECK(value(f, DCM_PatientIdentityRemoved) == "YES");
        CHECK_THAT(value(f, DCM_DeidentificationMethod), Contains("PS3.15 Basic"));
        CHECK(value(f, DCM_StudyDate).empty());
        CHECK(value(f, DCM_PatientBirthDate).empty());
    }
    // One patient, one pseudonym; the same key gives the same UIDs in every object.
    CHECK(value(out / "seg.dcm", DCM_PatientID) == value(out / "sr.dcm", DCM_PatientID));
    CHECK(value(out / "seg.dcm", DCM_StudyInstanceUID) == deidentifiedUid(c.series.metadata.studyInstanceUid, o.key));

    // The shared SEG lies on the shared CT, voxel for voxel.
    const SeriesInfo shared = scanDicom(out / "ct").series.at(0);
    REQUIRE(shared.problem.empty());
    const LabelVolume onShared = segmentsToLabels(importDicomSegOnto(out / "seg.dcm", shared));
    CHECK(onShared.data == c.labels.data);
    // The shared SR references the shared SEG (its UIDs, its segment).
    bool referencesSeg = false;
    for (const auto& [tag, v] : strings(out / "sr.dcm"))
        referencesSeg |= tag == DCM_ReferencedSOPInstanceUID && v == value(out / "seg.dcm", DCM_SOPInstanceUID);
    CHECK(referencesSeg);
}

TEST_CASE("another key gives other UIDs and another pseudonym", "[seg][deidentify]") {
    TempDir dir("deid-keys");
    const Shared c = makeCase(dir.path(), false);
    DeidentifyOptions a, b;
    a.key = "one";
    b.key = "two";
    deidentifyFile(c.seg, dir.path() / "a.dcm", a);
    deidentifyFile(c.seg, dir.path() / "b.dcm", b);
    CHECK(value(dir.path() / "a.dcm", DCM_SOPInstanceUID) != value(dir.path() / "b.dcm", DCM_SOPInstanceUID));
    CHECK(value(dir.path() / "a.dcm", DCM_PatientID) != value(dir.path() / "b.dcm", DCM_PatientID));
    CHECK_THAT(deidentifiedUid("1.2.3.4", "one"), Catch::Matchers::StartsWith("2.25."));
    CHECK(deidentifiedUid("1.2.3.4", "one").size() <= 64);
    CHECK(deidentifiedUid("1.2.840.10008.5.1.4.1.1.66.4", "one") == "1.2.840.10008.5.1.4.1.1.66.4");  // SOP classes stay
    CHECK(randomDeidentifyKey() != randomDeidentifyKey());
    DeidentifyOptions none;
    CHECK_THROWS_WITH(deidentifyFile(c.seg, dir.path() / "c.dcm", none), Contains("needs a key"));
}

TEST_CASE("de-identified SEG and SR still pass dciodvfy", "[seg][sr][deidentify]") {
    TempDir dir("deid-valid");
    const Shared c = makeCase(dir.path(), false);
    DeidentifyOptions o;
    o.key = "k";
    deidentifyCase(c, dir.path() / "shared", o);
    for (const char* name : {"seg.dcm", "sr.dcm"}) {
        const std::string report = run("dciodvfy " + (dir.path() / "shared" / name).string());
        INFO(report);
        REQUIRE((report.find("Segmentation") != std::string::npos || report.find("EnhancedSR") != std::string::npos));
        CHECK(report.find("Error") == std::string::npos);
    }
}

TEST_CASE("an image with burned-in annotation is refused, not shared with its text", "[seg][deidentify]") {
    TempDir dir("deid-burned");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 2)), testMetadata("burned"), dir.path() / "ct");
    setAttribute(files[0], 0x0028, 0x0301, "YES");
    DeidentifyOptions o;
    o.key = "k";
    CHECK_THROWS_WITH(deidentifyFile(files[0], dir.path() / "out.dcm", o), Contains("burned-in annotation"));
    CHECK_FALSE(fs::exists(dir.path() / "out.dcm"));
    CHECK_THROWS_AS(deidentifyFile(dir.path() / "nothing.dcm", dir.path() / "out.dcm", o), InputError);
}
