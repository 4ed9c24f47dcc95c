#include "lsms/io/labels_on_grid.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace lsms {

namespace {

std::string num(double v, int precision = 3) {
    if (std::abs(v) < 0.5 * std::pow(10.0, -precision)) v = 0;  // no "-0.000" for a negated zero
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(precision);
    os << v;
    return os.str();
}

std::string vec(const Vec3& v, int precision = 3) {
    return "(" + num(v[0], precision) + ", " + num(v[1], precision) + ", " + num(v[2], precision) + ")";
}

std::string size(const Geometry& g) {
    return std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" + std::to_string(g.size[2]);
}

}  // namespace

std::string gridDifference(const Geometry& labels, const Geometry& series, double tolMm) {
    if (labels.sameGrid(series, tolMm)) return {};
    if (labels.size != series.size) return "size " + size(labels) + " vs the series' " + size(series);
    std::vector<std::string> parts;
    static const char* axis[3] = {"i", "j", "k"};
    for (int a = 0; a < 3; ++a)
        if (norm(labels.direction[a] - series.direction[a]) > 1e-4)
            parts.push_back("axis " + std::string(axis[a]) + " points " + vec(labels.direction[a]) + " vs the series' " +
                            vec(series.direction[a]) + " (LPS)");
    if (norm(labels.spacing - series.spacing) > 1e-4)
        parts.push_back("spacing " + num(labels.spacing[0], 4) + " x " + num(labels.spacing[1], 4) + " x " +
                        num(labels.spacing[2], 4) + " mm vs the series' " + num(series.spacing[0], 4) + " x " +
                        num(series.spacing[1], 4) + " x " + num(series.spacing[2], 4) + " mm");
    const double shift = norm(labels.origin - series.origin);
    if (shift > tolMm)
        parts.push_back("origin " + vec(labels.origin) + " mm vs the series' " + vec(series.origin) + " mm (" + num(shift, 2) +
                        " mm apart)");
    double worst = 0;
    for (int c = 0; c < 8; ++c) {
        const Vec3 ijk{(c & 1) ? double(series.size[0] - 1) : 0.0, (c & 2) ? double(series.size[1] - 1) : 0.0,
                       (c & 4) ? double(series.size[2] - 1) : 0.0};
        worst = std::max(worst, norm(labels.indexToWorld(ijk) - series.indexToWorld(ijk)));
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out + (out.empty() ? "" : ": ") + "corner voxels up to " + num(worst, 2) + " mm apart";
}

std::size_t seriesUnderLabels(const ScanResult& scan, const Geometry& labels, const std::string& labelsName,
                              const std::string& seriesPlace, double tolMm) {
    std::vector<std::size_t> loadable;
    for (std::size_t s = 0; s < scan.series.size(); ++s)
        if (scan.series[s].problem.empty()) {
            if (scan.series[s].geometry.sameGrid(labels, tolMm)) return s;
            loadable.push_back(s);
        }
    if (loadable.empty()) throw InputError("no loadable image series in " + seriesPlace + " (see lsms info)");
    if (loadable.size() == 1)
        throw InputError(labelsName + " does not lie on the series in " + seriesPlace + ": " +
                         gridDifference(labels, scan.series[loadable.front()].geometry, tolMm));
    throw InputError("none of the " + std::to_string(loadable.size()) + " series in " + seriesPlace + " has the grid of " +
                     labelsName + " (" + size(labels) + " at its origin, spacing and direction)");
}

}  // namespace lsms
