#pragma once
// Which series of a scanned folder a command or the viewer works on. One
// function decides for every front end, so a folder gives the same series
// and the same one-line errors everywhere.
#include "lsms/core/geometry.h"
#include "lsms/io/dicom_series.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lsms::workflow {

struct SeriesChoice {
    // Filters: only loadable series (SeriesInfo::problem empty) ever pass.
    std::string modality;           // non-empty: only series of this modality ("CT")
    std::optional<Geometry> grid;   // set: only series on this voxel grid
    double gridTolerance = 1e-2;    // Geometry::sameGrid's tolerance for `grid`
    std::string preferredSeriesUid; // this series first (the one a SEG references)

    // Among the series that pass, in order: the one at `index` (the CLI's
    // --series), else the only one; with several and no index, the first if
    // `firstOfSeveral`, else an InputError that says how to choose.
    std::optional<std::size_t> index;
    bool firstOfSeveral = false;

    // Words for the messages: what is wanted, and how to choose among several.
    std::string what = "image series";
    std::string howToChoose = "choose one with --series 0..{last} (see lsms info)";
};

// The loadable series that pass the choice's filters: the preferred one
// first, then in scan order.
std::vector<const SeriesInfo*> loadableSeries(const ScanResult& scan, const SeriesChoice& choice = {});

// The series the choice picks, as an index into scan.series. Throws
// InputError naming `where` (the folder) when none passes, when several pass
// and nothing says which, or when the index is out of range.
std::size_t chooseSeries(const ScanResult& scan, const SeriesChoice& choice, const std::string& where);

}  // namespace lsms::workflow
