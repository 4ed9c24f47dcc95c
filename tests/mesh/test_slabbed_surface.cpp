#include "lsms/mesh/slabbed_surface.h"

#include <catch2/catch.hpp>

#include <vtkCleanPolyData.h>
#include <vtkFeatureEdges.h>
#include <vtkMassProperties.h>
#include <vtkTriangleFilter.h>

#include <cmath>

using namespace lsms;

namespace {

// An ellipsoid of label 3 over slices 5..94 of a 64x64x100 grid, 1 mm voxels.
LabelVolume ellipsoid() {
    Geometry g;
    g.size = {64, 64, 100};
    LabelVolume v(g);
    for (std::size_t k = 0; k < 100; ++k)
        for (std::size_t j = 0; j < 64; ++j)
            for (std::size_t i = 0; i < 64; ++i) {
                const double x = (double(i) - 31.5) / 20, y = (double(j) - 31.5) / 14, z = (double(k) - 49.5) / 45;
                if (x * x + y * y + z * z <= 1) v.at(i, j, k) = 3;
            }
    return v;
}

// Points within 1e-4 mm merged: the slabs' shared points differ only by rounding.
vtkSmartPointer<vtkCleanPolyData> merged(vtkPolyData* surface) {
    auto clean = vtkSmartPointer<vtkCleanPolyData>::New();
    clean->SetInputData(surface);
    clean->ToleranceIsAbsoluteOn();
    clean->SetAbsoluteTolerance(1e-4);
    return clean;
}

// Boundary edges once merged: 0 for a closed surface.
vtkIdType openEdges(vtkPolyData* surface) {
    auto edges = vtkSmartPointer<vtkFeatureEdges>::New();
    edges->SetInputConnection(merged(surface)->GetOutputPort());
    edges->BoundaryEdgesOn();
    edges->FeatureEdgesOff();
    edges->ManifoldEdgesOff();
    edges->NonManifoldEdgesOff();
    edges->Update();
    return edges->GetOutput()->GetNumberOfLines();
}

double enclosedVolume(vtkPolyData* surface) {
    auto tri = vtkSmartPointer<vtkTriangleFilter>::New();
    tri->SetInputConnection(merged(surface)->GetOutputPort());
    auto mass = vtkSmartPointer<vtkMassProperties>::New();
    mass->SetInputConnection(tri->GetOutputPort());
    mass->Update();
    return mass->GetVolume();
}

}  // namespace

TEST_CASE("a segment's surface built in slabs is closed where the slabs meet and encloses what the whole surface does",
          "[mesh][slabs]") {
    const LabelVolume labels = ellipsoid();
    mesh::SlabbedSurface slabbed(16);
    CHECK(slabbed.update(labels, 3) == 7);  // slabs 0..6 cover slices -1..111
    CHECK(slabbed.slices().first == 5);
    CHECK(slabbed.slices().end == 95);
    const auto whole = mesh::buildSurface(labels, 3);
    CHECK(openEdges(whole) == 0);
    CHECK(openEdges(slabbed.surface()) == 0);
    const double a = enclosedVolume(whole), b = enclosedVolume(slabbed.surface());
    CHECK(std::abs(a - b) < 0.01 * a);
    // Voxel count as the reference: 4/3 pi abc.
    CHECK(std::abs(b - 4.0 / 3.0 * M_PI * 20 * 14 * 45) < 0.05 * b);
}

TEST_CASE("an edit rebuilds only the slabs holding the slices it changed", "[mesh][slabs]") {
    LabelVolume labels = ellipsoid();
    mesh::SlabbedSurface slabbed(16);
    slabbed.update(labels, 3);
    const auto before = slabbed.surface()->GetNumberOfPoints();
    // Slice 40 lies in slab 2 (slices 31..47) only; slice 47 also in slab 3 (47..63).
    for (std::size_t i = 0; i < 64; ++i) labels.at(i, 2, 40) = 3;
    CHECK(slabbed.update(labels, 3, {40, 41}) == 1);
    CHECK(slabbed.surface()->GetNumberOfPoints() > before);
    CHECK(openEdges(slabbed.surface()) == 0);
    for (std::size_t i = 0; i < 64; ++i) labels.at(i, 2, 47) = 3;
    CHECK(slabbed.update(labels, 3, {47, 48}) == 2);
    CHECK(openEdges(slabbed.surface()) == 0);
    // The same surface as one built from nothing.
    mesh::SlabbedSurface fresh(16);
    fresh.update(labels, 3);
    CHECK(fresh.surface()->GetNumberOfPoints() == slabbed.surface()->GetNumberOfPoints());
    CHECK(std::abs(enclosedVolume(fresh.surface()) - enclosedVolume(slabbed.surface())) < 1e-6);
    // Erased: no slabs, no surface.
    std::fill(labels.data.begin(), labels.data.end(), std::uint16_t(0));
    slabbed.update(labels, 3);
    CHECK(slabbed.surface()->GetNumberOfPoints() == 0);
    CHECK(slabbed.slices().first == slabbed.slices().end);
}

TEST_CASE("a segment on the first and last slices and on one shared slab slice closes", "[mesh][slabs]") {
    Geometry g;
    g.size = {20, 20, 32};
    LabelVolume labels(g);
    for (std::size_t j = 5; j < 10; ++j)
        for (std::size_t i = 5; i < 10; ++i) {
            labels.at(i, j, 0) = 1;
            labels.at(i, j, 31) = 1;
            labels.at(i, j, 15) = 1;  // the first slice of slab 1, the last of slab 0
        }
    mesh::SlabbedSurface slabbed(16);
    slabbed.update(labels, 1);
    CHECK(openEdges(slabbed.surface()) == 0);
    CHECK(slabbed.slices().first == 0);
    CHECK(slabbed.slices().end == 32);
    // One-voxel-thin squares cut by a slab end are smoothed as two halves:
    // close to the whole surface, not equal to it.
    const double whole = enclosedVolume(mesh::buildSurface(labels, 1));
    CHECK(std::abs(enclosedVolume(slabbed.surface()) - whole) < 0.1 * whole);
}
