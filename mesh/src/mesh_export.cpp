#include "lsms/mesh/mesh_export.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"
#include "lsms/mesh/surface_builder.h"

#include <vtkMatrix4x4.h>
#include <vtkOBJReader.h>
#include <vtkOBJWriter.h>
#include <vtkPolyData.h>
#include <vtkPolyDataAlgorithm.h>
#include <vtkReverseSense.h>
#include <vtkSTLReader.h>
#include <vtkSTLWriter.h>
#include <vtkSmartPointer.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cctype>
#include <set>

namespace fs = std::filesystem;

namespace lsms::mesh {

namespace {

const char* extension(MeshFormat f) { return f == MeshFormat::Stl ? ".stl" : ".obj"; }

// The surface in LPS mm with outward winding. A grid whose index axes form a
// left-handed frame in LPS (e.g. slices running foot-wards) mirrors the mesh,
// which turns the triangles inside out unless they are reversed.
vtkSmartPointer<vtkPolyData> worldSurface(const LabelVolume& labels, std::uint16_t label) {
    auto transform = vtkSmartPointer<vtkTransform>::New();
    transform->SetMatrix(gridToWorld(labels.geometry));
    auto toWorld = vtkSmartPointer<vtkTransformPolyDataFilter>::New();
    toWorld->SetInputData(buildSurface(labels, label));
    toWorld->SetTransform(transform);
    vtkSmartPointer<vtkPolyData> out;
    if (transform->GetMatrix()->Determinant() < 0) {
        auto reverse = vtkSmartPointer<vtkReverseSense>::New();
        reverse->SetInputConnection(toWorld->GetOutputPort());
        reverse->ReverseCellsOn();
        reverse->ReverseNormalsOff();  // the transform already mirrored the normals
        reverse->Update();
        out = reverse->GetOutput();
    } else {
        toWorld->Update();
        out = toWorld->GetOutput();
    }
    return out;
}

// VTK's STL and OBJ writers do not report a failed write (a full disk leaves
// a short file and no error), so the file is read back and its triangles counted.
bool writtenIntact(vtkPolyData* mesh, const fs::path& file, MeshFormat format) {
    vtkSmartPointer<vtkPolyDataAlgorithm> reader;
    if (format == MeshFormat::Stl) {
        auto r = vtkSmartPointer<vtkSTLReader>::New();
        r->SetFileName(file.c_str());
        r->MergingOff();
        reader = r;
    } else {
        auto r = vtkSmartPointer<vtkOBJReader>::New();
        r->SetFileName(file.c_str());
        reader = r;
    }
    reader->Update();
    return reader->GetErrorCode() == 0 && reader->GetOutput()->GetNumberOfCells() == mesh->GetNumberOfCells() &&
           reader->GetOutput()->GetNumberOfPoints() >= (format == MeshFormat::Stl ? 3 * mesh->GetNumberOfCells()
                                                                                   : mesh->GetNumberOfPoints());
}

void write(vtkPolyData* mesh, const fs::path& file, MeshFormat format, const std::string& name) {
    writeFileAtomically(file, [&](const fs::path& tmp) {
        bool ok;
        if (format == MeshFormat::Stl) {
            auto w = vtkSmartPointer<vtkSTLWriter>::New();
            w->SetInputData(mesh);
            w->SetFileName(tmp.c_str());
            w->SetFileTypeToBinary();
            // A binary STL header is 80 bytes: the frame and units, then as much of the name as fits.
            w->SetHeader(("LSMS Viewer, LPS mm: " + name).substr(0, 80).c_str());
            ok = w->Write() != 0 && w->GetErrorCode() == 0;
        } else {
            auto w = vtkSmartPointer<vtkOBJWriter>::New();
            w->SetInputData(mesh);
            w->SetFileName(tmp.c_str());
            ok = w->Write() != 0 && w->GetErrorCode() == 0;
        }
        const int writeErrno = errno;
        if (!ok || !writtenIntact(mesh, tmp, format))
            throw IoError(std::string("the written file is incomplete") +
                          (writeErrno ? std::string(": ") + std::strerror(writeErrno) : std::string()));
        return true;
    });
}

}  // namespace

MeshFormat meshFormatFromString(const std::string& text) {
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (t == "stl") return MeshFormat::Stl;
    if (t == "obj") return MeshFormat::Obj;
    throw InputError("unknown mesh format '" + text + "' (stl or obj)");
}

fs::path meshFileName(std::uint16_t label, const std::string& name, MeshFormat format) {
    std::string safe;
    for (unsigned char c : name) safe += std::isalnum(c) || c == '-' || c == '.' ? char(c) : '_';
    if (safe.empty()) safe = "segment";
    return std::to_string(label) + "_" + safe + extension(format);
}

std::vector<fs::path> exportMeshes(const LabelVolume& labels, const std::vector<std::pair<std::uint16_t, std::string>>& labelsAndNames,
                                   const fs::path& dir, MeshFormat format) {
    if (labelsAndNames.empty()) throw InputError("no segment to export");
    if (labels.data.size() != labels.geometry.voxelCount()) throw InputError("the label volume does not match its geometry");
    std::vector<std::uint8_t> present(65536, 0);  // a flag per label: one pass, no per-voxel tree insert
    for (auto v : labels.data) present[v] = 1;
    std::vector<fs::path> files;
    std::set<fs::path> unique;
    for (const auto& [label, name] : labelsAndNames) {
        if (label == 0 || !present[label])
            throw InputError("segment " + std::to_string(label) + " \"" + name + "\" is empty: no surface to export");
        files.push_back(dir / meshFileName(label, name, format));
        if (!unique.insert(files.back()).second) throw InputError("segment " + std::to_string(label) + " is listed twice");
        std::error_code ec;
        if (fs::exists(files.back(), ec)) throw IoError(files.back().string() + " exists: nothing is overwritten");
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw IoError("cannot create " + dir.string() + ": " + ec.message());
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto mesh = worldSurface(labels, labelsAndNames[i].first);
        write(mesh, files[i], format, labelsAndNames[i].second);
    }
    return files;
}

}  // namespace lsms::mesh
