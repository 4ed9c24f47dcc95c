// Reading a DICOM-SEG: header, segments, per-frame positions and frame masks.
#include "dicom_seg_load.h"

#include "dcmtk_init.h"
#include "dicom_seg_common.h"
#include "lsms/core/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fginterface.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace fs = std::filesystem;

namespace lsms::detail {

namespace {

std::string str(DcmItem& ds, const DcmTagKey& tag) {
    OFString v;
    if (ds.findAndGetOFStringArray(tag, v).good()) return v.c_str();
    return {};
}

SegCode code(CodeSequenceMacro& m) {
    OFString v, s, meaning;
    m.getCodeValue(v);
    m.getCodingSchemeDesignator(s);
    m.getCodeMeaning(meaning);
    return {v.c_str(), s.c_str(), meaning.c_str()};
}

// Real files sometimes lack NumberOfFrames (type 1): infer it from the pixel data.
void inferNumberOfFrames(DcmDataset& ds, SegInfo& info) {
    Sint32 nf = 0;
    if (ds.findAndGetSint32(DCM_NumberOfFrames, nf).good() && nf > 0) return;
    Uint16 rows = 0, cols = 0, bits = 0;
    ds.findAndGetUint16(DCM_Rows, rows);
    ds.findAndGetUint16(DCM_Columns, cols);
    ds.findAndGetUint16(DCM_BitsAllocated, bits);
    DcmElement* pixel = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, pixel).bad() || !pixel) throw InputError("the segmentation has no pixel data");
    if (rows == 0 || cols == 0 || (bits != 1 && bits != 8))
        throw InputError("the segmentation has no valid Rows, Columns or BitsAllocated");
    const std::size_t bytes = pixel->getLength();
    const std::size_t bitsPerFrame = std::size_t(rows) * cols * bits;
    const std::size_t frames = bytes * 8 / bitsPerFrame;
    if (frames == 0) throw InputError("the segmentation's pixel data holds less than one frame");
    check<InputError>(ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str()), "NumberOfFrames");
    info.warnings.push_back("NumberOfFrames is missing: " + std::to_string(frames) + " frame(s) inferred from the pixel data length (" +
                            std::to_string(bytes) + " bytes)");
}

Vec3 orientationRow(FGPlaneOrientationPatient& o, Vec3& column) {
    Float64 v[6] = {1, 0, 0, 0, 1, 0};
    check<InputError>(o.getImageOrientationPatient(v[0], v[1], v[2], v[3], v[4], v[5]), "ImageOrientationPatient");
    column = {v[3], v[4], v[5]};
    return {v[0], v[1], v[2]};
}

}  // namespace

std::vector<std::uint8_t> LoadedSeg::mask(std::size_t f) const {
    const std::size_t n = info.rows * info.columns;
    const DcmIODTypes::Frame* frame = doc->getFrame(f);
    if (!frame || !frame->pixData) throw InputError("frame " + std::to_string(f + 1) + " has no pixel data");
    std::vector<std::uint8_t> out(n, 0);
    if (info.segmentationType == "BINARY") {
        std::unique_ptr<DcmIODTypes::Frame> unpacked(DcmSegUtils::unpackBinaryFrame(frame, Uint16(info.rows), Uint16(info.columns)));
        if (!unpacked || unpacked->length < n) throw InputError("frame " + std::to_string(f + 1) + " cannot be unpacked");
        for (std::size_t v = 0; v < n; ++v) out[v] = unpacked->pixData[v] ? 1 : 0;
    } else {
        if (frame->length < n) throw InputError("frame " + std::to_string(f + 1) + " is too short");
        const int maxValue = std::max(1, info.maxFractionalValue);
        for (std::size_t v = 0; v < n; ++v) out[v] = frame->pixData[v] > 0 && 2 * int(frame->pixData[v]) >= maxValue ? 1 : 0;
    }
    return out;
}

