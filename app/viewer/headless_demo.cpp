#include "headless_demo.h"

#include "demo_study.h"

#include "lsms/io/dicom_series.h"
#include "lsms/io/nifti_io.h"
#include "lsms/ui/segmentation_engine.h"

#include "lsms/core/error.h"

#include <iostream>
#include <memory>

namespace lsms::app {

int runHeadlessDemo(const std::string& modelPath, const std::string& device, const std::string& prompt) {
    const auto dir = ensureDemoStudy([](const char* s) { std::cout << s << "\n"; });
    std::cout << "No display: running the headless demo on " << dir << "\n";
    const ScanResult scan = scanDicom(dir / "dicom");
    const CtVolume ct = loadSeries(scan.series.front());
    const auto& g = ct.geometry;
    std::cout << "Loaded " << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << " voxels (" << g.spacing[0] << " x "
              << g.spacing[1] << " x " << g.spacing[2] << " mm), synthetic phantom, not patient data\n";
    std::unique_ptr<ui::SegmentationEngine> engine;
    try {
        engine = ui::createModelEngine(modelPath, device);
    } catch (const ModelError& e) {
        // Without weights there is nothing to segment with; say so plainly
        // rather than fail the whole demo or show an empty mask.
        std::cout << "Segmentation skipped: " << e.what() << "\n"
                  << "The bundled weights are resources/models/lsms-default.pt (see resources/models/README.md);\n"
                  << "pass --model FILE for others, or train some with `lsms train`.\n"
                  << "Study: " << (dir / "dicom").string() << "   ground truth: " << (dir / "truth.json").string() << "\n";
        return 0;
    }
    std::cout << "Segmenting \"" << prompt << "\" on " << engine->deviceName() << " ("
              << "weights trained on synthetic phantoms, not patients)\n";
    const MaskVolume mask = engine->segment(ct, {prompt, -1, -1}, [](std::size_t done, std::size_t total) {
        if (done == total || done % 32 == 0) std::cout << "  " << done << "/" << total << " slices\r" << std::flush;
        return true;
    });
    std::cout << "\n";
    std::size_t voxels = 0;
    for (auto v : mask.data) voxels += v != 0;
    const auto out = dir / "demo-mask.nii.gz";
    writeNifti(mask, out);
    const double ml = double(voxels) * ct.geometry.voxelVolumeMm3() / 1000.0;
    std::cout << "Mask: " << voxels << " voxels (" << ml << " mL) written to " << out << "\n";
    // Against the phantom's truth: which lesion(s) the mask covers.
    const LabelVolume truth = readNiftiLabels(dir / "labels.nii.gz");
    std::size_t inLesion = 0;
    for (std::size_t v = 0; v < mask.data.size(); ++v) inLesion += mask.data[v] && truth.data[v];
    if (voxels) std::cout << "Share of the mask inside true lesions: " << 100.0 * double(inLesion) / double(voxels) << " %\n";
    return 0;
}

}  // namespace lsms::app
