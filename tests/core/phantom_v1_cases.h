#pragma once
// Generation-1 phantoms pinned bit for bit: the shipped network was trained
// on them and tests, demo and CLI depend on them seed by seed. The
// fingerprints in test_phantom_v1_reference.cpp were computed by this code
// on the generator as it was before generation 2 existed.
#include "lsms/core/phantom.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace lsms::test {

inline std::uint64_t fnv1a(const void* data, std::size_t bytes, std::uint64_t h = 1469598103934665603ULL) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

// Pixel data, labels, liver mask and every lesion's truth.
inline std::uint64_t fingerprint(const phantom::Phantom& p) {
    // The bytes of float HU with -0 read as 0: int16 storage has no negative
    // zero, which the generator's rounding made of values in (-0.5, 0).
    std::vector<float> hu(p.ct.data.size());
    for (std::size_t i = 0; i < hu.size(); ++i) hu[i] = p.ct.data[i] + 0.0f;
    std::uint64_t h = fnv1a(hu.data(), hu.size() * sizeof(float));
    h = fnv1a(p.labels.data.data(), p.labels.data.size() * sizeof(p.labels.data[0]), h);
    h = fnv1a(p.liver.data.data(), p.liver.data.size() * sizeof(p.liver.data[0]), h);
    for (const auto& l : p.lesions) {
        const double v[] = {double(l.id), double(int(l.kind)), l.centre[0], l.centre[1], l.centre[2], l.volumeMl,
                            l.meanHu, l.longestAxialDiameterMm, double(int(l.lobe)), double(l.couinaud), l.nominalDiameterMm};
        h = fnv1a(v, sizeof v, h);
    }
    const auto& g = p.ct.geometry;
    const double gv[] = {double(g.size[0]), double(g.size[1]), double(g.size[2]), g.spacing[0], g.spacing[1], g.spacing[2],
                         g.origin[0], g.origin[1], g.origin[2]};
    return fnv1a(gv, sizeof gv, h);
}

// The grids that matter: the unit tests' small grid, a 2 mm grid with four
// lesions, the training grid (192 px over 384 mm, 3.7 mm slices), and the
// full default grid.
inline std::vector<phantom::PhantomOptions> v1Cases() {
    std::vector<phantom::PhantomOptions> cases;
    phantom::PhantomOptions a;
    a.seed = 42;
    a.columns = a.rows = 96;
    a.pixelSpacingMm = 4.0;
    a.sliceThicknessMm = 5.0;
    a.slices = 50;
    cases.push_back(a);
    phantom::PhantomOptions b;
    b.seed = 3;
    b.columns = b.rows = 192;
    b.pixelSpacingMm = 2.0;
    b.sliceThicknessMm = 2.5;
    b.slices = 100;
    b.lesionCount = 4;
    cases.push_back(b);
    phantom::PhantomOptions c;
    c.seed = 123456;
    c.columns = c.rows = 192;
    c.pixelSpacingMm = 2.0;
    c.sliceThicknessMm = 3.7;
    c.slices = 70;
    cases.push_back(c);
    phantom::PhantomOptions d;
    d.seed = 5;
    d.lesionCount = 2;
    cases.push_back(d);
    return cases;
}

}  // namespace lsms::test
