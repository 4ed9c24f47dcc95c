// The main window's window/level: presets with hotkeys, the series' own
// window, right-drag linked across the slice views, the last preset
// remembered between sessions.
#include "lsms/ui/main_window.h"

#include "lsms/ui/presets.h"
#include "lsms/ui/shortcut_binding.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QSettings>

namespace lsms::ui {

namespace {
const char* kPresetKey = "windowPreset";
const char* kLinkKey = "linkWindowLevel";
}  // namespace

void MainWindow::buildWindowMenu(QMenu* menu) {
    for (const WindowPreset& p : windowPresets()) {
        QAction* a = menu->addAction(tr("%1  (W %2 L %3)").arg(p.name).arg(p.wl.width).arg(p.wl.centre), this,
                                     [this, p] { applyWindowPreset(p.name, p.wl); });
        bindShortcut(a, p.hotkey, tr("Window preset: %1").arg(p.name));
    }
    seriesWindow_ = menu->addAction(tr("Series' own"), this, &MainWindow::applySeriesWindow);
    bindShortcut(seriesWindow_, Command::PresetSeries, tr("The window stated in the series' DICOM files"));
    menu->addSeparator();
    linkWindowLevel_ = menu->addAction(tr("Right-drag changes all views"));
    linkWindowLevel_->setCheckable(true);
    linkWindowLevel_->setChecked(QSettings("LSMS", "LSMS Viewer").value(kLinkKey, true).toBool());
    connect(linkWindowLevel_, &QAction::toggled, this, [](bool on) { QSettings("LSMS", "LSMS Viewer").setValue(kLinkKey, on); });
    for (SliceView* from : views_)
        connect(from, &SliceView::windowLevelChanged, this, [this, from](const WindowLevel& wl) {
            if (!linkWindowLevel_->isChecked()) return;
            for (SliceView* v : views_)
                if (v != from) v->setWindowLevel(wl);
        });
    restoreWindowPreset();
}

void MainWindow::setViewsWindow(const WindowLevel& wl) {
    for (SliceView* v : views_) v->setWindowLevel(wl);
}

void MainWindow::applyWindowPreset(const QString& name, const WindowLevel& wl) {
    setViewsWindow(wl);
    QSettings("LSMS", "LSMS Viewer").setValue(kPresetKey, name);
    status_->setText(tr("Window %1: W %2 L %3").arg(name).arg(wl.width).arg(wl.centre));
}

void MainWindow::applySeriesWindow() {
    const SeriesInfo& s = study_->series();
    if (!study_->hasVolume() || s.windowWidth <= 0) {
        status_->setText(tr("This series does not state a window."));
        return;
    }
    applyWindowPreset(tr("of the series"), {s.windowCentre, s.windowWidth});
    QSettings("LSMS", "LSMS Viewer").setValue(kPresetKey, kSeriesWindowName);
}

void MainWindow::restoreWindowPreset() {
    const SeriesInfo& s = study_->series();
    const bool seriesHasWindow = study_->hasVolume() && s.windowWidth > 0;
    seriesWindow_->setText(seriesHasWindow ? tr("Series' own  (W %1 L %2)").arg(s.windowWidth).arg(s.windowCentre) : tr("Series' own"));
    seriesWindow_->setEnabled(seriesHasWindow);
    const QString name = QSettings("LSMS", "LSMS Viewer").value(kPresetKey).toString();
    if (name == kSeriesWindowName) {
        if (seriesHasWindow) setViewsWindow({s.windowCentre, s.windowWidth});
        return;
    }
    for (const WindowPreset& p : windowPresets())
        if (p.name == name) setViewsWindow(p.wl);
}

}  // namespace lsms::ui
