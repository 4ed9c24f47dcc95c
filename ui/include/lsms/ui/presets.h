#pragma once
// Window/level presets and preset prompts.
#include "lsms/ui/shortcut_table.h"
#include "lsms/ui/slice_renderer.h"

#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace lsms::ui {

struct WindowPreset {
    QString name;  // also the key under which the last choice is remembered
    WindowLevel wl;
    Command hotkey;
};

std::vector<WindowPreset> windowPresets();
// The remembered name that stands for the series' own window.
inline const char* kSeriesWindowName = "Series";
QStringList presetPrompts();

}  // namespace lsms::ui
