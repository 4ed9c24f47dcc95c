#include "lsms/io/nifti_io.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"

#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>

#include <cerrno>
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
    Volume<T> v(g);
    std::memcpy(v.data.data(), img->GetBufferPointer(), v.data.size() * sizeof(T));
    return v;
}

}  // namespace

void writeNifti(const LabelVolume& v, const std::filesystem::path& f) { write(v, f); }
void writeNifti(const MaskVolume& v, const std::filesystem::path& f) { write(v, f); }
void writeNifti(const CtVolume& v, const std::filesystem::path& f) { write(v, f); }
LabelVolume readNiftiLabels(const std::filesystem::path& f) { return read<std::uint16_t>(f); }
CtVolume readNiftiCt(const std::filesystem::path& f) { return read<float>(f); }

}  // namespace lsms
