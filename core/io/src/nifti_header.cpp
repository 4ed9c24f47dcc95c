#include "nifti_header.h"

#include "lsms/core/error.h"
#include "lsms/core/memory_budget.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace lsms::detail {

namespace {

// A header read as it is on disk; fields decoded on demand in the file's byte order.
struct RawHeader {
    std::array<unsigned char, 540> bytes{};
    std::size_t size = 0;
    bool swapped = false;

    template <typename T>
    T at(std::size_t offset) const {
        T v;
        std::memcpy(&v, bytes.data() + offset, sizeof v);
        if (swapped) {
            auto* b = reinterpret_cast<unsigned char*>(&v);
            for (std::size_t i = 0; i < sizeof v / 2; ++i) std::swap(b[i], b[sizeof v - 1 - i]);
        }
        return v;
    }
};

// NIfTI-1 and NIfTI-2 keep the same fields at other offsets and widths.
struct Layout {
    std::size_t dim, pixdim, qformCode, sformCode, quatern, qoffset, srow, bitpix, voxOffset, datatype;
    bool wide;  // 64-bit dims and doubles (NIfTI-2)
};
constexpr Layout kNifti1{40, 76, 252, 254, 256, 268, 280, 72, 108, 70, false};
constexpr Layout kNifti2{16, 104, 344, 348, 352, 376, 400, 14, 168, 12, true};

// The scalar datatypes a CT or a label map comes in, and their bits: ITK read
// an RGBA header with a 16-bit bitpix past its own buffer (fuzz_nifti).
int scalarBits(int datatype) {
    switch (datatype) {
    case 2: case 256: return 8;      // uint8, int8
    case 4: case 512: return 16;     // int16, uint16
    case 8: case 768: case 16: return 32;  // int32, uint32, float32
    case 64: case 1024: case 1280: return 64;  // float64, int64, uint64
    default: return 0;
    }
}

std::string countText(double n);

class Checker {
public:
    Checker(const RawHeader& h, const Layout& l, const std::filesystem::path& file) : h_(h), l_(l), file_(file) {}

    void run() const {
        const std::int64_t rank = dim(0);
        if (rank < 1 || rank > 7) fail("dim[0] is " + std::to_string(rank) + ", not 1 to 7");
        for (int i = 1; i <= rank; ++i)
            if (dim(i) < 1) fail("dim[" + std::to_string(i) + "] is " + std::to_string(dim(i)) + ", not a positive size");
        for (int i = 1; i <= std::min<std::int64_t>(rank, 3); ++i) finite("pixdim[" + std::to_string(i) + "]", real(l_.pixdim, i));
        const int type = h_.at<std::int16_t>(l_.datatype), bits = h_.at<std::int16_t>(l_.bitpix);
        if (scalarBits(type) == 0)
            fail("datatype " + std::to_string(type) + " is not one grey value or label a voxel (uint8 to float64)");
        if (bits != scalarBits(type))
            fail("bitpix " + std::to_string(bits) + " does not match datatype " + std::to_string(type) + " (" +
                 std::to_string(scalarBits(type)) + " bits)");
        if (code(l_.qformCode) > 0) {
            for (int i = 0; i < 3; ++i) finite(std::string("quatern_") + "bcd"[i], real(l_.quatern, i));
            for (int i = 0; i < 3; ++i) finite(std::string("qoffset_") + "xyz"[i], real(l_.qoffset, i));
        }
        if (code(l_.sformCode) > 0)
            for (int r = 0; r < 3; ++r)
                for (int c = 0; c < 4; ++c)
                    finite(std::string("srow_") + "xyz"[r] + "[" + std::to_string(c) + "]", real(l_.srow, 4 * r + c));
    }

