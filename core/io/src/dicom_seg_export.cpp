// Label volume -> BINARY DICOM-SEG referencing the source CT series (DCMTK dcmseg).
#include "lsms/core/version.h"
#include "lsms/io/dicom_seg.h"

#include "dcmtk_init.h"
#include "dicom_save.h"
#include "patient_study.h"
#include "dicom_seg_common.h"
#include "lsms/core/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmiod/iodmacro.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace fs = std::filesystem;

namespace lsms {

namespace {

using detail::check;
using detail::decimalString;

std::string newUid(const char* root) {
    char buf[100];
    dcmGenerateUniqueIdentifier(buf, root);
    return buf;
}

DcmSegTypes::E_SegmentAlgoType algoType(SegmentSpec::AlgorithmType t) {
    switch (t) {
    case SegmentSpec::AlgorithmType::Automatic: return DcmSegTypes::SAT_AUTOMATIC;
    case SegmentSpec::AlgorithmType::Semiautomatic: return DcmSegTypes::SAT_SEMIAUTOMATIC;
    case SegmentSpec::AlgorithmType::Manual: return DcmSegTypes::SAT_MANUAL;
    }
    return DcmSegTypes::SAT_MANUAL;
}

void validateGrid(const SeriesInfo& source, const Geometry& grid, std::size_t voxels, const std::string& what) {
    if (voxels != grid.voxelCount() || voxels == 0) throw InputError("the " + what + " is empty");
    if (!grid.sameGrid(source.geometry, 1e-3)) {
        const auto& a = grid.size;
        const auto& b = source.geometry.size;
        throw InputError("the " + what + "'s grid (" + std::to_string(a[0]) + "x" + std::to_string(a[1]) + "x" + std::to_string(a[2]) +
                         ") is not the source series' grid (" + std::to_string(b[0]) + "x" + std::to_string(b[1]) + "x" +
                         std::to_string(b[2]) + " at its origin, spacing and direction)");
    }
}

void validate(const SeriesInfo& source, const std::vector<SegmentSpec>& segments, bool byLabel) {
    if (!source.problem.empty()) throw InputError("the source series cannot be referenced: " + source.problem);
    if (source.slices.size() != source.geometry.size[2])
        throw InputError("the source series' slices do not match its geometry");
    if (source.geometry.size[0] > 65535 || source.geometry.size[1] > 65535) throw InputError("image too large for DICOM");
    if (segments.empty()) throw InputError("no segments to export");
    std::set<std::uint16_t> seen;
    for (const auto& s : segments) {
        if (byLabel && s.labelValue == 0) throw InputError("label value 0 is background and cannot be a segment");
        if (byLabel && !seen.insert(s.labelValue).second)
            throw InputError("label value " + std::to_string(s.labelValue) + " is given twice");
        if (s.label.empty()) throw InputError("segment for label value " + std::to_string(s.labelValue) + " has no label");
        if (s.algorithmType != SegmentSpec::AlgorithmType::Manual && s.algorithmName.empty())
            throw InputError("segment '" + s.label + "' is not manual and needs an algorithm name");
    }
    if (std::none_of(source.slices.begin(), source.slices.end(), [](const SliceRef& r) { return !r.path.empty(); }))
        throw InputError("the source series has no files to reference");
    // Every frame names its source image, and the SEG its series, by UID: an
    // anonymiser that blanked them leaves a SEG that points nowhere. Refused
    // before anything is written, naming the attribute.
    if (source.metadata.seriesInstanceUid.empty())
        throw InputError("cannot export a DICOM-SEG: the source series has no Series Instance UID (0020,000E) to reference");
    if (source.metadata.studyInstanceUid.empty())
        throw InputError("cannot export a DICOM-SEG: the source series has no Study Instance UID (0020,000D)");
    auto requireUid = [&](const std::string SliceRef::*uid, const std::string& attribute) {
        std::size_t files = 0, missing = 0;
        const SliceRef* example = nullptr;
        for (const auto& r : source.slices) {
            if (r.path.empty()) continue;
            ++files;
            if (!(r.*uid).empty()) continue;
            if (!example) example = &r;
            ++missing;
        }
        if (missing > 0)
            throw InputError("cannot export a DICOM-SEG: " + std::to_string(missing) + " of " + std::to_string(files) +
                             " source images have no " + attribute + " (e.g. " + example->path.filename().string() +
                             "), so its frames cannot reference them");
    };
    requireUid(&SliceRef::sopInstanceUid, "SOP Instance UID (0008,0018)");
    requireUid(&SliceRef::sopClassUid, "SOP Class UID (0008,0016)");
}

// dcmiod checks a segment's words before they are in a dataset that declares
// UTF-8, and refuses any non-ASCII character there. They go in as an ASCII
// stand-in of the same length in characters (each code point one '?'), and
// the reader's own words are put back into the written dataset, which
// declares ISO_IR 192 (putWords).
std::string asciiStandIn(const std::string& utf8, const std::string& what) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > utf8.size())
            throw InputError(what + " is not valid UTF-8 text");
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(utf8[i + k]) >> 6) != 0x2) throw InputError(what + " is not valid UTF-8 text");
        out += length == 1 ? utf8[i] : '?';
        i += length;
    }
    return out;
}

