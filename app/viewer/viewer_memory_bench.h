#pragma once
#include "lsms/ui/main_window.h"

namespace lsms::app {
// `lsms-viewer --bench-memory PATH`: the memory budget's working day on one
// study: once PATH is open, asks the model for "the largest lesion", paints 100
// brush strokes with autosave on, writes the recovery file, then prints the
// peak resident memory against the budget (1.6 x the int16 CT + one label
// volume + 200 MiB) and quits.
void runViewerMemoryBench(ui::MainWindow& window);
}  // namespace lsms::app
