#include "lsms/ui/scale_bar.h"

#include <cmath>
#include <initializer_list>

namespace lsms::ui {

double scaleBarLengthMm(double viewWidthMm) {
    if (!(viewWidthMm > 0) || !std::isfinite(viewWidthMm)) return 0;
    const double target = viewWidthMm / 5;
    const double decade = std::pow(10.0, std::floor(std::log10(target)));
    double best = decade;
    // 10 x decade covers a target just under the next power of ten.
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        const double length = step * decade;
        if (std::abs(std::log(length / target)) < std::abs(std::log(best / target))) best = length;
    }
    return best;
}

}  // namespace lsms::ui
