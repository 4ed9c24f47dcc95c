#include "dicom_decode.h"

#include "dcmtk_init.h"
#include "lsms/core/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <gdcmImage.h>
#include <gdcmImageReader.h>

#include <cmath>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <vector>

namespace lsms::detail {

namespace {

struct PixelFormat {
    int bitsAllocated = 16, bitsStored = 16, highBit = 15;
    bool isSigned = false;
};

// Converts stored samples to float with the modality rescale. Handles
// BitsStored < BitsAllocated (masking and sign extension) as the standard asks.
template <typename Raw>
void convert(const Raw* src, std::size_t n, const PixelFormat& pf, double slope, double intercept, float* out) {
    const int shift = pf.highBit + 1 - pf.bitsStored;
    const std::uint32_t mask = pf.bitsStored >= 32 ? 0xffffffffu : ((1u << pf.bitsStored) - 1u);
    const bool plain = shift == 0 && pf.bitsStored == int(8 * sizeof(Raw));
    const float fs = float(slope), fi = float(intercept);
    if (plain && !pf.isSigned) {
        for (std::size_t i = 0; i < n; ++i) out[i] = float(src[i]) * fs + fi;
    } else if (plain) {
        using S = std::make_signed_t<Raw>;
        for (std::size_t i = 0; i < n; ++i) out[i] = float(static_cast<S>(src[i])) * fs + fi;
    } else {
        const std::uint32_t signBit = 1u << (pf.bitsStored - 1);
        for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t v = (std::uint32_t(src[i]) >> shift) & mask;
            std::int64_t sv = v;
            if (pf.isSigned && (v & signBit)) sv = std::int64_t(v) - (std::int64_t(1) << pf.bitsStored);
            out[i] = float(double(sv) * slope + intercept);
        }
    }
}

void convertBytes(const unsigned char* bytes, std::size_t n, const PixelFormat& pf, double slope, double intercept, float* out) {
    if (pf.bitsAllocated == 8) {
        convert(bytes, n, pf, slope, intercept, out);
    } else {
        std::vector<std::uint16_t> tmp(n);  // alignment-safe copy of little-endian samples
        std::memcpy(tmp.data(), bytes, n * 2);
        convert(tmp.data(), n, pf, slope, intercept, out);
    }
}

std::string xferName(const std::string& uid) {
    DcmXfer x(uid.c_str());
    return std::string(x.getXferName()) + " (" + uid + ")";
}

// JPEG 2000 and other syntaxes DCMTK's free codecs lack: GDCM (a Debian
// library, with OpenJPEG) decodes them.
bool decodeWithGdcm(const std::filesystem::path& file, std::size_t n, const PixelFormat& pf, double slope, double intercept,
                    float* out) {
    gdcm::ImageReader reader;
    reader.SetFileName(file.c_str());
    if (!reader.Read()) return false;
    const gdcm::Image& img = reader.GetImage();
    std::vector<char> buf(img.GetBufferLength());
    if (!img.GetBuffer(buf.data())) return false;
    const std::size_t bytes = pf.bitsAllocated == 8 ? n : 2 * n;
    if (buf.size() < bytes) return false;
    convertBytes(reinterpret_cast<const unsigned char*>(buf.data()), n, pf, slope, intercept, out);
    return true;
}

}  // namespace

void imageSize(const std::filesystem::path& file, int& rows, int& cols) {
    ensureDcmtkCodecs();
    DcmFileFormat ff;
    if (ff.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 4096).bad())
        throw InputError("not a readable DICOM file: " + file.string());
    Uint16 r = 0, c = 0;
    ff.getDataset()->findAndGetUint16(DCM_Rows, r);
    ff.getDataset()->findAndGetUint16(DCM_Columns, c);
    if (r == 0 || c == 0) throw InputError("no image in " + file.string());
    rows = r;
    cols = c;
}