    // What the header says the voxels take: every dim multiplied, in bytes.
    double voxelCount() const {
        double n = 1;
        for (int i = 1; i <= dim(0); ++i) n *= double(dim(i));
        return n;
    }
    // At least a byte a voxel: a bitpix of 0 or 1 must not make a huge grid look small (fuzz_nifti).
    double dataBytes() const { return voxelCount() * std::max(1.0, h_.at<std::int16_t>(l_.bitpix) / 8.0); }
    double dataOffset() const {
        return l_.wide ? double(h_.at<std::int64_t>(l_.voxOffset)) : double(h_.at<float>(l_.voxOffset));
    }

private:
    std::int64_t dim(int i) const {
        return l_.wide ? h_.at<std::int64_t>(l_.dim + 8 * std::size_t(i)) : h_.at<std::int16_t>(l_.dim + 2 * std::size_t(i));
    }
    double real(std::size_t offset, int i) const {
        return l_.wide ? h_.at<double>(offset + 8 * std::size_t(i)) : h_.at<float>(offset + 4 * std::size_t(i));
    }
    int code(std::size_t offset) const { return l_.wide ? h_.at<std::int32_t>(offset) : h_.at<std::int16_t>(offset); }
    // Finite, and within a kilometre: ITK's SVD of the orientation looped
    // forever on an sform entry of -2.2e38 (fuzz_nifti), and no scanner's
    // millimetres come near 1e6.
    void finite(const std::string& field, double v) const {
        if (!std::isfinite(v)) fail(field + " is not a finite number");
        if (std::abs(v) > 1e6) fail(field + " is " + countText(v) + ", beyond any scanner's millimetres (at most 1e6)");
    }
    [[noreturn]] void fail(const std::string& why) const {
        throw InputError("cannot read NIfTI " + file_.string() + ": its header's " + why);
    }

    const RawHeader& h_;
    const Layout& l_;
    const std::filesystem::path& file_;
};

}  // namespace

namespace {
// A count from a header, which may be beyond any integer type (fuzz_nifti: 1e23).
std::string countText(double n) {
    if (n >= 0 && n < 1e18 && n == std::floor(n)) return std::to_string(std::uint64_t(n));
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", n);
    return text;
}
}  // namespace

void checkNiftiHeader(const std::filesystem::path& file) {
    RawHeader h;
    // gzread reads plain files as they are, so one path serves .nii and .nii.gz.
    gzFile in = gzopen(file.c_str(), "rb");
    if (!in) return;  // ITK reports the file it cannot open
    const int got = gzread(in, h.bytes.data(), unsigned(h.bytes.size()));
    const bool plain = gzdirect(in) == 1;
    gzclose(in);
    if (got < 348) return;
    h.size = std::size_t(got);
    // The layout by the magic and the byte order by dim[0], as niftilib (inside
    // ITK) decides them: it ignores sizeof_hdr, so this check must too (fuzz_nifti).
    const auto magic = [&](std::size_t at, const char* a, const char* b) {
        return std::memcmp(h.bytes.data() + at, a, 3) == 0 || std::memcmp(h.bytes.data() + at, b, 3) == 0;
    };
    // A NIfTI-2 magic in a file too short for a NIfTI-2 header is checked as
    // NIfTI-1: niftilib still read 2 billion voxels' worth of grid from one
    // such 358-byte file (fuzz_nifti, tiny-bitpix-huge-grid).
    const bool nifti2 = magic(4, "n+2", "ni2") && h.size >= 540;
    const Layout& layout = nifti2 ? kNifti2 : kNifti1;
    const auto rank = [&] {
        return layout.wide ? h.at<std::int64_t>(layout.dim) : std::int64_t(h.at<std::int16_t>(layout.dim));
    };
    if (rank() < 1 || rank() > 7) h.swapped = true;
    if (rank() < 1 || rank() > 7) h.swapped = false;  // neither order: refused below, as read
    // The orientation fields are checked whatever the magic says: niftilib read
    // an sform from a file whose magic was neither n+1 nor ni1 (fuzz_nifti).
    const Checker checker(h, layout, file);
    checker.run();
    // A header that claims more voxels than the file can hold is refused before
    // ITK allocates them (found by fuzz_nifti: a 41 TB allocation); one that
    // fits the file but not the memory is refused with the size it needs.
    std::error_code ec;
    const double onDisk = double(std::filesystem::file_size(file, ec));
    const double need = checker.dataBytes();
    const double room = plain ? onDisk - std::max(0.0, checker.dataOffset()) : onDisk * 1032 + 65536;  // zlib's limit
    const std::string name = "cannot read NIfTI " + file.string() + ": ";
    if (!ec && need > room)
        throw InputError(name + "its header claims " + countText(checker.voxelCount()) + " voxels (" +
                         formatBytes(std::uint64_t(std::min(need, 1e19))) + "), more than the file can hold");
    // ITK's buffer and the volume made from it, both float.
    requireMemory(std::uint64_t(std::min(checker.voxelCount() * 8, 1e19)), "the NIfTI " + file.string());
}

}  // namespace lsms::detail
