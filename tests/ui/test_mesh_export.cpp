// Surface meshes per segment: a voxelised sphere must come back from the STL
// file as a closed, outward-facing surface centred where the sphere is in LPS,
// on axial, oblique and left-handed (reversed) grids.
#include "support/run_command.h"
#include "lsms/core/error.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/mesh/mesh_export.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <vtkCellArray.h>
#include <vtkFeatureEdges.h>
#include <vtkIdList.h>
#include <vtkOBJReader.h>
#include <vtkPolyData.h>
#include <vtkSTLReader.h>
#include <vtkSmartPointer.h>

#include <array>
#include <cmath>
#include <cstdio>

using namespace lsms;
using namespace lsms::test;
namespace fs = std::filesystem;

namespace {

constexpr double kPi = 3.14159265358979323846;

Geometry grid(const char* kind) {
    Geometry g;
    g.size = {60, 56, 40};
    g.spacing = {0.8, 0.9, 1.5};
    g.origin = {10, -30, 50};
    if (std::string(kind) == "oblique") {
        const double a = 0.4, b = 0.3;
        const Vec3 x{std::cos(a), 0, std::sin(a)}, z{-std::sin(a), 0, std::cos(a)};
        auto rot = [&](const Vec3& v) { return Vec3{std::cos(b) * v[0] - std::sin(b) * v[1], std::sin(b) * v[0] + std::cos(b) * v[1], v[2]}; };
        g.direction = {rot(x), rot(Vec3{0, 1, 0}), rot(z)};
    } else if (std::string(kind) == "reversed") {
        g.direction[2] = {0, 0, -1};  // left-handed: the mesh is mirrored by gridToWorld
    }
    return g;
}

// Voxels whose centre lies within r of c (LPS) get `label`.
void paintSphere(LabelVolume& l, const Vec3& c, double r, std::uint16_t label) {
    const Geometry& g = l.geometry;
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i)
                if (norm(g.indexToWorld({double(i), double(j), double(k)}) - c) <= r) l.at(i, j, k) = label;
}

vtkSmartPointer<vtkPolyData> readStl(const fs::path& f) {
    auto r = vtkSmartPointer<vtkSTLReader>::New();
    r->SetFileName(f.c_str());
    r->Update();
    return r->GetOutput();
}

// Volume by the divergence theorem: positive only if the triangles wind outwards.
double signedVolume(vtkPolyData* mesh) {
    double v = 0;
    auto ids = vtkSmartPointer<vtkIdList>::New();
    for (vtkIdType c = 0; c < mesh->GetNumberOfCells(); ++c) {
        mesh->GetCellPoints(c, ids);
        if (ids->GetNumberOfIds() != 3) return std::nan("");  // STL holds triangles only
        std::array<Vec3, 3> p;
        for (int n = 0; n < 3; ++n) mesh->GetPoint(ids->GetId(n), p[std::size_t(n)].data());
        v += dot(p[0], cross(p[1], p[2])) / 6.0;
    }
    return v;
}

// Edges used by one triangle (holes) or more than two (non-manifold).
vtkIdType openEdges(vtkPolyData* mesh) {
    auto fe = vtkSmartPointer<vtkFeatureEdges>::New();
    fe->SetInputData(mesh);
    fe->BoundaryEdgesOn();
    fe->NonManifoldEdgesOn();
    fe->FeatureEdgesOff();
    fe->ManifoldEdgesOff();
    fe->Update();
    return fe->GetOutput()->GetNumberOfCells();
}

using lsms::test::run;

}  // namespace

TEST_CASE("a voxelised sphere exports as a closed STL centred on the sphere in LPS", "[mesh]") {
    for (const char* kind : {"axial", "oblique", "reversed"}) {
        SECTION(kind) {
            TempDir dir(std::string("mesh-") + kind);
            LabelVolume labels(grid(kind), 0);
            const Geometry& g = labels.geometry;
            const double r = 12.0;
            const Vec3 centre = g.indexToWorld({30.3, 27.6, 19.2});
            paintSphere(labels, centre, r, 4);
            const Vec3 small = g.indexToWorld({8, 8, 8});
            paintSphere(labels, small, 3.0, 9);

            const auto files = mesh::exportMeshes(labels, {{4, "Lesion 1 (right lobe)"}, {9, "small"}}, dir.path() / "meshes",
                                                mesh::MeshFormat::Stl);
            REQUIRE(files.size() == 2);
            CHECK(files[0].filename() == "4_Lesion_1__right_lobe_.stl");
            CHECK(files[1].filename() == "9_small.stl");
            std::size_t inDir = 0;
            for (const auto& e : fs::directory_iterator(dir.path() / "meshes")) inDir += e.is_regular_file();
            CHECK(inDir == 2);  // no temporary left behind

            const auto mesh = readStl(files[0]);
            REQUIRE(mesh->GetNumberOfCells() > 100);
            CHECK(openEdges(mesh) == 0);
            const double voxel = std::max({g.spacing[0], g.spacing[1], g.spacing[2]});
            double b[6];
            mesh->GetBounds(b);
            for (int a = 0; a < 3; ++a) {
                INFO("axis " << a << ": " << b[2 * a] << " .. " << b[2 * a + 1] << ", centre " << centre[std::size_t(a)]);
                CHECK(std::abs((b[2 * a] + b[2 * a + 1]) / 2 - centre[std::size_t(a)]) <= voxel);
                CHECK(std::abs((b[2 * a + 1] - b[2 * a]) - 2 * r) <= 2 * voxel);
            }
            const double v = signedVolume(mesh);
            const double sphere = 4.0 / 3.0 * kPi * r * r * r;
            INFO("signed volume " << v << " mm3, sphere " << sphere << " mm3");
            CHECK(v > 0.9 * sphere);
            CHECK(v < 1.1 * sphere);

            // The second segment is its own mesh, far from the first.
            const auto second = readStl(files[1]);
            second->GetBounds(b);
            for (int a = 0; a < 3; ++a) CHECK(std::abs((b[2 * a] + b[2 * a + 1]) / 2 - small[std::size_t(a)]) <= voxel);
        }
    }
}

