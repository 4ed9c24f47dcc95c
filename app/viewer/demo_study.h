#pragma once
// The bundled demo: a phantom study generated once into the user's cache.
#include <filesystem>
#include <functional>

namespace lsms::app {

constexpr unsigned kDemoSeed = 7;
// Returns DIR holding dicom/, labels.nii.gz, truth.json; generates it if missing.
std::filesystem::path ensureDemoStudy(const std::function<void(const char*)>& say);

}  // namespace lsms::app
