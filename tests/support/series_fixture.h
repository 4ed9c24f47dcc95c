#pragma once
// Generated DICOM series for loader tests: a volume whose every voxel value
// encodes its index, written with our writer into a fresh temporary folder.
#include "lsms/core/series_metadata.h"
#include "lsms/core/volume.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lsms::test {

// A fresh, empty folder under the system temp dir, removed by the destructor.
class TempDir {
public:
    explicit TempDir(const std::string& name);
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

SeriesMetadata testMetadata(const std::string& key, const std::string& modality = "CT");
// value(i,j,k) = i + 10*j + 100*k - 500: distinct, integer, inside CT's range.
CtVolume patternVolume(const Geometry& g);
Geometry axialGeometry(std::size_t nx, std::size_t ny, std::size_t nz);
std::vector<std::filesystem::path> writeSeries(const CtVolume& v, const SeriesMetadata& m, const std::filesystem::path& dir);

// Edits one DICOM attribute of a file in place (test fixtures only).
void setAttribute(const std::filesystem::path& file, unsigned group, unsigned element, const std::string& value);

}  // namespace lsms::test
