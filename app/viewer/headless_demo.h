#pragma once
#include <string>

namespace lsms::app {
// Segments `prompt` on the demo study without a window, writes the mask as
// NIfTI beside the study and reports it against the phantom's ground truth.
int runHeadlessDemo(const std::string& modelPath, const std::string& device, const std::string& prompt);
}  // namespace lsms::app
