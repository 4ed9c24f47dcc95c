#include "lsms/workflow/labels_on_series.h"

#include "lsms/io/nifti_io.h"
#include "lsms/workflow/series_choice.h"

namespace lsms::workflow {

LabelsOnSeries readLabelsOnSeries(const std::string& dicomDir, const std::string& niftiFile) {
    LabelsOnSeries r;
    r.labels = readNiftiLabels(niftiFile);
    r.scan = scanDicom(dicomDir);
    const auto& a = r.labels.geometry.size;
    SeriesChoice c;
    c.grid = r.labels.geometry;
    c.firstOfSeveral = true;
    c.what = "series with the label volume's grid (" + std::to_string(a[0]) + "x" + std::to_string(a[1]) + "x" +
             std::to_string(a[2]) + " at its origin, spacing and direction)";
    r.seriesIndex = chooseSeries(r.scan, c, dicomDir);
    r.labels.geometry = r.series().geometry;
    return r;
}

}  // namespace lsms::workflow
