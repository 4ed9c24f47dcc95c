#include "lsms/mesh/surface_builder.h"

#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkUnsignedCharArray.h>
#include <vtkPointData.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>

namespace lsms::mesh {

vtkSmartPointer<vtkPolyData> buildSurface(const LabelVolume& labels, std::uint16_t label, int iterations, const SliceSpan* within,
                                          SliceSpan* found) {
    const Geometry& g = labels.geometry;
    // Bounding box of the label, padded by one voxel so the surface closes.
    std::size_t lo[3] = {g.size[0], g.size[1], g.size[2]}, hi[3] = {0, 0, 0};
    bool any = false;
    const std::size_t kFirst = within ? std::min(within->first, g.size[2]) : 0;
    const std::size_t kEnd = within ? std::min(within->end, g.size[2]) : g.size[2];
    for (std::size_t k = kFirst; k < kEnd; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j) {
            const auto* row = labels.data.data() + g.size[0] * (j + g.size[1] * k);
            for (std::size_t i = 0; i < g.size[0]; ++i)
                if (row[i] == label) {
                    any = true;
                    lo[0] = std::min(lo[0], i), hi[0] = std::max(hi[0], i);
                    lo[1] = std::min(lo[1], j), hi[1] = std::max(hi[1], j);
                    lo[2] = std::min(lo[2], k), hi[2] = std::max(hi[2], k);
                }
        }
    if (found) *found = any ? SliceSpan{lo[2], hi[2] + 1} : SliceSpan{};
    auto empty = vtkSmartPointer<vtkPolyData>::New();
    if (!any) return empty;
    int dims[3];
    long start[3];
    for (int a = 0; a < 3; ++a) {
        start[a] = long(lo[a]) - 1;
        dims[a] = int(hi[a] - lo[a]) + 3;
    }
    auto img = vtkSmartPointer<vtkImageData>::New();
    img->SetDimensions(dims);
    img->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    img->SetOrigin(double(start[0]) * g.spacing[0], double(start[1]) * g.spacing[1], double(start[2]) * g.spacing[2]);
    auto scalars = vtkSmartPointer<vtkUnsignedCharArray>::New();
    scalars->SetNumberOfValues(vtkIdType(dims[0]) * dims[1] * dims[2]);
    vtkIdType n = 0;
    for (int k = 0; k < dims[2]; ++k)
        for (int j = 0; j < dims[1]; ++j)
            for (int i = 0; i < dims[0]; ++i) {
                const long x = start[0] + i, y = start[1] + j, z = start[2] + k;
                const bool in = x >= 0 && y >= 0 && z >= 0 && x < long(g.size[0]) && y < long(g.size[1]) && z < long(g.size[2]) &&
                                labels.at(std::size_t(x), std::size_t(y), std::size_t(z)) == label;
                scalars->SetValue(n++, in ? 255 : 0);
            }
    img->GetPointData()->SetScalars(scalars);
    auto fe = vtkSmartPointer<vtkFlyingEdges3D>::New();
    fe->SetInputData(img);
    fe->SetValue(0, 127.5);
    fe->ComputeNormalsOff();
    auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    smooth->SetInputConnection(fe->GetOutputPort());
    smooth->SetNumberOfIterations(iterations);
    smooth->SetPassBand(0.1);
    smooth->NormalizeCoordinatesOn();
    smooth->BoundarySmoothingOff();
    auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
    normals->SetInputConnection(smooth->GetOutputPort());
    normals->SplittingOff();
    normals->Update();
    auto out = vtkSmartPointer<vtkPolyData>::New();
    out->ShallowCopy(normals->GetOutput());
    return out;
}

vtkSmartPointer<vtkMatrix4x4> gridToWorld(const Geometry& g) {
    auto m = vtkSmartPointer<vtkMatrix4x4>::New();
    m->Identity();
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) m->SetElement(r, c, g.direction[std::size_t(c)][std::size_t(r)]);
        m->SetElement(r, 3, g.origin[std::size_t(r)]);
    }
    return m;
}

}  // namespace lsms::mesh
