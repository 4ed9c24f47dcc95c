#include "lsms/models/blob_probe.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace lsms::models {

namespace {

// A box of the grid, inclusive-exclusive, with its own dense float buffer.
struct Box {
    long lo[3], n[3];
    std::size_t count() const { return std::size_t(n[0]) * std::size_t(n[1]) * std::size_t(n[2]); }
    std::size_t at(long i, long j, long k) const { return std::size_t(i + n[0] * (j + n[1] * k)); }
};

std::vector<float> gaussianKernel(double sigmaVoxels) {
    const int radius = std::max(1, int(std::ceil(3 * sigmaVoxels)));
    std::vector<float> k(std::size_t(2 * radius + 1));
    double sum = 0;
    for (int x = -radius; x <= radius; ++x) {
        // Below a voxel the sampled Gaussian is all centre: the box then keeps
        // that axis almost unsmoothed, as the image itself is at that scale.
        const double v = sigmaVoxels < 0.3 ? (x == 0 ? 1.0 : 0.0) : std::exp(-0.5 * x * x / (sigmaVoxels * sigmaVoxels));
        k[std::size_t(x + radius)] = float(v);
        sum += v;
    }
    for (auto& v : k) v = float(v / sum);
    return k;
}

// Separable convolution along one axis, edges clamped.
void convolveAxis(std::vector<float>& data, const Box& b, int axis, const std::vector<float>& kernel) {
    const long radius = long(kernel.size() / 2);
    const long len = b.n[axis];
    const long stride = axis == 0 ? 1 : axis == 1 ? b.n[0] : b.n[0] * b.n[1];
    std::vector<float> line(static_cast<std::size_t>(len)), out(static_cast<std::size_t>(len));
    // The two other axes.
    const int a1 = axis == 0 ? 1 : 0, a2 = axis == 2 ? 1 : 2;
    for (long v = 0; v < b.n[a2]; ++v)
        for (long u = 0; u < b.n[a1]; ++u) {
            long idx[3] = {0, 0, 0};
            idx[a1] = u;
            idx[a2] = v;
            const std::size_t base = b.at(idx[0], idx[1], idx[2]);
            for (long t = 0; t < len; ++t) line[std::size_t(t)] = data[base + std::size_t(t * stride)];
            for (long t = 0; t < len; ++t) {
                double s = 0;
                for (long r = -radius; r <= radius; ++r)
                    s += kernel[std::size_t(r + radius)] * line[std::size_t(std::clamp(t + r, 0L, len - 1))];
                out[std::size_t(t)] = float(s);
            }
            for (long t = 0; t < len; ++t) data[base + std::size_t(t * stride)] = out[std::size_t(t)];
        }
}

// Eigenvalues of a symmetric 3x3 matrix (Smith 1961), ascending.
std::array<double, 3> symmetricEigenvalues(double a, double b, double c, double d, double e, double f) {
    // [[a d e] [d b f] [e f c]]
    const double p1 = d * d + e * e + f * f;
    if (p1 < 1e-18) {
        std::array<double, 3> r{a, b, c};
        std::sort(r.begin(), r.end());
        return r;
    }
    const double q = (a + b + c) / 3;
    const double p2 = (a - q) * (a - q) + (b - q) * (b - q) + (c - q) * (c - q) + 2 * p1;
    const double p = std::sqrt(p2 / 6);
    const double b11 = (a - q) / p, b22 = (b - q) / p, b33 = (c - q) / p, b12 = d / p, b13 = e / p, b23 = f / p;
    const double det = b11 * (b22 * b33 - b23 * b23) - b12 * (b12 * b33 - b23 * b13) + b13 * (b12 * b23 - b22 * b13);
    const double r = std::clamp(det / 2, -1.0, 1.0);
    const double phi = std::acos(r) / 3;
    const double e1 = q + 2 * p * std::cos(phi), e3 = q + 2 * p * std::cos(phi + 2 * M_PI / 3);
    return {e3, 3 * q - e1 - e3, e1};
}

double median(std::vector<float> v) {
    if (v.empty()) return 0;
    auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

ProbabilityVolume blobEvidence(const CtVolume& ct, const MaskVolume& liver, const BlobProbeOptions& o) {
    const auto& g = ct.geometry;
    if (liver.geometry.size != g.size) throw InputError("blob probe: the liver mask is not on the CT's grid");
    if (o.sigmasMm.empty() || !(o.saturation > 0) || !(o.floor >= 0)) throw InputError("blob probe: needs scales, a positive saturation and floor >= 0");
    long lo[3] = {long(g.size[0]), long(g.size[1]), long(g.size[2])}, hi[3] = {-1, -1, -1};
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i)
                if (liver.at(i, j, k)) {
                    const long p[3] = {long(i), long(j), long(k)};
                    for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], p[a]), hi[a] = std::max(hi[a], p[a]);
                }
    if (hi[0] < 0) throw InputError("blob probe: the liver mask is empty");
    const double maxSigma = *std::max_element(o.sigmasMm.begin(), o.sigmasMm.end());
    Box b{};
    for (int a = 0; a < 3; ++a) {
        const long margin = long(std::ceil(3 * maxSigma / g.spacing[std::size_t(a)])) + 1;
        b.lo[a] = std::max(0L, lo[a] - margin);
        b.n[a] = std::min(long(g.size[std::size_t(a)]) - 1, hi[a] + margin) - b.lo[a] + 1;
    }
    // Outside the liver the image is replaced by the liver's median, so the
    // liver's own edge (fat, stomach, a rib) makes no blob.
    std::vector<float> inside;
    std::vector<std::uint8_t> in(b.count());
    std::vector<float> image(b.count());
    for (long k = 0; k < b.n[2]; ++k)
        for (long j = 0; j < b.n[1]; ++j)
            for (long i = 0; i < b.n[0]; ++i) {
                const auto gi = std::size_t(i + b.lo[0]), gj = std::size_t(j + b.lo[1]), gk = std::size_t(k + b.lo[2]);
                const bool l = liver.at(gi, gj, gk) != 0;
                in[b.at(i, j, k)] = l;
                image[b.at(i, j, k)] = ct.at(gi, gj, gk);
                if (l) inside.push_back(ct.at(gi, gj, gk));
            }
    const float fill = float(median(inside));
    for (std::size_t v = 0; v < image.size(); ++v)
        if (!in[v]) image[v] = fill;

    std::vector<float> best(b.count(), 0.f);
    std::vector<std::int8_t> sign(b.count(), 0);  // +1: dark blob, -1: bright
    std::vector<float> deviation;  // of the finest smoothed image from the liver, in its robust spread
    for (double sigma : o.sigmasMm) {
        std::vector<float> s = image;
        for (int a = 0; a < 3; ++a) convolveAxis(s, b, a, gaussianKernel(sigma / g.spacing[std::size_t(a)]));
        if (deviation.empty()) {
            std::vector<float> d;
            for (std::size_t v = 0; v < s.size(); ++v)
                if (in[v]) d.push_back(std::abs(s[v] - fill));
            const double spread = std::max(1e-6, 1.4826 * median(d));
            deviation.resize(s.size());
            for (std::size_t v = 0; v < s.size(); ++v) deviation[v] = float((s[v] - fill) / spread);
        }
        // sigma^2 * Laplacian (mm units), positive at the centre of a dark
        // blob; kept only where the Hessian is blob-shaped (every eigenvalue
        // of one sign, the weakest at least blobRatio of the strongest):
        // vessels (tubes) and the liver's own gradients (plates) are not.
        std::vector<float> lap(b.count(), 0.f);
        std::vector<std::uint8_t> blob(b.count(), 0);
        auto at = [&](long i, long j, long k) {
            return s[b.at(std::clamp(i, 0L, b.n[0] - 1), std::clamp(j, 0L, b.n[1] - 1), std::clamp(k, 0L, b.n[2] - 1))];
        };
        const double hx = g.spacing[0], hy = g.spacing[1], hz = g.spacing[2];
        for (long k = 0; k < b.n[2]; ++k)
            for (long j = 0; j < b.n[1]; ++j)
                for (long i = 0; i < b.n[0]; ++i) {
                    const auto c = b.at(i, j, k);
                    if (!in[c]) continue;
                    const double v0 = s[c];
                    const double xx = (at(i + 1, j, k) + at(i - 1, j, k) - 2 * v0) / (hx * hx);
                    const double yy = (at(i, j + 1, k) + at(i, j - 1, k) - 2 * v0) / (hy * hy);
                    const double zz = (at(i, j, k + 1) + at(i, j, k - 1) - 2 * v0) / (hz * hz);
                    const double xy = (at(i + 1, j + 1, k) - at(i + 1, j - 1, k) - at(i - 1, j + 1, k) + at(i - 1, j - 1, k)) / (4 * hx * hy);
                    const double xz = (at(i + 1, j, k + 1) - at(i + 1, j, k - 1) - at(i - 1, j, k + 1) + at(i - 1, j, k - 1)) / (4 * hx * hz);
                    const double yz = (at(i, j + 1, k + 1) - at(i, j + 1, k - 1) - at(i, j - 1, k + 1) + at(i, j - 1, k - 1)) / (4 * hy * hz);
                    lap[c] = float(sigma * sigma * (xx + yy + zz));
                    const auto ev = symmetricEigenvalues(xx, yy, zz, xy, xz, yz);
                    const bool allPositive = ev[0] > 0, allNegative = ev[2] < 0;
                    if (allPositive) blob[c] = ev[0] >= o.blobRatio * ev[2];
                    else if (allNegative) blob[c] = -ev[2] >= o.blobRatio * -ev[0];
                }
        std::vector<float> values;
        for (std::size_t v = 0; v < lap.size(); ++v)
            if (in[v]) values.push_back(lap[v]);
        const double centre = median(values);
        for (auto& v : values) v = float(std::abs(v - centre));
        // 1.4826 x MAD: the standard deviation of Gaussian noise, untouched
        // by the few voxels that lesions are.
        const double spread = std::max(1e-6, 1.4826 * median(values));
        for (std::size_t v = 0; v < lap.size(); ++v) {
            if (!in[v]) continue;
            const double z = (lap[v] - centre) / spread;
            const double r = !blob[v] ? 0.0 : (o.dark && z > 0) ? z : (o.bright && z < 0) ? -z : 0.0;
            if (r > best[v]) best[v] = float(r), sign[v] = z > 0 ? 1 : -1;
        }
    }
    ProbabilityVolume out(g, 0);
    for (long k = 0; k < b.n[2]; ++k)
        for (long j = 0; j < b.n[1]; ++j)
            for (long i = 0; i < b.n[0]; ++i) {
                const auto v = b.at(i, j, k);
                const double r = best[v];
                // Evidence only where the image itself departs from the liver
                // the way the blob does (darker for a dark one): the piece
                // then has the lesion's extent, not the filter's.
                if (r <= 0 || -sign[v] * deviation[v] < o.floor) continue;
                const double p = std::min(1.0, r / o.saturation);
                out.at(std::size_t(i + b.lo[0]), std::size_t(j + b.lo[1]), std::size_t(k + b.lo[2])) =
                    std::uint8_t(std::lround(1 + 254 * p));
            }
    return out;
}

CaseDetection probeLesions(const CtVolume& ct, const MaskVolume& liver, const LabelVolume& truth,
                           const BlobProbeOptions& o, double minVolumeMl) {
    if (!(o.detect > 0 && o.detect < o.saturation)) throw InputError("blob probe: the detection level must be in (0, saturation)");
    const auto evidence = blobEvidence(ct, liver, o);
    auto toProbability = [&](double z) { return std::min(1.0, z / o.saturation); };
    // Evidence just above the floor is stored as 1/255: grow to all of it.
    const auto labelled = labelComponents(evidence, toProbability(o.detect), 0.5 / 255);
    return findLesions(labelled, truth, minVolumeMl);
}

}  // namespace lsms::models
