#pragma once
// One segment's surface for the 3D view, kept in slabs of axial slices so
// that an edit rebuilds only the slabs it reached: after a brush stroke on a
// segment spread over hundreds of slices, the work is that of one slab, not
// of the whole segment.
#include "lsms/mesh/surface_builder.h"

#include <map>

namespace lsms::mesh {

class SlabbedSurface {
public:
    // Slab c holds the cells between slices c*slabSlices - 1 and
    // (c+1)*slabSlices - 1: neighbours share their end slice.
    explicit SlabbedSurface(std::size_t slabSlices = 32, int smoothingIterations = 15);

    // Rebuilds the slabs that hold a slice of `changed` ([first, end); all of
    // them when first >= end) and returns how many it built.
    std::size_t update(const LabelVolume& labels, std::uint16_t label, SliceSpan changed = {});
    // The slabs' surfaces in one polydata (a new one after each update).
    vtkSmartPointer<vtkPolyData> surface() const { return surface_; }
    // The slices holding the label, as last built (first == end: none).
    SliceSpan slices() const;

private:
    struct Slab {
        vtkSmartPointer<vtkPolyData> surface;
        SliceSpan found;
    };
    std::size_t slabSlices_;
    int iterations_;
    std::map<long, Slab> slabs_;  // non-empty ones, by index
    vtkSmartPointer<vtkPolyData> surface_;
};

}  // namespace lsms::mesh