void putWords(DcmItem& item, const DcmTagKey& tag, const std::string& words) {
    if (words.empty()) return;
    if (item.putAndInsertString(tag, words.c_str()).bad())
        throw IoError(std::string("cannot write ") + DcmTag(tag).getTagName() + " in UTF-8");
}

DcmSegment* makeSegment(const SegmentSpec& spec) {
    CodeSequenceMacro category("49755003", "SCT", "Morphologically abnormal structure");
    CodeSequenceMacro type = spec.massInsteadOfLesion ? CodeSequenceMacro("4147007", "SCT", "Mass")
                                                      : CodeSequenceMacro("52988006", "SCT", "Lesion");
    DcmSegment* raw = nullptr;
    const bool manual = spec.algorithmType == SegmentSpec::AlgorithmType::Manual;
    const std::string label = asciiStandIn(spec.label, "segment label '" + spec.label + "'");
    check<InputError>(DcmSegment::create(raw, label.c_str(), category, type, algoType(spec.algorithmType),
                                         manual ? "" : spec.algorithmName.c_str()),
                      "segment '" + spec.label + "'");
    std::unique_ptr<DcmSegment> seg(raw);
    if (!spec.description.empty())
        check<InputError>(seg->setSegmentDescription(asciiStandIn(spec.description, "segment description").c_str()),
                          "segment description of '" + spec.label + "'");
    const auto lab = rgbToDicomLab(spec.rgb);
    check(seg->setRecommendedDisplayCIELabValue(lab[0], lab[1], lab[2]), "segment colour");
    check(seg->getGeneralAnatomyCode().getAnatomicRegion().set("10200004", "SCT", "Liver"), "anatomic region");
    if (!manual && !spec.algorithmVersion.empty()) {
        AlgorithmIdentificationMacro algo;
        // CID 7162: an automatic network is "Artificial Intelligence", a user-guided one too.
        check(algo.getAlgorithmFamilyCode().set("123110", "DCM", "Artificial Intelligence"), "algorithm family");
        check(algo.setAlgorithmName(spec.algorithmName.c_str()), "algorithm name");
        check(algo.setAlgorithmVersion(spec.algorithmVersion.c_str()), "algorithm version");
        check(seg->setSegmentationAlgorithmIdentification(algo), "algorithm identification");
    }
    return seg.release();
}

// Fills frame (rows x columns, 0/1) for segment s on slice k; returns the pixels set.
using FrameFill = std::function<std::size_t(std::size_t s, std::size_t k, Uint8* frame)>;

