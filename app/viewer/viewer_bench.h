#pragma once
#include "lsms/ui/main_window.h"

#include <QElapsedTimer>
#include <filesystem>

namespace lsms::app {
// `lsms-viewer --bench`: after the demo study is open, adds its ground-truth
// lesions as segments and prints launch-to-first-image, slice redraw time
// with overlays at 512x512, and the 3D surface update time; then quits.
void runViewerBench(ui::MainWindow& window, const std::filesystem::path& demoDir, const QElapsedTimer& sinceLaunch);
}  // namespace lsms::app
