#include "mask_box.h"

#include <cmath>
#include <limits>

namespace lsms::edit::detail {

MaskBox extractMask(const LabelVolume& labels, std::uint16_t label, const Box& box) {
    MaskBox r;
    r.box = box;
    r.m.assign(box.voxels(), 0);
    std::size_t n = 0;
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
        for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
            const std::uint16_t* row = &labels.data[labels.index(box.lo[0], j, k)];
            for (std::size_t i = 0; i < box.extent(0); ++i) r.m[n++] = row[i] == label;
        }
    return r;
}

std::size_t writeMask(Edit& edit, std::uint16_t label, const MaskBox& result) {
    const auto& data = edit.labels().data;
    const Geometry& g = edit.geometry();
    std::size_t changed = 0;
    for (std::size_t n = 0; n < result.m.size(); ++n) {
        const std::size_t idx = result.global(n, g);
        const std::uint16_t v = data[idx];
        if (result.m[n] && v == 0) changed += edit.set(idx, label);
        else if (!result.m[n] && v == label) changed += edit.set(idx, 0);
    }
    return changed;
}

namespace {
// 1D squared distance transform of f along a line, spacing h (lower envelope of parabolas).
void dt1d(const float* f, float* d, std::size_t n, double h, std::vector<int>& v, std::vector<double>& z) {
    const double inf = std::numeric_limits<double>::infinity();
    v.resize(n);
    z.resize(n + 1);
    int k = -1;
    for (std::size_t q = 0; q < n; ++q) {
        if (std::isinf(f[q])) continue;
        const double xq = double(q) * h;
        while (k >= 0) {
            const double xv = double(v[k]) * h;
            const double s = ((f[q] + xq * xq) - (f[v[k]] + xv * xv)) / (2 * (xq - xv));
            if (s <= z[k]) {
                --k;
                continue;
            }
            ++k;
            v[k] = int(q);
            z[k] = s;
            z[k + 1] = inf;
            break;
        }
        if (k < 0) {
            k = 0;
            v[0] = int(q);
            z[0] = -inf;
            z[1] = inf;
        }
    }
    if (k < 0) {
        for (std::size_t q = 0; q < n; ++q) d[q] = std::numeric_limits<float>::infinity();
        return;
    }
    int j = 0;
    for (std::size_t q = 0; q < n; ++q) {
        const double x = double(q) * h;
        while (z[j + 1] < x) ++j;
        const double dx = x - double(v[j]) * h;
        d[q] = float(dx * dx + f[v[j]]);
    }
}
}  // namespace

std::vector<float> squaredDistance(const std::vector<std::uint8_t>& feature, std::array<std::size_t, 3> dims,
                                   const Vec3& spacing) {
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> d(feature.size());
    for (std::size_t n = 0; n < feature.size(); ++n) d[n] = feature[n] ? 0.0f : inf;
    std::vector<float> in, out;
    std::vector<int> v;
    std::vector<double> z;
    const std::size_t stride[3] = {1, dims[0], dims[0] * dims[1]};
    for (int a = 0; a < 3; ++a) {
        const std::size_t n = dims[a];
        if (n < 2) continue;
        in.resize(n);
        out.resize(n);
        const int b = a == 0 ? 1 : 0, c = a == 2 ? 1 : 2;
        for (std::size_t y = 0; y < dims[c]; ++y)
            for (std::size_t x = 0; x < dims[b]; ++x) {
                const std::size_t base = x * stride[b] + y * stride[c];
                for (std::size_t q = 0; q < n; ++q) in[q] = d[base + q * stride[a]];
                dt1d(in.data(), out.data(), n, spacing[a], v, z);
                for (std::size_t q = 0; q < n; ++q) d[base + q * stride[a]] = out[q];
            }
    }
    return d;
}

}  // namespace lsms::edit::detail
