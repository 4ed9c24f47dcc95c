#include "lsms/io/phantom_study.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"
#include "lsms/io/dicom_writer.h"
#include "lsms/io/nifti_io.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace lsms {

namespace {
// {"name": value} for numbers, {"name": "text"} for categorical draws (keys
// sorted by name); the range each number was drawn from in "ranges".
json parametersJson(const std::vector<phantom::DrawnParameter>& params) {
    json values = json::object(), ranges = json::object();
    for (const auto& p : params) {
        if (p.text.empty()) {
            values[p.name] = p.number;
            ranges[p.name] = {p.lo, p.hi};
        } else {
            values[p.name] = p.text;
        }
    }
    return {{"values", values}, {"ranges", ranges}};
}
}  // namespace

void writePhantomStudy(const phantom::Phantom& ph, const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
        throw IoError(dir.string() + " is not empty: choose a new folder (nothing is overwritten)");
    fs::create_directories(dir, ec);
    if (ec) throw IoError("cannot create folder " + dir.string() + ": " + ec.message());
    writeDicomSeries(ph.ct, ph.metadata, dir / "dicom");
    writeNifti(ph.labels, dir / "labels.nii.gz");
    writeNifti(ph.liver, dir / "liver.nii.gz");

    json j;
    j["note"] = "Synthetic liver CT phantom made by LSMS Viewer: not patient data.";
    j["seed"] = ph.seed;
    const Geometry& g = ph.ct.geometry;
    j["grid"] = {{"size", {g.size[0], g.size[1], g.size[2]}},
                 {"spacing_mm", {g.spacing[0], g.spacing[1], g.spacing[2]}},
                 {"origin_lps_mm", {g.origin[0], g.origin[1], g.origin[2]}}};
    j["lesions"] = json::array();
    for (const auto& l : ph.lesions) {
        j["lesions"].push_back({{"id", l.id},
                                {"kind", phantom::toString(l.kind)},
                                {"centre_lps_mm", {l.centre[0], l.centre[1], l.centre[2]}},
                                {"volume_ml", l.volumeMl},
                                {"mean_hu", l.meanHu},
                                {"longest_axial_diameter_mm", l.longestAxialDiameterMm},
                                {"lobe", phantom::toString(l.lobe)},
                                {"couinaud_segment", phantom::couinaudRoman(l.couinaud)},
                                {"nominal_diameter_mm", l.nominalDiameterMm}});
        if (!l.parameters.empty()) j["lesions"].back()["drawn"] = parametersJson(l.parameters);
    }
    if (ph.version != 1) {
        // Generation 2: every drawn parameter, and where its tissues can be measured.
        j["generator_version"] = ph.version;
        j["drawn"] = parametersJson(ph.parameters);
        j["reference_points"] = json::array();
        for (const auto& r : ph.referencePoints)
            j["reference_points"].push_back(
                {{"name", r.name}, {"centre_lps_mm", {r.centre[0], r.centre[1], r.centre[2]}}, {"radius_mm", r.radiusMm}});
    }
    writeFileAtomically(dir / "truth.json", j.dump(2) + "\n");
}

PhantomTruth readTruthJson(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw IoError("cannot read " + file.string());
    PhantomTruth t;
    try {
        const json j = json::parse(in);
        t.seed = j.at("seed").get<std::uint64_t>();
        for (const auto& l : j.at("lesions")) {
            phantom::LesionTruth lt;
            lt.id = l.at("id").get<int>();
            lt.kind = phantom::lesionKindFromString(l.at("kind").get<std::string>());
            const auto c = l.at("centre_lps_mm");
            lt.centre = {c.at(0).get<double>(), c.at(1).get<double>(), c.at(2).get<double>()};
            lt.volumeMl = l.at("volume_ml").get<double>();
            lt.meanHu = l.at("mean_hu").get<double>();
            lt.longestAxialDiameterMm = l.at("longest_axial_diameter_mm").get<double>();
            const std::string lobe = l.at("lobe").get<std::string>();
            lt.lobe = lobe == "left" ? phantom::Lobe::Left : lobe == "caudate" ? phantom::Lobe::Caudate : phantom::Lobe::Right;
            const std::string seg = l.at("couinaud_segment").get<std::string>();
            for (int s = 1; s <= 8; ++s)
                if (phantom::couinaudRoman(s) == seg) lt.couinaud = s;
            lt.nominalDiameterMm = l.value("nominal_diameter_mm", 0.0);
            t.lesions.push_back(lt);
        }
    } catch (const json::exception& e) {
        throw InputError("malformed truth file " + file.string() + ": " + e.what());
    }
    return t;
}

}  // namespace lsms
