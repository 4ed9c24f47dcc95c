#include "lsms/io/modality_check.h"

namespace lsms {

std::string segmentationModalityRefusal(const SeriesMetadata& series) {
    if (series.modality == "CT") return {};
    const std::string what = series.modality.empty() ? "has no modality" : "is " + series.modality;
    return "the series " + what + ", not CT: the network was trained on CT in Hounsfield units and its answer on other images "
           "means nothing";
}

}  // namespace lsms
