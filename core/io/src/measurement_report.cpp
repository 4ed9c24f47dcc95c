// Lesion measurements -> DICOM SR, TID 1500 Measurement Report (DCMTK dcmsr/cmr).
#include "lsms/io/measurement_report.h"

#include "dicom_save.h"
#include "patient_study.h"
#include "dicom_seg_common.h"
#include "lsms/core/error.h"
#include "lsms/core/version.h"
#include "lsms/io/dicom_seg.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/cmr/tid1500.h>
#include <dcmtk/dcmsr/codes/sct.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <cmath>
#include <set>

namespace fs = std::filesystem;

namespace lsms {

namespace {

using detail::check;
using Report = TID1500_MeasurementReport;
using Group = Report::TID1411_Measurements;

std::string newUid() {
    char buf[100];
    dcmGenerateUniqueIdentifier(buf, SITE_INSTANCE_UID_ROOT);
    return buf;
}

std::string lesionText(const LesionMeasurement& l) {
    return "lesion '" + l.name + "' (segment " + std::to_string(l.segmentNumber) + ")";
}

void requireValue(const LesionMeasurement& l, double v, const char* what, bool mayBeNegative = false) {
    if (!std::isfinite(v)) throw InputError(lesionText(l) + ": " + what + " is not a number");
    if (!mayBeNegative && v < 0) throw InputError(lesionText(l) + ": " + what + " is negative (" + detail::decimalString(v) + ")");
}

void validate(const SeriesInfo& source, const std::vector<LesionMeasurement>& lesions) {
    if (lesions.empty()) throw InputError("no lesions to report");
    if (source.metadata.seriesInstanceUid.empty())
        throw InputError("cannot write a measurement report: the source series has no Series Instance UID (0020,000E)");
    if (source.metadata.studyInstanceUid.empty())
        throw InputError("cannot write a measurement report: the source series has no Study Instance UID (0020,000D)");
    bool anyFile = false;
    for (const auto& s : source.slices) {
        if (s.path.empty()) continue;
        anyFile = true;
        if (s.sopInstanceUid.empty() || s.sopClassUid.empty())
            throw InputError("cannot write a measurement report: source image " + s.path.filename().string() +
                             " has no SOP Class or SOP Instance UID to list as evidence");
    }
    if (!anyFile) throw InputError("cannot write a measurement report: the source series has no files");
    std::set<std::uint16_t> numbers;
    for (const auto& l : lesions) {
        if (l.name.empty()) throw InputError("the lesion of segment " + std::to_string(l.segmentNumber) + " has no name");
        if (!numbers.insert(l.segmentNumber).second)
            throw InputError("segment " + std::to_string(l.segmentNumber) + " is reported twice");
        requireValue(l, l.volumeMl, "the volume");
        requireValue(l, l.longAxisMm, "the long axis");
        requireValue(l, l.shortAxisMm, "the short axis");
        if (!l.hasHu) continue;
        // HU are CT numbers: on another modality the "attenuation" would be a lie.
        if (source.metadata.modality != "CT")
            throw InputError(lesionText(l) + ": mean HU given for a " + source.metadata.modality + " series; HU exist only on CT");
        requireValue(l, l.huMean, "the mean HU", true);
        requireValue(l, l.huSd, "the HU standard deviation");
    }
}

// The SEG's segments must be the ones the lesions name, drawn on the source series.
SegInfo segReferenced(const fs::path& segFile, const SeriesInfo& source, const std::vector<LesionMeasurement>& lesions) {
    SegInfo seg = readDicomSeg(segFile);
    if (seg.referencedSeriesUid != source.metadata.seriesInstanceUid)
        throw InputError("the DICOM-SEG " + segFile.filename().string() + " references series " + seg.referencedSeriesUid +
                         ", not the measured series " + source.metadata.seriesInstanceUid);
    std::set<std::uint16_t> inSeg;
    for (const auto& s : seg.segments) inSeg.insert(s.number);
    for (const auto& l : lesions)
        if (!inSeg.count(l.segmentNumber))
            throw InputError(lesionText(l) + ": the DICOM-SEG " + segFile.filename().string() + " has no segment " +
                             std::to_string(l.segmentNumber) + " (it has " + std::to_string(seg.segments.size()) + ")");
    return seg;
}

void addNumber(Group& group, CMR_CID7469::EnumType quantity, double value, const DSRCodedEntryValue& unit, const std::string& what,
               const CMR_CID7464* derivation = nullptr) {
    const Group::MeasurementValue number(detail::decimalString(value == 0 ? 0.0 : value).c_str(), CMR_CID7181(unit));
    check(group.addMeasurement(CMR_CID7469(quantity), number), what);
    if (derivation) check(group.getMeasurement().setDerivation(*derivation), what + " derivation");
}

void addLesion(Report& report, const LesionMeasurement& l, const SegInfo& seg, const std::string& sourceSeries) {
    const std::string what = lesionText(l);
    check(report.addVolumetricROIMeasurements(), what);
    Group& group = report.getVolumetricROIMeasurements();
    check<InputError>(group.setTrackingIdentifier(l.name.c_str()), what + " tracking identifier");
    check(group.setTrackingUniqueIdentifier(newUid().c_str()), what + " tracking UID");
    check(group.setFinding(DSRCodedEntryValue("52988006", "SCT", "Lesion")), what + " finding");
    DSRImageReferenceValue segment(UID_SegmentationStorage, seg.sopInstanceUid.c_str());
    segment.getSegmentList().addItem(l.segmentNumber);
    check(group.setReferencedSegment(segment), what + " referenced segment");
    check(group.setSourceSeriesForSegmentation(sourceSeries.c_str()), what + " source series");
    check(group.addFindingSite(CODE_SCT_Liver), what + " finding site");

    const DSRCodedEntryValue ml("ml", "UCUM", "milliliter"), mm("mm", "UCUM", "millimeter"), hu("[hnsf'U]", "UCUM", "Hounsfield unit");
    addNumber(group, CMR_CID7469::Volume, l.volumeMl, ml, what + " volume");
    if (l.longAxisMm > 0) addNumber(group, CMR_CID7469::LongAxis, l.longAxisMm, mm, what + " long axis");
    if (l.shortAxisMm > 0) addNumber(group, CMR_CID7469::ShortAxis, l.shortAxisMm, mm, what + " short axis");
    if (l.hasHu) {
        const CMR_CID7464 mean(CMR_CID7464::Mean), sd(CMR_CID7464::StandardDeviation);
        addNumber(group, CMR_CID7469::AttenuationCoefficient, l.huMean, hu, what + " mean HU", &mean);
        addNumber(group, CMR_CID7469::AttenuationCoefficient, l.huSd, hu, what + " HU standard deviation", &sd);
    }
}

void buildReport(Report& report, const SeriesInfo& source, const SegInfo& seg, const std::vector<LesionMeasurement>& lesions,
                 const MeasurementReportOptions& options) {
    check(report.createNewMeasurementReport(CMR_CID7021::ImagingMeasurementReport), "measurement report");
    check(report.setLanguage(CID5000_Languages(CID5000_Languages::English)), "report language");
    TID1001_ObservationContext& observer = report.getObservationContext();
    if (options.observerName.empty())
        check(observer.addDeviceObserver(uidFromKey("LSMS Viewer device observer").c_str(), "LSMS Viewer", "LSMS Viewer",
                                         "LSMS Viewer"),
              "device observer");
    else
        check<InputError>(observer.addPersonObserver(options.observerName.c_str()), "observer name '" + options.observerName + "'");
    const std::string& modality = source.metadata.modality;
    check(report.addProcedureReported(CMR_CID100(modality == "CT"   ? CMR_CID100::CTUnspecifiedBodyRegion
                                                 : modality == "MR" ? CMR_CID100::MRIUnspecifiedBodyRegion
                                                                    : CMR_CID100::ImagingProcedure)),
          "procedure reported");
    for (const auto& l : lesions) addLesion(report, l, seg, source.metadata.seriesInstanceUid);
    if (!report.isValid()) throw IoError("DCMTK reports the TID 1500 measurement report as incomplete");
}

// Patient and study of the source's first image, as UTF-8 (the lesion names are UTF-8).
DcmFileFormat readStudy(DSRDocument& doc, const SeriesInfo& source) {
    const SliceRef* first = nullptr;
    for (const auto& s : source.slices)
        if (!s.path.empty() && !first) first = &s;
    DcmFileFormat image = detail::readSourceInUtf8(first->path);
    check(doc.readStudyData(*image.getDataset()), "patient and study of " + first->path.string());
    doc.createNewSeries();
    return image;
}

}  // namespace

void writeMeasurementReport(const SeriesInfo& source, const fs::path& segFile, const std::vector<LesionMeasurement>& lesions,
                            const fs::path& out, const MeasurementReportOptions& options) {
    validate(source, lesions);
    const SegInfo seg = segReferenced(segFile, source, lesions);
    Report report;
    buildReport(report, source, seg, lesions, options);

    DSRDocument doc;
    check(doc.setTreeFromRootTemplate(report, OFTrue), "measurement report tree");
    DcmFileFormat sourceImage = readStudy(doc, source);
    check(doc.setSpecificCharacterSetType(DSRTypes::CS_UTF8), "character set");
    check(doc.setSeriesNumber(std::to_string(options.seriesNumber).c_str()), "series number");
    check<InputError>(doc.setSeriesDescription(options.seriesDescription.c_str()), "series description");
    check(doc.setManufacturer("LSMS Viewer"), "manufacturer");
    check(doc.setManufacturerModelName("LSMS Viewer"), "manufacturer model name");
    check(doc.setSoftwareVersions(kVersion), "software versions");
    check(doc.completeDocument(), "completion flag");  // every lesion exported is in it; verification is a person's act

    // The evidence: every object the report's content refers to.
    DSRSOPInstanceReferenceList& evidence = doc.getCurrentRequestedProcedureEvidence();
    check(evidence.addItem(seg.studyInstanceUid.c_str(), seg.seriesInstanceUid.c_str(), UID_SegmentationStorage,
                           seg.sopInstanceUid.c_str()),
          "evidence: the DICOM-SEG");
    std::set<std::string> listed;  // the frames of a multi-frame image are one instance
    for (const auto& s : source.slices)
        if (!s.path.empty() && listed.insert(s.sopInstanceUid).second)
            check(evidence.addItem(source.metadata.studyInstanceUid.c_str(), source.metadata.seriesInstanceUid.c_str(),
                                   s.sopClassUid.c_str(), s.sopInstanceUid.c_str()),
                  "evidence: source image " + s.path.filename().string());

    DcmFileFormat file;
    DcmDataset& dataset = *file.getDataset();
    check(doc.write(dataset), "cannot encode the measurement report");
    // DSRDocument keeps only some of the patient and study attributes: all of them, as the source has them.
    detail::copyPatientStudy(*sourceImage.getDataset(), dataset);
    // DSRDocument generates both UIDs and has no setter: the caller's UIDs replace them.
    if (!options.seriesInstanceUid.empty())
        check<InputError>(dataset.putAndInsertString(DCM_SeriesInstanceUID, options.seriesInstanceUid.c_str()), "series instance UID");
    if (!options.sopInstanceUid.empty())
        check<InputError>(dataset.putAndInsertString(DCM_SOPInstanceUID, options.sopInstanceUid.c_str()), "SOP instance UID");
    detail::saveAtomically(out, [&](const char* path) { return file.saveFile(path, EXS_LittleEndianExplicit); });
}

}  // namespace lsms
