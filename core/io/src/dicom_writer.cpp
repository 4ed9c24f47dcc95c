#include "lsms/io/dicom_writer.h"

#include "lsms/core/error.h"
#include "dicom_save.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace fs = std::filesystem;

namespace lsms {

namespace {

std::string ds(double v) {
    // DICOM DS: at most 16 characters.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    std::string s = buf;
    if (s.size() > 16) {
        std::snprintf(buf, sizeof buf, "%.6g", v);
        s = buf;
    }
    return s;
}

std::string multi(std::initializer_list<double> vs) {
    std::string s;
    for (double v : vs) s += (s.empty() ? "" : "\\") + ds(v);
    return s;
}

void put(DcmDataset& d, const DcmTagKey& tag, const std::string& v) {
    if (d.putAndInsertString(tag, v.c_str()).bad()) throw IoError("cannot set DICOM attribute " + DcmTag(tag).toString().substr(0));
}

}  // namespace

std::vector<fs::path> writeDicomSeries(const CtVolume& vol, const SeriesMetadata& m, const fs::path& dir,
                                       const SeriesWriteOptions& opt) {
    const Geometry& g = vol.geometry;
    if (g.voxelCount() == 0 || vol.data.size() != g.voxelCount()) throw InputError("cannot write an empty volume");
    if (g.size[0] > 65535 || g.size[1] > 65535) throw InputError("image too large for DICOM");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw IoError("cannot create folder " + dir.string() + ": " + ec.message());
    const bool ct = m.modality == "CT";
    const double intercept = ct ? -1024.0 : 0.0;
    const std::size_t nk = g.size[2];
    std::vector<fs::path> files;
    std::vector<float> hu;
    for (std::size_t k = 0; k < nk; ++k) {
        DcmFileFormat ff;
        DcmDataset& d = *ff.getDataset();
        const int instance = int(opt.numberFromLastSlice ? nk - k : k + 1);
        const std::string sopClass = ct ? UID_CTImageStorage : UID_MRImageStorage;
        const std::string sopInstance = m.seriesInstanceUid + "." + std::to_string(k + 1);
        put(d, DCM_SpecificCharacterSet, "ISO_IR 192");
        put(d, DCM_SOPClassUID, sopClass);
        put(d, DCM_SOPInstanceUID, sopInstance.size() <= 64 ? sopInstance : uidFromKey(sopInstance));
        put(d, DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
        put(d, DCM_StudyDate, m.studyDate);
        put(d, DCM_StudyTime, m.studyTime);
        put(d, DCM_ContentDate, m.studyDate);
        put(d, DCM_ContentTime, m.studyTime);
        put(d, DCM_AccessionNumber, m.accessionNumber);
        put(d, DCM_Modality, m.modality);
        put(d, DCM_Manufacturer, m.manufacturer);
        put(d, DCM_ReferringPhysicianName, "");
        put(d, DCM_StudyDescription, m.studyDescription);
        put(d, DCM_SeriesDescription, m.seriesDescription);
        put(d, DCM_PatientName, m.patientName);
        put(d, DCM_PatientID, m.patientId);
        put(d, DCM_PatientBirthDate, m.patientBirthDate);
        put(d, DCM_PatientSex, m.patientSex);
        if (ct) put(d, DCM_KVP, "120");
        put(d, DCM_SliceThickness, ds(opt.sliceThicknessMm > 0 ? opt.sliceThicknessMm : g.spacing[2]));
        put(d, DCM_StudyInstanceUID, m.studyInstanceUid);
        put(d, DCM_SeriesInstanceUID, m.seriesInstanceUid);
        put(d, DCM_StudyID, "1");
        put(d, DCM_SeriesNumber, std::to_string(m.seriesNumber));
        put(d, DCM_Laterality, "");
        put(d, DCM_PatientPosition, "HFS");
        put(d, DCM_AcquisitionNumber, "1");
        put(d, DCM_InstanceNumber, std::to_string(instance));
        const Vec3 pos = g.indexToWorld({0, 0, double(k)});
        put(d, DCM_ImagePositionPatient, multi({pos[0], pos[1], pos[2]}));
        const Vec3& r = g.direction[0];
        const Vec3& c = g.direction[1];
        put(d, DCM_ImageOrientationPatient, multi({r[0], r[1], r[2], c[0], c[1], c[2]}));
        put(d, DCM_FrameOfReferenceUID, m.frameOfReferenceUid);
        put(d, DCM_PositionReferenceIndicator, "");
        put(d, DCM_SliceLocation, ds(dot(pos, normalized(cross(r, c)))));
        d.putAndInsertUint16(DCM_SamplesPerPixel, 1);
        put(d, DCM_PhotometricInterpretation, "MONOCHROME2");
        d.putAndInsertUint16(DCM_Rows, Uint16(g.size[1]));
        d.putAndInsertUint16(DCM_Columns, Uint16(g.size[0]));
        put(d, DCM_PixelSpacing, multi({g.spacing[1], g.spacing[0]}));
        d.putAndInsertUint16(DCM_BitsAllocated, 16);
        d.putAndInsertUint16(DCM_BitsStored, 16);
        d.putAndInsertUint16(DCM_HighBit, 15);
        d.putAndInsertUint16(DCM_PixelRepresentation, ct ? 0 : 1);
        if (ct) {
            put(d, DCM_WindowCenter, "60");
            put(d, DCM_WindowWidth, "400");
            put(d, DCM_WindowCenterWidthExplanation, "LIVER");
        }
        put(d, DCM_RescaleIntercept, ds(intercept));
        put(d, DCM_RescaleSlope, "1");
        if (ct) put(d, DCM_RescaleType, "HU");
        const std::size_t n = g.sliceVoxels();
        std::vector<Uint16> px(n);
        const float* src = vol.sliceHu(k, hu);
        for (std::size_t i = 0; i < n; ++i) {
            const double v = std::round(double(src[i]) - intercept);
            px[i] = ct ? Uint16(std::clamp(v, 0.0, 65535.0)) : Uint16(Sint16(std::clamp(v, -32768.0, 32767.0)));
        }
        d.putAndInsertUint16Array(DCM_PixelData, px.data(), unsigned(n));

        char name[64];
        std::snprintf(name, sizeof name, "%s%04zu.dcm", opt.filePrefix.c_str(), k + 1);
        const fs::path final = dir / name;
        // A written series is made again from its phantom at will: no sync per slice.
        detail::saveAtomically(
            final, [&](const char* path) { return ff.saveFile(path, EXS_LittleEndianExplicit); }, false);
        files.push_back(final);
    }
    return files;
}

}  // namespace lsms