TEST_CASE("OBJ export writes the same surface", "[mesh]") {
    TempDir dir("mesh-obj");
    LabelVolume labels(grid("oblique"), 0);
    const Vec3 centre = labels.geometry.indexToWorld({30, 28, 20});
    paintSphere(labels, centre, 10.0, 1);
    const auto files = mesh::exportMeshes(labels, {{1, "lesion"}}, dir.path(), mesh::MeshFormat::Obj);
    REQUIRE(files.size() == 1);
    CHECK(files[0].extension() == ".obj");
    auto reader = vtkSmartPointer<vtkOBJReader>::New();
    reader->SetFileName(files[0].c_str());
    reader->Update();
    vtkPolyData* mesh = reader->GetOutput();
    CHECK(mesh->GetNumberOfPoints() > 0);
    CHECK(mesh->GetNumberOfCells() > 0);
    double b[6];
    mesh->GetBounds(b);
    for (int a = 0; a < 3; ++a) CHECK(std::abs((b[2 * a] + b[2 * a + 1]) / 2 - centre[std::size_t(a)]) <= 1.5);
}

TEST_CASE("an empty segment or an existing file is refused before anything is written", "[mesh][errors]") {
    TempDir dir("mesh-errors");
    LabelVolume labels(grid("axial"), 0);
    paintSphere(labels, labels.geometry.indexToWorld({30, 28, 20}), 6.0, 1);
    CHECK_THROWS_AS(mesh::exportMeshes(labels, {{1, "a"}, {2, "empty"}}, dir.path() / "out", mesh::MeshFormat::Stl), InputError);
    CHECK_FALSE(fs::exists(dir.path() / "out" / "1_a.stl"));
    try {
        mesh::exportMeshes(labels, {{2, "empty"}}, dir.path() / "out", mesh::MeshFormat::Stl);
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("\"empty\" is empty") != std::string::npos);
    }
    mesh::exportMeshes(labels, {{1, "a"}}, dir.path() / "out", mesh::MeshFormat::Stl);
    const auto before = fs::last_write_time(dir.path() / "out" / "1_a.stl");
    CHECK_THROWS_AS(mesh::exportMeshes(labels, {{1, "a"}}, dir.path() / "out", mesh::MeshFormat::Stl), IoError);
    CHECK(fs::last_write_time(dir.path() / "out" / "1_a.stl") == before);
    CHECK_THROWS_AS(mesh::meshFormatFromString("ply"), InputError);
    CHECK(mesh::meshFormatFromString("OBJ") == mesh::MeshFormat::Obj);
}

TEST_CASE("lsms export-mesh writes one mesh per lesion of a phantom", "[mesh][cli]") {
    TempDir dir("mesh-cli");
    const std::string cli = LSMS_CLI;
    int status = -1;
    const std::string ph = run(cli + " phantom --seed 6 --size 64 --slices 20 --spacing 6 --thickness 5 --lesions 2 --out " +
                                   (dir.path() / "p").string(),
                               &status);
    INFO(ph);
    REQUIRE(status == 0);
    const std::string out = run(cli + " export-mesh " + (dir.path() / "p" / "dicom").string() + " " +
                                    (dir.path() / "p" / "labels.nii.gz").string() + " --out " + (dir.path() / "m").string() +
                                    " --format obj",
                                &status);
    INFO(out);
    REQUIRE(status == 0);
    std::size_t objs = 0;
    for (const auto& e : fs::directory_iterator(dir.path() / "m")) objs += e.path().extension() == ".obj";
    CHECK(objs == 2);
    const std::string bad = run(cli + " export-mesh " + (dir.path() / "p" / "dicom").string() + " " +
                                    (dir.path() / "p" / "labels.nii.gz").string() + " --out " + (dir.path() / "m2").string() +
                                    " --format ply",
                                &status);
    CHECK(status == 1);
    CHECK(std::count(bad.begin(), bad.end(), '\n') == 1);
}
