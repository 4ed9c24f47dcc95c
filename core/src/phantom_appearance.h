#pragma once
// Generation-2 appearance: contrast phase, tissue densities consistent with
// it, liver state, and each lesion's appearance by kind and phase. The ranges
// are the published ones quoted in docs/phantoms.md.
#include "lsms/core/phantom.h"
#include "phantom_anatomy.h"
#include "phantom_draw.h"

#include <optional>

namespace lsms::phantom {

enum class LiverState { Normal, Steatotic, Cirrhotic };

ContrastPhase drawPhase(ParameterDraw& d, std::optional<ContrastPhase> forced);
LiverState drawLiverState(ParameterDraw& d);
Tissues drawTissues(ParameterDraw& d, ContrastPhase phase, LiverState state);
// Sets core, rim, margin and texture of a placed lesion for the phase;
// `d` records into the lesion's own parameter list.
void drawLesionAppearance(ParameterDraw& d, Lesion& l, ContrastPhase phase, double liverHu);

}  // namespace lsms::phantom
