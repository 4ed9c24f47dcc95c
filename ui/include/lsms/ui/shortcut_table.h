#pragma once
// Every keyboard shortcut and mouse gesture of the viewer, in one table.
// The actions, QShortcuts and key handlers are registered from it and
// Help -> Keyboard shortcuts lists it, so the list cannot drift from the
// bindings. Keys are Qt portable text ("Ctrl+Shift+O"); no Qt here.
#include <string>
#include <vector>

namespace lsms::ui {

enum class Command {
    None,
    OpenFolder, SaveSession, OpenSession, Quit,
    Undo, Redo,
    ToggleOverlays, OutlineMode, CornerInfo, RestoreLayout, MaximiseAxial, ShowShortcuts,
    Navigate, Brush, Eraser, ThresholdBrush, Ruler,
    FillBetweenSlices, KeepLargestIsland, Duplicate,
    RunPrompt,
    NextSlice, PreviousSlice, TenSlicesForward, TenSlicesBack, FirstSlice, LastSlice, ResetView,
    PresetLiver, PresetSoftTissue, PresetBone, PresetLung, PresetSeries,
    NextLesion, PreviousLesion, AcceptLesion, RejectLesion,
};

struct ShortcutEntry {
    Command command;
    std::vector<std::string> keys;  // portable text; the first is the one shown in tooltips
    std::string what;
    std::string where;  // where the key works
};

struct GestureEntry {
    std::string input;  // "Ctrl+wheel", "Right-drag", ...
    std::string what;
    std::string where;
};

const std::vector<ShortcutEntry>& shortcutTable();
// The entry of a command (throws lsms::Error for one without keys).
const ShortcutEntry& shortcutOf(Command command);
const std::vector<GestureEntry>& gestureTable();

}  // namespace lsms::ui
