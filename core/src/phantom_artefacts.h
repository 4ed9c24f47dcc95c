#pragma once
// Generation-2 artefacts, applied to each rendered axial slice before noise:
// a low-frequency bias and cupping inside the body, and beam-hardening
// streaks from bone, dense contrast and metal.
#include "lsms/core/geometry.h"

#include <array>
#include <cstddef>
#include <vector>

namespace lsms::phantom {

struct ArtefactParameters {
    // Bias: amplitude * sum of three wide cosine waves, HU.
    double biasHu = 0;
    std::array<Vec3, 3> biasK{};
    std::array<double, 3> biasPhase{};
    // Cupping: the body's centre darker by this much than its edge, HU.
    double cuppingHu = 0;
    double bodyHalfWidth = 160, bodyHalfDepth = 120;
    // Beam hardening: the error of each projection grows with the square of
    // the dense material it crossed; filtered back projection of that error
    // gives dark streaks between dense objects. 0: none.
    double beamHardening = 0;
};

// slice: nx*ny HU values of one axial slice at height z; x0, y0 the LPS
// position of pixel (0,0), dx, dy the pixel size.
void addBiasAndCupping(const ArtefactParameters& a, float* slice, std::size_t nx, std::size_t ny, double x0, double y0,
                       double dx, double dy, double z);
void addBeamHardening(const ArtefactParameters& a, float* slice, std::size_t nx, std::size_t ny, double dx, double dy);

}  // namespace lsms::phantom
