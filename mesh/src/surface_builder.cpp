#include "lsms/mesh/surface_builder.h"

#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkUnsignedCharArray.h>
#include <vtkPointData.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <cmath>

namespace lsms::mesh {

namespace {

// One implementation for label and mask volumes: the liver's mask is drawn
// from its own bytes, not from a 2-byte copy of the whole grid.
// `slab` (grid slices, may reach one beyond the grid): the cells between its
// first and last slice only, left open at both, so neighbouring slabs that
// share an end slice meet vertex for vertex; without it the whole label,
// closed by a ring of background.
struct SlabRange {
    long first, last;
};

template <typename T>
vtkSmartPointer<vtkPolyData> surfaceOf(const Volume<T>& labels, T label, int iterations, SliceSpan* found = nullptr,
                                       const SlabRange* slab = nullptr) {
    const Geometry& g = labels.geometry;
    const std::size_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
    // Bounding box of the label, padded by one voxel so the surface closes.
    std::size_t lo[3] = {nx, ny, nz}, hi[3] = {0, 0, 0};
    bool any = false;
    const std::size_t kFirst = slab ? std::size_t(std::clamp(slab->first, 0L, long(nz))) : 0;
    const std::size_t kEnd = slab ? std::size_t(std::clamp(slab->last + 1, 0L, long(nz))) : nz;
    for (std::size_t k = kFirst; k < kEnd; ++k)
        for (std::size_t j = 0; j < ny; ++j) {
            const T* row = labels.data.data() + nx * (j + ny * k);
            const T* first = std::find(row, row + nx, label);
            if (first == row + nx) continue;
            std::size_t last = nx - 1;
            while (row[last] != label) --last;
            any = true;
            lo[0] = std::min(lo[0], std::size_t(first - row)), hi[0] = std::max(hi[0], last);
            lo[1] = std::min(lo[1], j), hi[1] = std::max(hi[1], j);
            lo[2] = std::min(lo[2], k), hi[2] = std::max(hi[2], k);
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
    if (slab) {
        start[2] = slab->first;
        dims[2] = int(slab->last - slab->first) + 1;
    }
    auto img = vtkSmartPointer<vtkImageData>::New();
    img->SetDimensions(dims);
    img->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    img->SetOrigin(double(start[0]) * g.spacing[0], double(start[1]) * g.spacing[1], double(start[2]) * g.spacing[2]);
    auto scalars = vtkSmartPointer<vtkUnsignedCharArray>::New();
    scalars->SetNumberOfValues(vtkIdType(dims[0]) * dims[1] * dims[2]);
    unsigned char* out = scalars->GetPointer(0);
    std::fill(out, out + std::size_t(dims[0]) * std::size_t(dims[1]) * std::size_t(dims[2]), 0);
    // The padding ring stays 0 (in a slab, only slices beyond the grid);
    // inside it, rows are compared straight from the grid.
    const int ring = slab ? 0 : 1;
    for (int k = ring; k + ring < dims[2]; ++k) {
        if (start[2] + k < 0 || start[2] + k >= long(nz)) continue;
        for (int j = 1; j + 1 < dims[1]; ++j) {
            const T* row = labels.data.data() + nx * (std::size_t(start[1] + j) + ny * std::size_t(start[2] + k)) + lo[0];
            unsigned char* dst = out + std::size_t(dims[0]) * (std::size_t(j) + std::size_t(dims[1]) * std::size_t(k)) + 1;
            for (int i = 0; i + 2 < dims[0]; ++i) dst[i] = row[i] == label ? 255 : 0;
        }
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
    smooth->Update();
    vtkSmartPointer<vtkPolyData> smoothed = smooth->GetOutput();
    if (slab) {
        // The smoother still moves some vertices where a slab is cut (those
        // VTK does not class as boundary): they are put back where flying
        // edges placed them, which is where the neighbouring slab has them.
        smoothed = vtkSmartPointer<vtkPolyData>::New();
        smoothed->DeepCopy(smooth->GetOutput());
        vtkPoints* raw = fe->GetOutput()->GetPoints();
        vtkPoints* moved = smoothed->GetPoints();
        const double zLow = double(slab->first) * g.spacing[2], zHigh = double(slab->last) * g.spacing[2];
        const double eps = 1e-6 * g.spacing[2];
        double p[3];
        for (vtkIdType id = 0; raw && id < raw->GetNumberOfPoints(); ++id) {
            raw->GetPoint(id, p);
            if (std::abs(p[2] - zLow) < eps || std::abs(p[2] - zHigh) < eps) moved->SetPoint(id, p);
        }
    }
    auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
    normals->SetInputData(smoothed);
    normals->SplittingOff();
    normals->Update();
    auto result = vtkSmartPointer<vtkPolyData>::New();
    result->ShallowCopy(normals->GetOutput());
    return result;
}

}  // namespace

vtkSmartPointer<vtkPolyData> buildSlabSurface(const LabelVolume& labels, std::uint16_t label, long firstSlice, long lastSlice,
                                              int iterations, SliceSpan* found) {
    const SlabRange slab{firstSlice, lastSlice};
    return surfaceOf(labels, label, iterations, found, &slab);
}

vtkSmartPointer<vtkPolyData> buildSurface(const LabelVolume& labels, std::uint16_t label, int iterations) {
    return surfaceOf(labels, label, iterations);
}

vtkSmartPointer<vtkPolyData> buildSurface(const MaskVolume& mask, std::uint8_t value, int iterations) {
    return surfaceOf(mask, value, iterations);
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
