#include "lsms/core/edit/morphology.h"

#include "lsms/core/edit/brush.h"
#include "mask_box.h"

#include <cmath>

namespace lsms::edit {

namespace {
detail::MaskBox grownMask(const Edit& edit, std::uint16_t label, std::array<std::size_t, 3> margin) {
    const Box box = boundingBox(edit.labels(), label);
    if (box.empty()) return {};
    return detail::extractMask(edit.labels(), label, grown(box, margin, edit.geometry()));
}

std::array<std::size_t, 3> dims(const detail::MaskBox& m) { return {m.nx(), m.ny(), m.nz()}; }

// Dilation: within r of the set. Erosion: farther than r from its complement.
// The voxel-centre distance in mm makes the ball exactly {|offset| <= r}.
void dilate(detail::MaskBox& m, double r2, const Vec3& spacing) {
    const std::vector<float> d = detail::squaredDistance(m.m, dims(m), spacing);
    for (std::size_t n = 0; n < m.m.size(); ++n) m.m[n] = d[n] <= r2 * (1 + 1e-9);
}

void erode(detail::MaskBox& m, double r2, const Vec3& spacing) {
    std::vector<std::uint8_t> outside(m.m.size());
    for (std::size_t n = 0; n < m.m.size(); ++n) outside[n] = !m.m[n];
    const std::vector<float> d = detail::squaredDistance(outside, dims(m), spacing);
    for (std::size_t n = 0; n < m.m.size(); ++n) m.m[n] = d[n] > r2 * (1 + 1e-9);
}

std::array<std::size_t, 3> ballMargin(const Geometry& g, double radiusMm) {
    std::array<std::size_t, 3> r;
    for (int a = 0; a < 3; ++a) r[a] = std::size_t(std::floor(radiusMm / g.spacing[a])) + 1;
    return r;
}
}  // namespace

std::size_t medianSmooth(Edit& edit, std::uint16_t label) {
    requirePaintable(edit, label);
    detail::MaskBox m = grownMask(edit, label, {1, 1, 1});
    if (m.m.empty()) return 0;
    detail::MaskBox out = m;
    const long nx = long(m.nx()), ny = long(m.ny()), nz = long(m.nz());
    for (long k = 0; k < nz; ++k)
        for (long j = 0; j < ny; ++j)
            for (long i = 0; i < nx; ++i) {
                int count = 0;
                for (long dk = -1; dk <= 1; ++dk)
                    for (long dj = -1; dj <= 1; ++dj)
                        for (long di = -1; di <= 1; ++di) {
                            const long a = i + di, b = j + dj, c = k + dk;
                            if (a >= 0 && b >= 0 && c >= 0 && a < nx && b < ny && c < nz)
                                count += m.m[std::size_t(a + nx * (b + ny * c))];
                        }
                out.m[std::size_t(i + nx * (j + ny * k))] = count >= 14;
            }
    return detail::writeMask(edit, label, out);
}

std::size_t openSegment(Edit& edit, std::uint16_t label, double radiusMm) {
    requirePaintable(edit, label);
    detail::MaskBox m = grownMask(edit, label, ballMargin(edit.geometry(), radiusMm));
    if (m.m.empty()) return 0;
    erode(m, radiusMm * radiusMm, edit.geometry().spacing);
    dilate(m, radiusMm * radiusMm, edit.geometry().spacing);
    return detail::writeMask(edit, label, m);
}

std::size_t closeSegment(Edit& edit, std::uint16_t label, double radiusMm) {
    requirePaintable(edit, label);
    // Twice the margin: the erosion must find background beyond the dilated
    // set inside the box, or it could not shrink it back.
    std::array<std::size_t, 3> margin = ballMargin(edit.geometry(), radiusMm);
    for (auto& v : margin) v *= 2;
    detail::MaskBox m = grownMask(edit, label, margin);
    if (m.m.empty()) return 0;
    dilate(m, radiusMm * radiusMm, edit.geometry().spacing);
    erode(m, radiusMm * radiusMm, edit.geometry().spacing);
    return detail::writeMask(edit, label, m);
}

}  // namespace lsms::edit
