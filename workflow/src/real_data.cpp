#include "lsms/workflow/real_data.h"

#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/nifti_io.h"
#include "lsms/workflow/series_choice.h"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace lsms::workflow {

namespace fs = std::filesystem;
using models::ReferringExpression;

namespace {

[[noreturn]] void bad(const fs::path& file, const std::string& what) {
    throw InputError(file.string() + ": " + what);
}

CtVolume readCt(const fs::path& caseDir) {
    const auto nifti = caseDir / "ct.nii.gz", dicom = caseDir / "dicom";
    if (fs::exists(nifti)) return readNiftiCt(nifti);
    if (!fs::is_directory(dicom)) bad(caseDir, "missing ct.nii.gz (or a dicom/ folder with the CT series)");
    const auto scan = scanDicom(dicom);
    SeriesChoice c;
    c.modality = "CT";
    c.what = "CT series";
    c.howToChoose = "a case needs exactly one (see lsms info)";
    return loadSeries(scan.series[chooseSeries(scan, c, dicom.string())]);
}

std::string describe(const Geometry& g) {
    return std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" + std::to_string(g.size[2]);
}

}  // namespace

models::PhantomCase readRealCase(const fs::path& caseDir, int imageSize, double contextSpacingMm) {
    const auto labelsFile = caseDir / "labels.nii.gz", exprFile = caseDir / "expressions.json";
    // Cheap checks first: a typo should not cost a long DICOM read.
    if (!fs::exists(labelsFile)) bad(labelsFile, "missing");
    auto expressions = readExpressions(exprFile);
    const CtVolume ct = readCt(caseDir);
    const LabelVolume labels = readNiftiLabels(labelsFile);
    const auto& g = ct.geometry;
    if (!g.sameGrid(labels.geometry, 0.05 * std::min({g.spacing[0], g.spacing[1], g.spacing[2]})))
        bad(labelsFile, "grid " + describe(labels.geometry) + " does not match the CT's " + describe(g) +
                            " (size, spacing, origin and direction must agree)");
    std::vector<bool> present(65536, false);
    for (auto v : labels.data) present[v] = true;
    for (std::size_t n = 0; n < expressions.size(); ++n)
        for (int id : expressions[n].targets)
            if (!present[std::size_t(id)])
                bad(exprFile, "expression " + std::to_string(n + 1) + " (\"" + expressions[n].text +
                                  "\") targets lesion " + std::to_string(id) + ", absent from labels.nii.gz");
    return models::annotatedCase(ct, labels, std::move(expressions), imageSize, contextSpacingMm);
}

std::vector<models::PhantomCase> readRealData(const fs::path& dir, int imageSize, double contextSpacingMm,
                                              std::vector<std::string>* names) {
    if (!fs::is_directory(dir)) bad(dir, "not a folder");
    std::vector<fs::path> caseDirs;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_directory()) caseDirs.push_back(entry.path());
    std::sort(caseDirs.begin(), caseDirs.end());
    if (caseDirs.empty()) bad(dir, "no case folders (expected DIR/<case>/{ct.nii.gz,labels.nii.gz,expressions.json})");
    std::vector<models::PhantomCase> cases;
    for (const auto& c : caseDirs) {
        // One case at a time: a resampled training case is far smaller than its CT.
        cases.push_back(readRealCase(c, imageSize, contextSpacingMm));
        if (names) names->push_back(c.filename().string());
    }
    return cases;
}

}  // namespace lsms::workflow
