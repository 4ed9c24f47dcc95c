#pragma once
// Window/level presets and preset prompts.
#include "lsms/ui/slice_renderer.h"

#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace lsms::ui {

std::vector<std::pair<QString, WindowLevel>> windowPresets();
QStringList presetPrompts();

}  // namespace lsms::ui
