#include "dicom_decode.h"

#include "dcmtk_init.h"
#include "lsms/core/ct_volume.h"
#include "lsms/core/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfcache.h>
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

namespace {

// What a file's header says about its pixels, checked against what the scan saw.
struct OpenedImage {
    DcmFileFormat ff;
    std::string name;
    DecodedInfo info;
    PixelFormat pf;
    std::size_t n = 0;  // samples to decode
};

// Loads the header (DCMTK leaves the pixel data on disk until it is asked for)
// and checks it. `out` is filled in place because DcmFileFormat cannot move.
void openImage(const std::filesystem::path& file, int expectRows, int expectCols, int frames,
               const std::string& expectSopInstanceUid, OpenedImage& out) {
    ensureDcmtkCodecs();
    DcmFileFormat& ff = out.ff;
    const std::string& name = out.name = file.filename().string();
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
    DecodedInfo& info = out.info;
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
    out.pf = PixelFormat{ba, bs, hb, rep == 1};
    out.n = std::size_t(r) * c * std::size_t(std::max(frames, 1));
}

// A rescale integer arithmetic can apply: with |slope| and |intercept| this
// small, value * slope + intercept stays within int32 for any 16-bit sample.
bool isWhole(double v) { return std::floor(v) == v && std::fabs(v) <= 16384.0; }

// Stored 16-bit samples, already in `out`, become HU in place. Integer
// arithmetic only, so the result is exact; false when a value is outside what
// int16 holds. The range is checked through the minimum and maximum so that
// the loops stay branch-free and vectorise.
template <typename Sample, typename ToValue>
bool rescaleInPlace(std::int16_t* out, std::size_t n, std::int32_t slope, std::int32_t intercept, ToValue value) {
    const auto* raw = reinterpret_cast<const Sample*>(out);
    std::int32_t lo = 0, hi = 0;
    if (n) lo = hi = value(raw[0]) * slope + intercept;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t hu = value(raw[i]) * slope + intercept;
        lo = std::min(lo, hu);
        hi = std::max(hi, hu);
        out[i] = std::int16_t(hu);
    }
    return lo >= -32768 && hi <= 32767;
}

bool samplesToHu(std::int16_t* out, std::size_t n, const PixelFormat& pf, std::int32_t slope, std::int32_t intercept) {
    const int shift = pf.highBit + 1 - pf.bitsStored;
    if (shift == 0 && pf.bitsStored == 16)
        return pf.isSigned ? rescaleInPlace<std::int16_t>(out, n, slope, intercept, [](std::int16_t v) { return std::int32_t(v); })
                           : rescaleInPlace<std::uint16_t>(out, n, slope, intercept, [](std::uint16_t v) { return std::int32_t(v); });
    const std::uint32_t mask = (1u << pf.bitsStored) - 1u;
    const std::int32_t signBit = std::int32_t(1u << (pf.bitsStored - 1));
    const bool isSigned = pf.isSigned;
    return rescaleInPlace<std::uint16_t>(out, n, slope, intercept, [=](std::uint16_t s) {
        const std::int32_t v = std::int32_t((std::uint32_t(s) >> shift) & mask);
        return isSigned ? (v ^ signBit) - signBit : v;  // sign extension of a bitsStored-bit value
    });
}

// Decodes an opened image to float, any transfer syntax DCMTK or GDCM reads.
void decodeOpened(OpenedImage& img, const std::filesystem::path& file, float* out) {
    const DecodedInfo& info = img.info;
    const PixelFormat& pf = img.pf;
    const std::size_t n = img.n;
    DcmDataset& ds = *img.ff.getDataset();
    const E_TransferSyntax xfer = ds.getOriginalXfer();
    if (DcmXfer(xfer).isEncapsulated()) {
        if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit)) {
            if (decodeWithGdcm(file, n, pf, info.slope, info.intercept, out)) return;
            throw UnsupportedTransferSyntax(img.name + ": unsupported transfer syntax " + xferName(DcmXfer(xfer).getXferID()) +
                                            ": no available decoder");
        }
    }
    DcmElement* px = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, px).bad() || !px) throw InputError(img.name + ": no pixel data");
    if (pf.bitsAllocated == 8) {
        Uint8* p = nullptr;
        if (px->getUint8Array(p).bad() || !p || px->getLength() < n) throw InputError(img.name + ": pixel data is truncated");
        convert(p, n, pf, info.slope, info.intercept, out);
    } else {
        Uint16* p = nullptr;
        if (px->getUint16Array(p).bad() || !p || px->getLength() < 2 * n)
            throw InputError(img.name + ": pixel data is truncated");
        convert(p, n, pf, info.slope, info.intercept, out);
    }
}

}  // namespace

DecodedInfo decodeFileInto(const std::filesystem::path& file, float* out, int expectRows, int expectCols, int frames,
                           const std::string& expectSopInstanceUid) {
    OpenedImage img;
    openImage(file, expectRows, expectCols, frames, expectSopInstanceUid, img);
    decodeOpened(img, file, out);
    return img.info;
}

Int16Decode decodeFileIntoInt16(const std::filesystem::path& file, std::int16_t* out, float* scratch, int expectRows,
                                int expectCols, const std::string& expectSopInstanceUid) {
    OpenedImage img;
    openImage(file, expectRows, expectCols, 1, expectSopInstanceUid, img);
    const DecodedInfo& info = img.info;
    DcmDataset& ds = *img.ff.getDataset();
    const bool native = !DcmXfer(ds.getOriginalXfer()).isEncapsulated();
    if (native && img.pf.bitsAllocated == 16 && isWhole(info.slope) && isWhole(info.intercept)) {
        // The samples go from the page cache straight into the volume's slice
        // (DCMTK left them on disk and swaps bytes if the file is big-endian),
        // then become HU where they lie: one pass over the memory instead of
        // a DCMTK buffer, a float slice and a narrowing copy.
        DcmElement* px = nullptr;
        if (ds.findAndGetElement(DCM_PixelData, px).bad() || !px) throw InputError(img.name + ": no pixel data");
        if (px->getLength() < 2 * img.n) throw InputError(img.name + ": pixel data is truncated");
        // In chunks that stay in the core's cache between the read and the conversion.
        constexpr std::size_t kChunk = 32 * 1024;
        DcmFileCache cache;
        bool fits = true;
        for (std::size_t first = 0; first < img.n; first += kChunk) {
            const std::size_t count = std::min(kChunk, img.n - first);
            if (px->getPartialValue(out + first, Uint32(2 * first), Uint32(2 * count), &cache).bad())
                throw InputError(img.name + ": pixel data is truncated");
            fits &= samplesToHu(out + first, count, img.pf, std::int32_t(info.slope), std::int32_t(info.intercept));
        }
        return fits ? Int16Decode::Done : Int16Decode::NeedsFloat;
    }
    decodeOpened(img, file, scratch);
    return narrowToInt16(scratch, img.n, out) ? Int16Decode::Done : Int16Decode::NeedsFloat;
}

}  // namespace lsms::detail
