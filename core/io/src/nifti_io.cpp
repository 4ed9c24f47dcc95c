#include "lsms/io/nifti_io.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"
#include "nifti_header.h"

#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

namespace lsms {

namespace {

// ITK images use LPS like DICOM; NiftiImageIO converts to RAS in the file.
template <typename T>
typename itk::Image<T, 3>::Pointer toItk(const Volume<T>& v) {
    using Image = itk::Image<T, 3>;
    auto img = Image::New();
    typename Image::RegionType region;
    typename Image::SizeType size;
    for (int a = 0; a < 3; ++a) size[a] = v.geometry.size[a];
    region.SetSize(size);
    img->SetRegions(region);
    typename Image::SpacingType sp;
    typename Image::PointType origin;
    typename Image::DirectionType dir;
    for (int a = 0; a < 3; ++a) {
        sp[a] = v.geometry.spacing[a];
        origin[a] = v.geometry.origin[a];
        for (int r = 0; r < 3; ++r) dir[r][a] = v.geometry.direction[a][r];
    }
    img->SetSpacing(sp);
    img->SetOrigin(origin);
    img->SetDirection(dir);
    img->Allocate();
    std::memcpy(img->GetBufferPointer(), v.data.data(), v.data.size() * sizeof(T));
    return img;
}

template <typename T>
Volume<T> read(const std::filesystem::path& file);

template <typename T>
bool writtenIntact(const Volume<T>& v, const std::filesystem::path& file) {
    try {
        const Volume<T> back = read<T>(file);
        return back.geometry.size == v.geometry.size && back.data.size() == v.data.size() &&
               std::memcmp(back.data.data(), v.data.data(), v.data.size() * sizeof(T)) == 0;
    } catch (const Error&) {
        return false;
    }
}

template <typename T>
void write(const Volume<T>& v, const std::filesystem::path& file) {
    if (v.data.size() != v.geometry.voxelCount() || v.data.empty()) throw InputError("cannot write an empty volume");
    using Writer = itk::ImageFileWriter<itk::Image<T, 3>>;
    auto writer = Writer::New();
    writer->SetImageIO(itk::NiftiImageIO::New());
    // ITK picks the format and compression by the name's ending, so the temporary file keeps it.
    const std::string name = file.filename().string();
    const std::string ending = name.size() > 7 && name.ends_with(".nii.gz") ? ".nii.gz" : ".nii";
    writeFileAtomically(
        file,
        [&](const std::filesystem::path& tmp) {
            writer->SetFileName(tmp.string());
            writer->SetInput(toItk(v));
            writer->UseCompressionOn();
            try {
                writer->Update();
            } catch (const itk::ExceptionObject& e) {
                throw IoError(e.GetDescription());
            }
            // ITK's NIfTI writer does not report a failed write (a full disk leaves a
            // short file and no error), so what was written is read back and compared.
            const int writeErrno = errno;
            if (!writtenIntact(v, tmp))
                throw IoError(std::string("the written file is incomplete") +
                              (writeErrno ? std::string(": ") + std::strerror(writeErrno) : std::string()));
            return true;
        },
        {.temporaryExtension = ending});
}

template <typename T>
Volume<T> read(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) throw IoError("no such file: " + file.string());
    detail::checkNiftiHeader(file);
    using Reader = itk::ImageFileReader<itk::Image<T, 3>>;
    auto reader = Reader::New();
    reader->SetImageIO(itk::NiftiImageIO::New());
    reader->SetFileName(file.string());
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& e) {
        throw InputError("cannot read NIfTI " + file.string() + ": " + e.GetDescription());
    }
    auto img = reader->GetOutput();
    Geometry g;
    for (int a = 0; a < 3; ++a) {
        g.size[a] = img->GetLargestPossibleRegion().GetSize()[a];
        g.spacing[a] = img->GetSpacing()[a];
        g.origin[a] = img->GetOrigin()[a];
        for (int r = 0; r < 3; ++r) g.direction[a][r] = img->GetDirection()[r][a];
    }
    // ITK turns a degenerate sform or qform into some matrix without a word; a
    // label map placed by it would land somewhere else than it was drawn.
    for (int a = 0; a < 3; ++a) {
        if (!(std::isfinite(g.spacing[a]) && g.spacing[a] > 0) || !std::isfinite(g.origin[a]))
            throw InputError("cannot read NIfTI " + file.string() + ": its voxel size or origin is not a finite positive number");
        for (int b = 0; b < 3; ++b) {
            double dot = 0;
            for (int r = 0; r < 3; ++r) dot += g.direction[a][r] * g.direction[b][r];
            if (!(std::abs(dot - (a == b ? 1.0 : 0.0)) < 1e-3))
                throw InputError("cannot read NIfTI " + file.string() + ": its orientation is not a rotation (sform/qform degenerate)");
        }
    }
    Volume<T> v(g);
    std::memcpy(v.data.data(), img->GetBufferPointer(), v.data.size() * sizeof(T));
    return v;
}

}  // namespace

void writeNifti(const LabelVolume& v, const std::filesystem::path& f) { write(v, f); }
void writeNifti(const MaskVolume& v, const std::filesystem::path& f) { write(v, f); }
// Written as float whatever the storage, so every reader of the file sees HU.
void writeNifti(const CtVolume& v, const std::filesystem::path& f) { write(v.toFloatVolume(), f); }
LabelVolume readNiftiLabels(const std::filesystem::path& f) {
    // Read as float and converted here: ITK's own cast of a float (or a wider
    // integer) to 16 bits is undefined out of range and silently wraps or
    // rounds the rest — a label map of 1.5s or 70000s would load as other labels.
    const Volume<float> values = read<float>(f);
    LabelVolume labels(values.geometry, Uninitialized{});
    for (std::size_t i = 0; i < values.data.size(); ++i) {
        const float v = values.data[i];
        if (!(v >= 0 && v <= 65535 && v == std::floor(v))) {
            char text[32];
            const auto end = std::to_chars(text, text + sizeof text, v).ptr;
            throw InputError("cannot read NIfTI " + f.string() + " as a label map: voxel " + std::to_string(i) + " holds " +
                             std::string(text, end) + ", not a whole label from 0 to 65535");
        }
        labels.data[i] = std::uint16_t(v);
    }
    return labels;
}
CtVolume readNiftiCt(const std::filesystem::path& f) {
    CtVolume ct(read<float>(f));
    ct.compact();
    return ct;
}

}  // namespace lsms
