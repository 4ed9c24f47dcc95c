#include "lsms/core/geometry.h"

#include <cmath>

namespace lsms {

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }

Vec3 normalized(const Vec3& a) {
    const double n = norm(a);
    return n > 0 ? (1.0 / n) * a : a;
}

Vec3 Geometry::indexToWorld(const Vec3& ijk) const {
    Vec3 p = origin;
    for (int a = 0; a < 3; ++a) p = p + (ijk[a] * spacing[a]) * direction[a];
    return p;
}

Vec3 Geometry::worldToIndex(const Vec3& lps) const {
    // The direction matrix may be non-orthogonal (sheared stacks), so solve
    // the 3x3 system instead of projecting.
    const Vec3 d = lps - origin;
    const Vec3 c0 = spacing[0] * direction[0], c1 = spacing[1] * direction[1], c2 = spacing[2] * direction[2];
    const double det = dot(c0, cross(c1, c2));
    if (std::abs(det) < 1e-12) return {NAN, NAN, NAN};
    return {dot(d, cross(c1, c2)) / det, dot(c0, cross(d, c2)) / det, dot(c0, cross(c1, d)) / det};
}

bool Geometry::sameGrid(const Geometry& other, double tolMm) const {
    if (size != other.size) return false;
    for (int c = 0; c < 8; ++c) {
        const Vec3 ijk{(c & 1) ? double(size[0] - 1) : 0.0, (c & 2) ? double(size[1] - 1) : 0.0,
                       (c & 4) ? double(size[2] - 1) : 0.0};
        if (norm(indexToWorld(ijk) - other.indexToWorld(ijk)) > tolMm) return false;
    }
    return true;
}

std::string orientationLetter(const Vec3& d) {
    int axis = 0;
    for (int a = 1; a < 3; ++a)
        if (std::abs(d[a]) > std::abs(d[axis])) axis = a;
    static const char* pos[3] = {"L", "P", "S"};
    static const char* neg[3] = {"R", "A", "I"};
    return d[axis] >= 0 ? pos[axis] : neg[axis];
}

}  // namespace lsms
