#pragma once
// The reading information in a slice view's corners: who and when (top
// right), which series and where the slice lies (bottom left), the window
// (bottom right). Plain text, no Qt, so it can be checked without a window.
#include "lsms/core/geometry.h"
#include "lsms/core/series_metadata.h"

#include <string>

namespace lsms::ui {

struct CornerTexts {
    std::string topRight;     // patient name, study date
    std::string bottomLeft;   // series; slice position ("S 112.5 mm"); thickness
    std::string bottomRight;  // W, L
};

// `normalAxis`: the index axis the view steps through (2 axial, 1 coronal,
// 0 sagittal). The position is the slice centre's LPS coordinate on the
// patient axis the view steps along, with its side letter; the thickness is the stated one for the acquired (axial)
// slices, the voxel spacing for reformats. `statedThicknessMm` 0: unknown.
CornerTexts cornerTexts(const SeriesMetadata& meta, const Geometry& g, int normalAxis, int slice, double statedThicknessMm,
                        double centre, double width);

// "20240131" -> "2024-01-31"; anything else is returned as it is.
std::string formatDicomDate(const std::string& date);

}  // namespace lsms::ui
