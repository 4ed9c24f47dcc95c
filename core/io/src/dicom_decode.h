#pragma once
// Decoding one DICOM image file's pixel data to float values (rescale applied).
#include <cstdint>
#include <filesystem>
#include <string>

namespace lsms::detail {

struct DecodedInfo {
    int rows = 0, cols = 0;
    double slope = 1, intercept = 0;
};

// Decodes the first frame of `file` into `out` (rows*cols floats, already
// allocated by the caller: the volume's slice). If rows/cols are > 0 they
// must match. Throws UnsupportedTransferSyntax or InputError.
// `frames` frames are decoded (all of a multi-frame file, or 1). A file that
// is gone, or holds another image than `expectSopInstanceUid` (when given),
// changed on disk after the folder was scanned and is refused as such.
DecodedInfo decodeFileInto(const std::filesystem::path& file, float* out, int expectRows, int expectCols, int frames = 1,
                           const std::string& expectSopInstanceUid = {});

enum class Int16Decode { Done, NeedsFloat };

// Decodes one single-frame file straight into an int16 slice of HU (`out`,
// rows*cols, expectRows/expectCols > 0). 16-bit samples with a whole rescale
// are read into `out` and converted there; any other file decodes to float in
// `scratch` (rows*cols floats) and is narrowed. NeedsFloat: a value is not a
// whole number int16 holds (`out` then holds part of the slice); the caller
// loads the series as float. Throws as decodeFileInto.
Int16Decode decodeFileIntoInt16(const std::filesystem::path& file, std::int16_t* out, float* scratch, int expectRows,
                                int expectCols, const std::string& expectSopInstanceUid = {});

// Reads rows/columns only (for single-file loading).
void imageSize(const std::filesystem::path& file, int& rows, int& cols);

}  // namespace lsms::detail
