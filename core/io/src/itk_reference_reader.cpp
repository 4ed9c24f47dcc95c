#include "lsms/io/itk_reference.h"

#include "lsms/core/error.h"

#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImage.h>
#include <itkImageSeriesReader.h>

namespace lsms {

std::size_t readSeriesWithItk(const std::filesystem::path& dir) {
    using Image = itk::Image<float, 3>;
    auto names = itk::GDCMSeriesFileNames::New();
    names->SetUseSeriesDetails(true);
    names->SetRecursive(true);
    names->SetDirectory(dir.string());
    const auto& uids = names->GetSeriesUIDs();
    if (uids.empty()) throw InputError("ITK found no DICOM series in " + dir.string());
    auto reader = itk::ImageSeriesReader<Image>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileNames(names->GetFileNames(uids.front()));
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& e) {
        throw InputError(std::string("ITK could not read the series: ") + e.GetDescription());
    }
    return reader->GetOutput()->GetLargestPossibleRegion().GetNumberOfPixels();
}

}  // namespace lsms

#include <itkImageFileReader.h>

#include <cstring>

namespace lsms {

CtVolume readImageWithItk(const std::filesystem::path& file) {
    using Image = itk::Image<float, 3>;
    auto reader = itk::ImageFileReader<Image>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileName(file.string());
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& e) {
        throw InputError(std::string("ITK could not read ") + file.string() + ": " + e.GetDescription());
    }
    auto img = reader->GetOutput();
    Geometry g;
    for (int a = 0; a < 3; ++a) g.size[a] = img->GetLargestPossibleRegion().GetSize()[a];
    Volume<float> v(g, Uninitialized{});
    std::memcpy(v.data.data(), img->GetBufferPointer(), v.data.size() * sizeof(float));
    return CtVolume(std::move(v));
}

}  // namespace lsms
