// lsms export-mesh DICOM_DIR LABELS.nii.gz --out DIR [--format stl|obj]:
// one surface mesh per label value, in LPS millimetres of the series.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/mesh/mesh_export.h"
#include "lsms/workflow/labels_on_series.h"

#include <filesystem>
#include <iostream>
#include <vector>

namespace lsms::cli {

int cmdExportMesh(const Argv& argv) {
    Args args(argv, {"out", "format"}, {});
    args.expectPositionals(2, 2, "lsms export-mesh DICOM_DIR LABELS.nii.gz --out DIR [--format stl|obj]");
    if (!args.has("out")) throw InputError("missing --out DIR");
    const mesh::MeshFormat format = mesh::meshFormatFromString(args.value("format", "stl"));
    const LabelVolume labels = workflow::readLabelsOnSeries(args.positionals()[0], args.positionals()[1]).labels;
    std::vector<std::uint8_t> present(65536, 0);
    for (auto v : labels.data) present[v] = 1;
    std::vector<std::pair<std::uint16_t, std::string>> segments;
    for (std::size_t v = 1; v < present.size(); ++v)
        if (present[v]) segments.emplace_back(std::uint16_t(v), "Lesion " + std::to_string(v));
    if (segments.empty()) throw InputError("the label volume is empty: nothing to export");
    const auto files = mesh::exportMeshes(labels, segments, args.value("out"), format);
    std::cout << "wrote " << files.size() << " mesh(es) in LPS mm to " << args.value("out") << "\n";
    for (const auto& f : files) std::cout << "  " << f.filename().string() << "\n";
    return 0;
}

}  // namespace lsms::cli
