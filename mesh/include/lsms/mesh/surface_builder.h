#pragma once
// Segment surfaces (the 3D view, mesh files): flying edges on each segment's mask,
// windowed-sinc smoothing, placed in LPS by the volume's geometry.
#include "lsms/core/volume.h"

#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>


namespace lsms::mesh {

// Axial slices [first, end) of a grid.
struct SliceSpan {
    std::size_t first = 0, end = 0;
};

// Surface of voxels equal to `label`, in the grid frame (mm along the index
// axes from the grid origin); empty polydata if there are none.
vtkSmartPointer<vtkPolyData> buildSurface(const LabelVolume& labels, std::uint16_t label, int smoothingIterations = 15);
// The same for a mask's voxels equal to `value`.
vtkSmartPointer<vtkPolyData> buildSurface(const MaskVolume& mask, std::uint8_t value, int smoothingIterations = 15);
// The part of that surface between axial slices firstSlice and lastSlice
// (either may lie one beyond the grid, where voxels read as background),
// open at both: slabs sharing an end slice join vertex for vertex, so a
// large segment's surface can be rebuilt a slab at a time after an edit.
// `found`: the slices of the slab that hold the label.
vtkSmartPointer<vtkPolyData> buildSlabSurface(const LabelVolume& labels, std::uint16_t label, long firstSlice, long lastSlice,
                                              int smoothingIterations = 15, SliceSpan* found = nullptr);
// Grid frame -> LPS.
vtkSmartPointer<vtkMatrix4x4> gridToWorld(const Geometry& g);

}  // namespace lsms::mesh
