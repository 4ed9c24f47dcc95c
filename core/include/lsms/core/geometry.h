#pragma once
// Voxel grid geometry in DICOM patient coordinates (LPS, millimetres).
#include <array>
#include <cstddef>
#include <string>

namespace lsms {

using Vec3 = std::array<double, 3>;

inline Vec3 operator+(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
inline Vec3 operator-(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
inline Vec3 operator*(double s, const Vec3& a) { return {s * a[0], s * a[1], s * a[2]}; }
double dot(const Vec3& a, const Vec3& b);
Vec3 cross(const Vec3& a, const Vec3& b);
double norm(const Vec3& a);
Vec3 normalized(const Vec3& a);

struct Geometry {
    // Index axes: 0 = column (i, along a row), 1 = row (j), 2 = slice (k).
    std::array<std::size_t, 3> size{0, 0, 0};
    // Distance between voxel centres along each index axis, mm.
    Vec3 spacing{1.0, 1.0, 1.0};
    // LPS position of the centre of voxel (0,0,0).
    Vec3 origin{0.0, 0.0, 0.0};
    // direction[a] is the LPS unit vector of index axis a. For DICOM,
    // direction[0] and direction[1] are the row and column cosines of
    // ImageOrientationPatient and direction[2] points from slice k to k+1.
    std::array<Vec3, 3> direction{Vec3{1, 0, 0}, Vec3{0, 1, 0}, Vec3{0, 0, 1}};

    std::size_t voxelCount() const { return size[0] * size[1] * size[2]; }
    std::size_t sliceVoxels() const { return size[0] * size[1]; }
    Vec3 indexToWorld(const Vec3& ijk) const;
    Vec3 worldToIndex(const Vec3& lps) const;
    double voxelVolumeMm3() const { return spacing[0] * spacing[1] * spacing[2]; }
    // Same grid within `tolMm` at every corner.
    bool sameGrid(const Geometry& other, double tolMm = 1e-3) const;
};

// "RAI"-style letters for the direction a unit vector mostly points to, e.g. "L", "P", "S".
std::string orientationLetter(const Vec3& lpsDirection);

}  // namespace lsms