void writeSeg(const SeriesInfo& source, const std::vector<SegmentSpec>& segments, const FrameFill& fill, const fs::path& out,
              const SegExportOptions& options) {
    detail::ensureDcmtkCodecs();
    const Geometry& g = source.geometry;
    const std::size_t nx = g.size[0], ny = g.size[1], nz = g.size[2], n = nx * ny;

    // Voxels per segment and slice, on slices that have a source image.
    std::vector<Uint8> frame(n);
    std::vector<std::vector<std::size_t>> counts(segments.size(), std::vector<std::size_t>(nz, 0));
    for (std::size_t s = 0; s < segments.size(); ++s)
        for (std::size_t k = 0; k < nz; ++k)
            if (!source.slices[k].path.empty()) counts[s][k] = fill(s, k, frame.data());  // a missing slice has nothing to reference
    std::vector<std::size_t> totals(segments.size(), 0);
    for (std::size_t s = 0; s < segments.size(); ++s)
        for (std::size_t c : counts[s]) totals[s] += c;
    if (std::all_of(totals.begin(), totals.end(), [](std::size_t t) { return t == 0; })) {
        std::string values;
        for (const auto& s : segments) values += (values.empty() ? "'" : ", '") + s.label + "'";
        throw InputError("nothing to export: every segment is empty (segments " + values +
                         " have no voxel on a slice of the source series); no file written");
    }

    // The document.
    IODGeneralEquipmentModule::EquipmentInfo equipment("LSMS Viewer", "LSMS Viewer", "0", kVersion);
    const std::string description = asciiStandIn(options.seriesDescription, "the series description");
    ContentIdentificationMacro content("1", options.contentLabel.c_str(), description.c_str(), options.contentCreator.c_str());
    DcmSegmentation* raw = nullptr;
    check<InputError>(DcmSegmentation::createBinarySegmentation(raw, Uint16(ny), Uint16(nx), equipment, content),
                      "cannot create the segmentation (content label must be upper case, at most 16 characters)");
    std::unique_ptr<DcmSegmentation> doc(raw);

    const SliceRef* firstFile = nullptr;
    for (const auto& s : source.slices)
        if (!s.path.empty()) {
            firstFile = &s;
            break;
        }
    check(doc->importFromSourceImage(firstFile->path.c_str()), "cannot read patient and study from " + firstFile->path.string());
    if (!source.metadata.frameOfReferenceUid.empty())
        check(doc->getFrameOfReference().setFrameOfReferenceUID(source.metadata.frameOfReferenceUid.c_str()), "frame of reference");
    OFString forUid;
    doc->getFrameOfReference().getFrameOfReferenceUID(forUid);
    if (forUid.empty()) throw InputError("the source series has no Frame of Reference UID: its positions cannot be referenced");
    check(doc->setEquipmentInfo(equipment), "equipment");
    // Segment labels and descriptions are the reader's words ("Läsion",
    // "lésion du segment VIII"): UTF-8, declared before dcmiod checks them.
    // The patient and study are copied in UTF-8 too (copyPatientStudy).
    check(doc->getSOPCommon().setSpecificCharacterSet("ISO_IR 192"), "character set");
    check(doc->getSeries().setSeriesInstanceUID(
              (options.seriesInstanceUid.empty() ? newUid(SITE_SERIES_UID_ROOT) : options.seriesInstanceUid).c_str()),
          "series instance UID");
    check(doc->getSOPCommon().setSOPInstanceUID(
              (options.sopInstanceUid.empty() ? newUid(SITE_INSTANCE_UID_ROOT) : options.sopInstanceUid).c_str()),
          "SOP instance UID");
    check(doc->getSeries().setSeriesNumber(std::to_string(options.seriesNumber).c_str()), "series number");
    if (!options.seriesDescription.empty())
        check(doc->getSeries().setSeriesDescription(description.c_str()), "series description");

    // Referenced Series Sequence: every source image.
    {
        auto* item = new IODSeriesAndInstanceReferenceMacro::ReferencedSeriesItem();
        doc->getCommonInstanceReference().getReferencedSeriesItems().push_back(item);
        check(item->setSeriesInstanceUID(source.metadata.seriesInstanceUid.c_str()), "referenced series UID");
        std::set<std::string> done;
        for (const auto& s : source.slices)
            if (!s.path.empty() && done.insert(s.sopInstanceUid).second)
                check(item->addReference(s.sopClassUid.c_str(), s.sopInstanceUid.c_str()), "referenced instance");
    }

    for (std::size_t s = 0; s < segments.size(); ++s) {
        Uint16 number = 0;
        check(doc->addSegment(makeSegment(segments[s]), number), "cannot add segment '" + segments[s].label + "'");
        if (number != s + 1) throw IoError("unexpected segment numbering in DCMTK");
    }

    // Shared functional groups.
    const Vec3& r = g.direction[0];
    const Vec3& c = g.direction[1];
    std::unique_ptr<FGPlaneOrientationPatient> orient(FGPlaneOrientationPatient::createMinimal(
        decimalString(r[0]).c_str(), decimalString(r[1]).c_str(), decimalString(r[2]).c_str(), decimalString(c[0]).c_str(),
        decimalString(c[1]).c_str(), decimalString(c[2]).c_str()));
    if (!orient) throw IoError("cannot create the plane orientation");
    check(doc->addForAllFrames(*orient), "plane orientation");
    FGPixelMeasures measures;
    check(measures.setPixelSpacing((decimalString(g.spacing[1]) + "\\" + decimalString(g.spacing[0])).c_str()), "pixel spacing");
    check(measures.setSliceThickness(decimalString(source.sliceThicknessMm > 0 ? source.sliceThicknessMm : g.spacing[2]).c_str()),
          "slice thickness");
    check(measures.setSpacingBetweenSlices(decimalString(g.spacing[2]).c_str()), "spacing between slices");
    check(doc->addForAllFrames(measures), "pixel measures");

    // Dimensions: segment, then position.
    const std::string dimUid = newUid(SITE_INSTANCE_UID_ROOT);
    IODMultiframeDimensionModule& dims = doc->getDimensions();
    check(dims.addDimensionIndex(DCM_ReferencedSegmentNumber, dimUid.c_str(), DCM_SegmentIdentificationSequence,
                                 "ReferencedSegmentNumber"),
          "dimension index");
    check(dims.addDimensionIndex(DCM_ImagePositionPatient, dimUid.c_str(), DCM_PlanePositionSequence, "ImagePositionPatient"),
          "dimension index");

    // Frames: per segment, slices in order along the normal.
    std::map<std::string, int> sopUse;
    for (const auto& s : source.slices)
        if (!s.path.empty()) ++sopUse[s.sopInstanceUid];
    std::size_t framesAdded = 0;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const Uint16 number = Uint16(s + 1);
        std::size_t firstSlice = nz;
        for (std::size_t k = 0; k < nz && firstSlice == nz; ++k)
            if (!source.slices[k].path.empty()) firstSlice = k;
        for (std::size_t k = 0; k < nz; ++k) {
            const SliceRef& ref = source.slices[k];
            if (ref.path.empty()) continue;
            // An empty segment keeps one (empty) frame so that it stays in the object.
            const bool keep = counts[s][k] > 0 || options.keepEmptyFrames || (totals[s] == 0 && k == firstSlice);
            if (!keep) continue;
            fill(s, k, frame.data());

            const Vec3 pos = g.indexToWorld({0, 0, double(k)});
            std::unique_ptr<FGPlanePosPatient> planePos(FGPlanePosPatient::createMinimal(
                decimalString(pos[0]).c_str(), decimalString(pos[1]).c_str(), decimalString(pos[2]).c_str()));
            FGFrameContent content;
            check(content.setDimensionIndexValues(number, 0), "dimension index values");
            check(content.setDimensionIndexValues(Uint32(k + 1), 1), "dimension index values");
            FGSegmentation segFg;
            check(segFg.setReferencedSegmentNumber(number), "referenced segment number");
            ImageSOPInstanceReferenceMacro src;
            check(src.setReferencedSOPClassUID(ref.sopClassUid.c_str()), "source SOP class");
            check(src.setReferencedSOPInstanceUID(ref.sopInstanceUid.c_str()), "source SOP instance");
            if (sopUse[ref.sopInstanceUid] > 1) check(src.addReferencedFrameNumber(Uint16(ref.frame + 1)), "source frame");
            OFVector<ImageSOPInstanceReferenceMacro> sources;
            sources.push_back(src);
            std::unique_ptr<FGDerivationImage> derivation(DcmSegmentation::createDerivationImageFG(sources, ""));
            if (!planePos || !derivation) throw IoError("cannot create per-frame functional groups");
            OFVector<FGBase*> perFrame;
            perFrame.push_back(planePos.get());
            perFrame.push_back(&content);
            perFrame.push_back(&segFg);
            perFrame.push_back(derivation.get());
            check(doc->addFrame(frame.data(), number, perFrame), "cannot add a frame");
            ++framesAdded;
        }
    }
    if (framesAdded == 0) throw InputError("nothing to export: no frame to write");

    // The SEG belongs to exactly the source's patient and study: every attribute of
    // their modules, not only those DCMTK's import knows.
    DcmFileFormat file;
    check(doc->writeDataset(*file.getDataset()), "cannot encode the segmentation");
    DcmFileFormat sourceImage = detail::readSourceInUtf8(firstFile->path);
    detail::copyPatientStudy(*sourceImage.getDataset(), *file.getDataset());  // declares ISO_IR 192
    DcmDataset& written = *file.getDataset();
    putWords(written, DCM_ContentDescription, options.seriesDescription);
    if (!options.seriesDescription.empty()) putWords(written, DCM_SeriesDescription, options.seriesDescription);
    for (std::size_t s = 0; s < segments.size(); ++s) {
        DcmItem* item = nullptr;
        if (written.findAndGetSequenceItem(DCM_SegmentSequence, item, long(s)).bad() || !item)
            throw IoError("the written SEG lacks segment " + std::to_string(s + 1));
        putWords(*item, DCM_SegmentLabel, segments[s].label);
        putWords(*item, DCM_SegmentDescription, segments[s].description);
    }
    detail::saveAtomically(out, [&](const char* path) { return file.saveFile(path, EXS_LittleEndianExplicit); });
}

}  // namespace