DecodedInfo decodeFileInto(const std::filesystem::path& file, float* out, int expectRows, int expectCols, int frames,
                           const std::string& expectSopInstanceUid) {
    ensureDcmtkCodecs();
    DcmFileFormat ff;
    const std::string name = file.filename().string();
    if (const OFCondition read = ff.loadFile(file.c_str()); read.bad()) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec))
            throw IoError(name + " was removed from disk after the folder was scanned (" + file.string() +
                          "): scan the folder again");
        throw InputError("cannot read DICOM file " + file.string() + ": " + read.text());
    }
    DcmDataset& ds = *ff.getDataset();
    if (!expectSopInstanceUid.empty()) {
        OFString uid;
        ds.findAndGetOFString(DCM_SOPInstanceUID, uid);
        if (expectSopInstanceUid != uid.c_str())
            throw InputError(name + " changed on disk after the folder was scanned: it now holds another image (SOP Instance UID \"" +
                             std::string(uid.c_str()) + "\", scanned \"" + expectSopInstanceUid + "\"); scan the folder again");
    }
    DecodedInfo info;
    Uint16 r = 0, c = 0, spp = 1, ba = 0, bs = 0, hb = 0, rep = 0;
    ds.findAndGetUint16(DCM_Rows, r);
    ds.findAndGetUint16(DCM_Columns, c);
    ds.findAndGetUint16(DCM_SamplesPerPixel, spp);
    ds.findAndGetUint16(DCM_BitsAllocated, ba);
    ds.findAndGetUint16(DCM_PixelRepresentation, rep);
    if (ds.findAndGetUint16(DCM_BitsStored, bs).bad()) bs = ba;
    if (ds.findAndGetUint16(DCM_HighBit, hb).bad()) hb = Uint16(bs - 1);
    info.rows = r;
    info.cols = c;
    if (r == 0 || c == 0) throw InputError(name + ": no image (Rows/Columns missing)");
    if ((expectRows > 0 && expectRows != r) || (expectCols > 0 && expectCols != c))
        throw InputError(name + ": image size changed since the folder was scanned");
    if (spp != 1) throw InputError(name + ": colour images (SamplesPerPixel " + std::to_string(spp) + ") are not supported");
    if (ba != 8 && ba != 16) throw InputError(name + ": BitsAllocated " + std::to_string(ba) + " is not supported");
    if (bs == 0 || bs > ba || hb >= ba || hb + 1 < bs) throw InputError(name + ": inconsistent BitsStored/HighBit");
    // Each file's own rescale (slopes may differ from slice to slice). A value
    // that is there but not a finite number is refused, not taken as 1 or 0:
    // the slice would silently hold other values than its neighbours.
    auto rescale = [&](const DcmTagKey& tag, const char* what, double& value) {
        OFString text;
        if (ds.findAndGetOFStringArray(tag, text).bad() || text.empty()) return;
        Float64 v = 0;
        if (ds.findAndGetFloat64(tag, v).bad() || !std::isfinite(v))
            throw InputError(name + ": " + what + " \"" + text.c_str() + "\" is not a finite number");
        value = v;
    };
    rescale(DCM_RescaleSlope, "RescaleSlope", info.slope);
    rescale(DCM_RescaleIntercept, "RescaleIntercept", info.intercept);
    if (info.slope == 0) throw InputError(name + ": RescaleSlope is 0");
    PixelFormat pf{ba, bs, hb, rep == 1};
    const std::size_t n = std::size_t(r) * c * std::size_t(std::max(frames, 1));

    const E_TransferSyntax xfer = ds.getOriginalXfer();
    const std::string xferUid = DcmXfer(xfer).getXferID();
    if (DcmXfer(xfer).isEncapsulated()) {
        if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit)) {
            if (decodeWithGdcm(file, n, pf, info.slope, info.intercept, out)) return info;
            throw UnsupportedTransferSyntax(name + ": unsupported transfer syntax " + xferName(xferUid) +
                                            ": no available decoder");
        }
    }
    DcmElement* px = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, px).bad() || !px) throw InputError(name + ": no pixel data");
    if (ba == 8) {
        Uint8* p = nullptr;
        if (px->getUint8Array(p).bad() || !p || px->getLength() < n) throw InputError(name + ": pixel data is truncated");
        convert(p, n, pf, info.slope, info.intercept, out);
    } else {
        Uint16* p = nullptr;
        if (px->getUint16Array(p).bad() || !p || px->getLength() < 2 * n) throw InputError(name + ": pixel data is truncated");
        convert(p, n, pf, info.slope, info.intercept, out);
    }
    return info;
}

}  // namespace lsms::detail
