#pragma once
// Segment surfaces (the 3D view, mesh files): flying edges on each segment's mask,
// windowed-sinc smoothing, placed in LPS by the volume's geometry.
#include "lsms/core/volume.h"

#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>


namespace lsms::mesh {

// Surface of voxels equal to `label`, in the grid frame (mm along the index
// axes from the grid origin); empty polydata if there are none.
vtkSmartPointer<vtkPolyData> buildSurface(const LabelVolume& labels, std::uint16_t label, int smoothingIterations = 15);
// Grid frame -> LPS.
vtkSmartPointer<vtkMatrix4x4> gridToWorld(const Geometry& g);

}  // namespace lsms::mesh
