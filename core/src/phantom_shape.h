#pragma once
// Generation-2 shapes and habitus: body width and fat, a smooth random
// deformation of the liver, lobe ratios, Riedel lobe, cirrhotic morphology,
// parenchymal texture, arms, table and metal.
#include "phantom_anatomy.h"
#include "phantom_appearance.h"
#include "phantom_draw.h"

namespace lsms::phantom {

struct Habitus {
    double widthMm = 320;  // left-right extent of the body
    double halfDepthMm = 120;
    double fatMm = 20;
};

// Reshapes the anatomy (before lesions are placed) and returns its habitus.
Habitus drawShape(ParameterDraw& d, Anatomy& anatomy, LiverState state, ContrastPhase phase, double wallMm);

}  // namespace lsms::phantom
