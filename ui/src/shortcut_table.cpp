#include "lsms/ui/shortcut_table.h"

#include "lsms/core/error.h"

namespace lsms::ui {

namespace {
const char* kWindow = "anywhere in the window";
const char* kViews = "slice views";
const char* kPrompt = "prompt panel";
}  // namespace

const std::vector<ShortcutEntry>& shortcutTable() {
    static const std::vector<ShortcutEntry> table = {
        {Command::OpenFolder, {"Ctrl+O"}, "Open a DICOM folder", kWindow},
        {Command::OpenSession, {"Ctrl+Shift+O"}, "Open a saved session", kWindow},
        {Command::SaveSession, {"Ctrl+S"}, "Save the session (segments and their metadata)", kWindow},
        {Command::Quit, {"Ctrl+Q"}, "Quit", kWindow},
        {Command::Undo, {"Ctrl+Z"}, "Undo", kWindow},
        {Command::Redo, {"Ctrl+Shift+Z"}, "Redo", kWindow},
        {Command::Navigate, {"N"}, "Navigate tool (click moves the crosshair)", kWindow},
        {Command::Brush, {"B"}, "Brush tool", kWindow},
        {Command::Eraser, {"E"}, "Eraser tool", kWindow},
        {Command::ThresholdBrush, {"T"}, "Threshold brush tool (paints within the HU range)", kWindow},
        {Command::Ruler, {"M"}, "Ruler tool (drag on a slice to measure a distance in mm)", kWindow},
        {Command::FillBetweenSlices, {"Ctrl+I"}, "Fill between slices", kWindow},
        {Command::KeepLargestIsland, {"Ctrl+K"}, "Keep largest island", kWindow},
        {Command::Duplicate, {"Ctrl+D"}, "Duplicate the active segment's metadata", kWindow},
        {Command::ToggleOverlays, {"O"}, "Show or hide the overlays", kWindow},
        {Command::OutlineMode, {"L"}, "Outline mode", kWindow},
        {Command::CornerInfo, {"I"}, "Show or hide the corner information (patient, study, series, slice, W/L)", kWindow},
        {Command::PresetLiver, {"1"}, "Window preset: liver", kWindow},
        {Command::PresetSoftTissue, {"2"}, "Window preset: soft tissue", kWindow},
        {Command::PresetBone, {"3"}, "Window preset: bone", kWindow},
        {Command::PresetLung, {"4"}, "Window preset: lung", kWindow},
        {Command::PresetSeries, {"5"}, "Window: the series' own", kWindow},
        {Command::MaximiseAxial, {"F11"}, "Maximise the axial view, or back to 2×2", kWindow},
        {Command::RestoreLayout, {"Esc"}, "Restore the 2×2 layout", kWindow},
        {Command::ShowShortcuts, {"F1"}, "This list of shortcuts", kWindow},
        {Command::NextLesion, {"Shift+N"}, "Next lesion in the lesion table (centres every view on it)", kWindow},
        {Command::PreviousLesion, {"Shift+P"}, "Previous lesion in the lesion table", kWindow},
        {Command::AcceptLesion, {"A"}, "Accept the active lesion (marks it reviewed), then the next", kWindow},
        {Command::RejectLesion, {"X"}, "Reject the active lesion (removes it; undo brings it back), then the next", kWindow},
        {Command::RunPrompt, {"Ctrl+Return", "Ctrl+Enter"}, "Run the prompt (Return in the prompt line too)", kPrompt},
        {Command::NextSlice, {"Up", "Right"}, "Next slice", kViews},
        {Command::PreviousSlice, {"Down", "Left"}, "Previous slice", kViews},
        {Command::TenSlicesForward, {"PgUp"}, "Ten slices forward", kViews},
        {Command::TenSlicesBack, {"PgDown"}, "Ten slices back", kViews},
        {Command::FirstSlice, {"Home"}, "First slice", kViews},
        {Command::LastSlice, {"End"}, "Last slice", kViews},
        {Command::ResetView, {"R"}, "Reset zoom and pan (3D view: reset the camera)", "slice and 3D views"},
    };
    return table;
}

const ShortcutEntry& shortcutOf(Command command) {
    for (const auto& e : shortcutTable())
        if (e.command == command) return e;
    throw Error("no shortcut for this command");
}

const std::vector<GestureEntry>& gestureTable() {
    static const std::vector<GestureEntry> table = {
        {"Wheel", "Next or previous slice", kViews},
        {"Ctrl+wheel", "Zoom", kViews},
        {"Right-drag", "Window/level (left-right: width, up-down: level; all views when linked)", kViews},
        {"Middle-drag or Shift+left-drag", "Pan", kViews},
        {"Left click or drag", "Move the linked crosshair (Navigate tool)", kViews},
        {"Left-drag on a RECIST end point", "Move the end point (Navigate tool)", "axial view"},
        {"Ctrl+click", "Segment the lesion under the cursor (grown from the click)", kViews},
        {"Left-drag", "Paint or erase (brush tools)", kViews},
        {"Left-drag", "Measure a distance in mm (Ruler tool)", kViews},
        {"Double-click", "Maximise the view, or back to 2×2", "slice and 3D views"},
        {"Left-drag", "Rotate", "3D view"},
        {"Right-drag or wheel", "Zoom", "3D view"},
        {"Middle-drag", "Pan", "3D view"},
    };
    return table;
}

}  // namespace lsms::ui
