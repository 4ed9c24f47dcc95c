#include "lsms/workflow/labels_on_series.h"

#include "lsms/io/nifti_io.h"
#include "lsms/io/labels_on_grid.h"

namespace lsms::workflow {

LabelsOnSeries readLabelsOnSeries(const std::string& dicomDir, const std::string& niftiFile) {
    LabelsOnSeries r;
    r.labels = readNiftiLabels(niftiFile);
    r.scan = scanDicom(dicomDir);
    // Says what differs (axis, spacing, origin, size) when no series fits.
    r.seriesIndex = seriesUnderLabels(r.scan, r.labels.geometry, niftiFile, dicomDir);
    r.labels.geometry = r.series().geometry;
    return r;
}

}  // namespace lsms::workflow