LoadedSeg loadSeg(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw IoError("no such file: " + path.string());
    ensureDcmtkCodecs();
    DcmFileFormat ff;
    check<InputError>(ff.loadFile(path.c_str()), "cannot read " + path.string() + " as DICOM");
    ff.loadAllDataIntoMemory();
    DcmDataset& ds = *ff.getDataset();
    const std::string sopClass = str(ds, DCM_SOPClassUID);
    if (sopClass != UID_SegmentationStorage)
        throw InputError(path.string() + " is not a DICOM Segmentation (SOP class " +
                         (sopClass.empty() ? std::string("missing") : dcmFindNameOfUID(sopClass.c_str(), sopClass.c_str())) + ")");

    LoadedSeg seg;
    SegInfo& info = seg.info;
    inferNumberOfFrames(ds, info);
    DcmSegmentation* raw = nullptr;
    const OFCondition loaded = DcmSegmentation::loadDataset(ds, raw);
    if (loaded.bad() || !raw) {
        delete raw;
        throw InputError("cannot read the segmentation " + path.string() + ": " + loaded.text());
    }
    seg.doc.reset(raw);
    DcmSegmentation& doc = *raw;

    info.sopInstanceUid = str(ds, DCM_SOPInstanceUID);
    info.seriesInstanceUid = str(ds, DCM_SeriesInstanceUID);
    info.studyInstanceUid = str(ds, DCM_StudyInstanceUID);
    info.patientName = str(ds, DCM_PatientName);
    info.patientId = str(ds, DCM_PatientID);
    info.seriesDescription = str(ds, DCM_SeriesDescription);
    info.frameOfReferenceUid = str(ds, DCM_FrameOfReferenceUID);
    Uint16 rows = 0, cols = 0, maxFrac = 0;
    ds.findAndGetUint16(DCM_Rows, rows);
    ds.findAndGetUint16(DCM_Columns, cols);
    info.rows = rows;
    info.columns = cols;
    switch (doc.getSegmentationType()) {
    case DcmSegTypes::ST_BINARY: info.segmentationType = "BINARY"; break;
    case DcmSegTypes::ST_FRACTIONAL:
        info.segmentationType = "FRACTIONAL";
        ds.findAndGetUint16(DCM_MaximumFractionalValue, maxFrac);
        info.maxFractionalValue = maxFrac;
        if (maxFrac == 0) throw InputError("FRACTIONAL segmentation without MaximumFractionalValue");
        break;
    default: throw InputError("unsupported segmentation type '" + str(ds, DCM_SegmentationType) + "'");
    }
    auto& refSeries = doc.getCommonInstanceReference().getReferencedSeriesItems();
    if (!refSeries.empty()) {
        OFString uid;
        refSeries.front()->getSeriesInstanceUID(uid);
        info.referencedSeriesUid = uid.c_str();
    }

    // Segments, by their number.
    std::map<std::uint16_t, std::size_t> segIndex;
    for (std::size_t number = 1; number <= doc.getNumberOfSegments(); ++number) {
        DcmSegment* s = doc.getSegment(number);
        if (!s) continue;
        SegSegmentInfo si;
        si.number = Uint16(number);
        OFString v;
        if (s->getSegmentLabel(v).good()) si.label = v.c_str();
        if (s->getSegmentDescription(v).good()) si.description = v.c_str();
        si.algorithmType = DcmSegTypes::algoType2OFString(s->getSegmentAlgorithmType()).c_str();
        if (s->getSegmentAlgorithmName(v).good()) si.algorithmName = v.c_str();
        if (s->getSegmentationAlgorithmIdentification().getAlgorithmVersion(v).good()) si.algorithmVersion = v.c_str();
        si.category = code(s->getSegmentedPropertyCategoryCode());
        si.type = code(s->getSegmentedPropertyTypeCode());
        si.anatomicRegion = code(s->getGeneralAnatomyCode().getAnatomicRegion());
        Uint16 L = 0, a = 0, b = 0;
        if (s->getRecommendedDisplayCIELabValue(L, a, b).good()) {
            si.hasCielab = true;
            si.cielab = {L, a, b};
        }
        segIndex[si.number] = info.segments.size();
        info.segments.push_back(si);
    }
    if (info.segments.empty()) throw InputError("the segmentation has no segments");
    info.voxelsPerSegment.assign(info.segments.size(), 0);

    // Frames and their functional groups.
    FGInterface& fg = doc.getFunctionalGroups();
    // Frames of pixel data actually held (DCMTK's frame count follows the functional groups).
    std::size_t nFrames = 0;
    while (doc.getFrame(nFrames)) ++nFrames;
    const std::size_t nFg = fg.getNumberOfFrames();
    if (nFg != nFrames) {
        info.warnings.push_back(std::to_string(nFrames) + " frame(s) of pixel data but " + std::to_string(nFg) +
                                " per-frame functional group item(s): using the first " + std::to_string(std::min(nFrames, nFg)));
        nFrames = std::min(nFrames, nFg);
    }
    for (std::size_t f = 0; f < nFrames; ++f) {
        const Uint32 fn = Uint32(f);
        const std::string which = "frame " + std::to_string(f + 1);
        auto* orient = dynamic_cast<FGPlaneOrientationPatient*>(fg.get(fn, DcmFGTypes::EFG_PLANEORIENTPATIENT));
        if (!orient) throw InputError(which + " has no plane orientation");
        Vec3 col;
        const Vec3 row = orientationRow(*orient, col);
        if (f == 0) {
            info.rowDirection = row;
            info.columnDirection = col;
            if (auto* pm = dynamic_cast<FGPixelMeasures*>(fg.get(fn, DcmFGTypes::EFG_PIXELMEASURES))) {
                Float64 v = 0;
                if (pm->getPixelSpacing(v, 0).good()) info.rowSpacingMm = v;
                if (pm->getPixelSpacing(v, 1).good()) info.columnSpacingMm = v;
                if (pm->getSliceThickness(v).good()) info.sliceThicknessMm = v;
                if (pm->getSpacingBetweenSlices(v).good()) info.spacingBetweenSlicesMm = v;
            } else {
                info.warnings.push_back("no pixel measures: 1 mm pixels assumed");
            }
        } else if (norm(row - info.rowDirection) > 1e-4 || norm(col - info.columnDirection) > 1e-4) {
            throw InputError(which + " has another orientation than frame 1: frames of mixed orientation are not supported");
        }
        SegFrameInfo fi;
        auto* pos = dynamic_cast<FGPlanePosPatient*>(fg.get(fn, DcmFGTypes::EFG_PLANEPOSPATIENT));
        if (!pos) throw InputError(which + " has no plane position");
        Float64 x = 0, y = 0, z = 0;
        check<InputError>(pos->getImagePositionPatient(x, y, z), which + " ImagePositionPatient");
        fi.position = {x, y, z};
        auto* segFg = dynamic_cast<FGSegmentation*>(fg.get(fn, DcmFGTypes::EFG_SEGMENTATION));
        Uint16 number = 0;
        if (!segFg || segFg->getReferencedSegmentNumber(number).bad()) throw InputError(which + " names no segment");
        if (!segIndex.count(number)) throw InputError(which + " refers to segment " + std::to_string(number) + ", which does not exist");
        fi.segmentNumber = number;
        if (auto* der = dynamic_cast<FGDerivationImage*>(fg.get(fn, DcmFGTypes::EFG_DERIVATIONIMAGE))) {
            auto& items = der->getDerivationImageItems();
            if (!items.empty() && !items.front()->getSourceImageItems().empty()) {
                OFString uid;
                items.front()->getSourceImageItems().front()->getImageSOPInstanceReference().getReferencedSOPInstanceUID(uid);
                fi.sourceSopInstanceUid = uid.c_str();
            }
        }
        info.frames.push_back(fi);
    }
    for (std::size_t f = 0; f < info.frames.size(); ++f) {
        const auto m = seg.mask(f);
        info.frames[f].voxels = std::size_t(std::count(m.begin(), m.end(), std::uint8_t(1)));
        info.voxelsPerSegment[segIndex[info.frames[f].segmentNumber]] += info.frames[f].voxels;
    }
    return seg;
}

}  // namespace lsms::detail

namespace lsms {

SegInfo readDicomSeg(const std::filesystem::path& path) { return detail::loadSeg(path).info; }

}  // namespace lsms