void writeDicomSeg(const SeriesInfo& source, const LabelVolume& labels, const std::vector<SegmentSpec>& segments,
                   const fs::path& out, const SegExportOptions& options) {
    validate(source, segments, true);
    validateGrid(source, labels.geometry, labels.data.size(), "label volume");
    const std::size_t n = source.geometry.sliceVoxels();
    writeSeg(
        source, segments,
        [&](std::size_t s, std::size_t k, Uint8* frame) {
            const std::uint16_t* p = labels.slice(k);
            const std::uint16_t value = segments[s].labelValue;
            std::size_t count = 0;
            for (std::size_t v = 0; v < n; ++v) count += (frame[v] = p[v] == value ? 1 : 0);
            return count;
        },
        out, options);
}

void writeDicomSeg(const SeriesInfo& source, const std::vector<MaskVolume>& masks, const std::vector<SegmentSpec>& segments,
                   const fs::path& out, const SegExportOptions& options) {
    validate(source, segments, false);
    if (masks.size() != segments.size())
        throw InputError(std::to_string(masks.size()) + " masks for " + std::to_string(segments.size()) + " segments");
    for (const auto& m : masks) validateGrid(source, m.geometry, m.data.size(), "mask");
    const std::size_t n = source.geometry.sliceVoxels();
    writeSeg(
        source, segments,
        [&](std::size_t s, std::size_t k, Uint8* frame) {
            const std::uint8_t* p = masks[s].slice(k);
            std::size_t count = 0;
            for (std::size_t v = 0; v < n; ++v) count += (frame[v] = p[v] ? 1 : 0);
            return count;
        },
        out, options);
}

}  // namespace lsms
