#include "labels_on_series.h"

#include "lsms/core/error.h"
#include "lsms/io/nifti_io.h"

#include <algorithm>

namespace lsms::cli {

LabelsOnSeries readLabelsOnSeries(const std::string& dicomDir, const std::string& niftiFile) {
    LabelsOnSeries r;
    r.labels = readNiftiLabels(niftiFile);
    r.scan = scanDicom(dicomDir);
    const auto& all = r.scan.series;
    const auto match = std::find_if(all.begin(), all.end(), [&](const SeriesInfo& s) {
        return s.problem.empty() && r.labels.geometry.sameGrid(s.geometry, 1e-2);
    });
    if (match == all.end()) {
        const auto& a = r.labels.geometry.size;
        throw InputError("no series in " + dicomDir + " has the label volume's grid (" + std::to_string(a[0]) + "x" +
                         std::to_string(a[1]) + "x" + std::to_string(a[2]) +
                         " at its origin, spacing and direction)");
    }
    r.seriesIndex = std::size_t(match - all.begin());
    r.labels.geometry = match->geometry;
    return r;
}

}  // namespace lsms::cli
