#include "lsms/workflow/loading.h"

namespace lsms::workflow {

LoadedSeries loadStudy(const std::filesystem::path& path, const SeriesChoice& choice, const ProgressFn& progress) {
    LoadedSeries r;
    r.scan = scanDicom(path);
    r.seriesIndex = chooseSeries(r.scan, choice, path.string());
    r.ct = loadSeries(r.series(), progress);
    return r;
}

}  // namespace lsms::workflow
