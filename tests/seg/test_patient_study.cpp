// A SEG and an SR belong to exactly the patient and study of their source:
// a source with every attribute of the Patient, Clinical Trial Subject, General
// Study, Patient Study and Clinical Trial Study modules set (a Latin-1 patient
// name among them) gives a SEG and an SR holding each attribute with the same
// value, in UTF-8.
#include "lsms/core/edit/measurements.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/measurement_report.h"
#include "patient_fixture.h"
#include "support/series_fixture.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <catch2/catch.hpp>

#include <sstream>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

std::string printed(DcmItem& d, const DcmTagKey& key) {
    DcmElement* e = nullptr;
    if (d.findAndGetElement(key, e).bad() || !e) return "(absent)";
    std::ostringstream s;
    e->print(s);
    std::string text = s.str();
    return text.substr(text.find(')') + 1);  // the tag's name and value, without DCMTK's position marks
}

}  // namespace

TEST_CASE("SEG and SR copy every patient and study attribute of their source exactly", "[seg][sr][patient]") {
    TempDir dir("patient-study");
    const auto files = writeFullPatientSeries(dir.path() / "ct");
    const Geometry g = axialGeometry(24, 20, 4);
    const SeriesInfo series = scanDicom(dir.path() / "ct").series.at(0);
    LabelVolume labels(series.geometry, 0);
    for (std::size_t i = 0; i < 40; ++i) labels.data[g.sliceVoxels() + 100 + i] = 1;
    SegmentSpec spec;
    spec.labelValue = 1;
    spec.label = "lesion";
    spec.algorithmName = "LSMS";
    const fs::path seg = dir.path() / "seg.dcm", sr = dir.path() / "sr.dcm";
    writeDicomSeg(series, labels, {spec}, seg);
    LesionMeasurement lesion;
    lesion.segmentNumber = 1;
    lesion.name = "lesion";
    lesion.volumeMl = 0.04;
    writeMeasurementReport(series, seg, {lesion}, sr);

    DcmFileFormat source;
    REQUIRE(source.loadFile(files.front().c_str()).good());
    REQUIRE(source.getDataset()->convertToUTF8().good());
    for (const fs::path& out : {seg, sr}) {
        DcmFileFormat written;
        REQUIRE(written.loadFile(out.c_str()).good());
        OFString charset;
        written.getDataset()->findAndGetOFStringArray(DCM_SpecificCharacterSet, charset);
        INFO(out.filename().string());
        CHECK(charset == "ISO_IR 192");
        OFString name;
        written.getDataset()->findAndGetOFString(DCM_PatientName, name);
        CHECK(std::string(name.c_str()) == "M\xc3\xbcller^J\xc3\xbcrgen");
        for (const DcmTagKey& key : kTags) {
            INFO(DcmTag(key).getTagName());
            CHECK(printed(*written.getDataset(), key) == printed(*source.getDataset(), key));
        }
        OFString studyUid;
        written.getDataset()->findAndGetOFString(DCM_StudyInstanceUID, studyUid);
        CHECK(std::string(studyUid.c_str()) == series.metadata.studyInstanceUid);
    }
}
