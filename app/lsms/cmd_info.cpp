// lsms info PATH [--json]: what a folder, DICOMDIR or file holds.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace lsms::cli {

namespace {

nlohmann::json vec(const Vec3& v) { return {v[0], v[1], v[2]}; }

struct Range {
    float lo = 0, hi = 0;
    bool valid = false;
};

Range valueRange(const CtVolume& v) {
    Range r;
    if (v.data.empty()) return r;
    auto [lo, hi] = std::minmax_element(v.data.begin(), v.data.end());
    return {*lo, *hi, true};
}

}  // namespace

int cmdInfo(const Argv& argv) {
    Args args(argv, {}, {"json"});
    args.expectPositionals(1, 1, "lsms info PATH [--json]");
    const ScanResult scan = scanDicom(args.positionals()[0]);
    nlohmann::json out;
    out["path"] = args.positionals()[0];
    out["warnings"] = scan.warnings;
    out["series"] = nlohmann::json::array();
    for (const auto& s : scan.series) {
        nlohmann::json j;
        const auto& m = s.metadata;
        j["patient_name"] = m.patientName;
        j["patient_id"] = m.patientId;
        j["study_instance_uid"] = m.studyInstanceUid;
        j["study_date"] = m.studyDate;
        j["series_instance_uid"] = m.seriesInstanceUid;
        j["series_number"] = m.seriesNumber;
        j["frame_of_reference_uid"] = m.frameOfReferenceUid;
        j["modality"] = m.modality;
        j["description"] = m.seriesDescription;
        j["files"] = std::count_if(s.slices.begin(), s.slices.end(), [](const SliceRef& r) { return !r.path.empty(); });
        std::vector<std::string> warnings = s.warnings;
        if (s.problem.empty()) {
            const Geometry& g = s.geometry;
            j["dimensions"] = {g.size[0], g.size[1], g.size[2]};
            j["spacing_mm"] = vec(g.spacing);
            j["origin_lps_mm"] = vec(g.origin);
            j["direction"] = {vec(g.direction[0]), vec(g.direction[1]), vec(g.direction[2])};
            j["orientation"] = orientationLetter(g.direction[0]) + orientationLetter(g.direction[1]) + orientationLetter(g.direction[2]);
            try {
                const Range r = valueRange(loadSeries(s));
                j["value_range"] = {r.lo, r.hi};
                j["value_unit"] = m.modality == "CT" ? "HU" : "rescaled";
            } catch (const Error& e) {
                j["load_error"] = e.what();
            }
        } else {
            j["load_error"] = s.problem;
        }
        j["warnings"] = warnings;
        j["notes"] = s.notes;
        out["series"].push_back(j);
    }

    if (args.flag("json")) {
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << args.positionals()[0] << ": " << scan.series.size() << " series\n";
        for (const auto& w : scan.warnings) std::cout << "warning: " << w << "\n";
        int n = 0;
        for (const auto& j : out["series"]) {
            std::cout << "\nseries " << ++n << ": " << j["modality"].get<std::string>() << " \"" << j["description"].get<std::string>()
                      << "\"\n";
            std::cout << "  patient        " << j["patient_name"].get<std::string>() << " (" << j["patient_id"].get<std::string>() << ")\n";
            std::cout << "  study UID      " << j["study_instance_uid"].get<std::string>() << " (" << j["study_date"].get<std::string>() << ")\n";
            std::cout << "  series UID     " << j["series_instance_uid"].get<std::string>() << " (number " << j["series_number"] << ")\n";
            std::cout << "  files          " << j["files"] << "\n";
            if (j.contains("dimensions")) {
                auto v3 = [](const nlohmann::json& a) {
                    std::ostringstream os;
                    os << std::setprecision(6) << a[0].get<double>() << " x " << a[1].get<double>() << " x " << a[2].get<double>();
                    return os.str();
                };
                std::cout << "  dimensions     " << v3(j["dimensions"]) << "\n";
                std::cout << "  spacing (mm)   " << v3(j["spacing_mm"]) << "\n";
                std::cout << "  origin (LPS)   " << v3(j["origin_lps_mm"]) << "\n";
                std::cout << "  direction      " << v3(j["direction"][0]) << " | " << v3(j["direction"][1]) << " | "
                          << v3(j["direction"][2]) << " (" << j["orientation"].get<std::string>() << ")\n";
            }
            if (j.contains("value_range"))
                std::cout << "  range (" << j["value_unit"].get<std::string>() << ")     " << j["value_range"][0].get<float>() << " .. "
                          << j["value_range"][1].get<float>() << "\n";
            if (j.contains("load_error")) std::cout << "  cannot load:   " << j["load_error"].get<std::string>() << "\n";
            for (const auto& w : j["warnings"]) std::cout << "  warning: " << w.get<std::string>() << "\n";
            for (const auto& n : j["notes"]) std::cout << "  note:    " << n.get<std::string>() << "\n";
        }
    }
    // A series that cannot be loaded is a failure for scripts, but everything is still listed.
    for (const auto& j : out["series"])
        if (j.contains("load_error")) return 1;
    return 0;
}

}  // namespace lsms::cli
