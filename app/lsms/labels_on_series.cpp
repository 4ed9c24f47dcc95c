#include "labels_on_series.h"

#include "lsms/core/error.h"
#include "lsms/io/labels_on_grid.h"
#include "lsms/io/nifti_io.h"

namespace lsms::cli {

LabelsOnSeries readLabelsOnSeries(const std::string& dicomDir, const std::string& niftiFile) {
    LabelsOnSeries r;
    r.labels = readNiftiLabels(niftiFile);
    r.scan = scanDicom(dicomDir);
    r.seriesIndex = seriesUnderLabels(r.scan, r.labels.geometry, niftiFile, dicomDir);
    r.labels.geometry = r.series().geometry;
    return r;
}

}  // namespace lsms::cli
