#include "lsms/workflow/loading.h"

#include "lsms/core/memory_budget.h"

#include <string>

namespace lsms::workflow {

LoadedSeries loadStudy(const std::filesystem::path& path, const SeriesChoice& choice, const ProgressFn& progress) {
    LoadedSeries r;
    r.scan = scanDicom(path);
    r.seriesIndex = chooseSeries(r.scan, choice, path.string());
    r.ct = loadSeries(r.series(), progress);
    return r;
}

void requireMemoryToView(const SeriesInfo& series) {
    const auto& size = series.geometry.size;
    requireMemory(std::uint64_t(series.geometry.voxelCount()) * kViewerBytesPerVoxel,
                  "viewing the series (" + std::to_string(size[0]) + "×" + std::to_string(size[1]) + "×" + std::to_string(size[2]) +
                      " voxels: the CT, the labels and what the viewer works with, about " +
                      std::to_string(kViewerBytesPerVoxel) + " bytes a voxel at its peak)");
}

}  // namespace lsms::workflow
