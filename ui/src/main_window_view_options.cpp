// The main window's View options for the slice views' geometry: zoom and
// pan linked across the three views, smooth (bilinear) magnification. Both
// remembered between sessions.
#include "lsms/ui/main_window.h"

#include <QAction>
#include <QMenu>
#include <QSettings>

namespace lsms::ui {

namespace {
const char* kLinkZoomKey = "linkZoomPan";
const char* kSmoothKey = "smoothZoom";
}  // namespace

void MainWindow::buildViewOptions(QMenu* menu) {
    QSettings settings("LSMS", "LSMS Viewer");
    linkZoomPan_ = menu->addAction(tr("&Zoom and pan all views together"));
    linkZoomPan_->setObjectName("linkZoomPan");
    linkZoomPan_->setCheckable(true);
    // Off by default: the views show different planes, so one pan is not always wanted.
    linkZoomPan_->setChecked(settings.value(kLinkZoomKey, false).toBool());
    connect(linkZoomPan_, &QAction::toggled, this, [](bool on) { QSettings("LSMS", "LSMS Viewer").setValue(kLinkZoomKey, on); });
    for (SliceView* from : views_)
        connect(from, &SliceView::zoomPanChanged, this, [this, from](double zoom, const QPointF& pan) {
            if (!linkZoomPan_->isChecked()) return;
            for (SliceView* v : views_)
                if (v != from) {
                    v->setZoom(zoom);
                    v->setPan(pan);
                }
        });

    smooth_ = menu->addAction(tr("&Smooth when zoomed in"));
    smooth_->setObjectName("smoothZoom");
    smooth_->setCheckable(true);
    smooth_->setChecked(settings.value(kSmoothKey, true).toBool());
    auto applySmooth = [this](bool on) {
        for (SliceView* v : views_) v->setSmooth(on);
        QSettings("LSMS", "LSMS Viewer").setValue(kSmoothKey, on);
    };
    connect(smooth_, &QAction::toggled, this, applySmooth);
    for (SliceView* v : views_) v->setSmooth(smooth_->isChecked());
}

}  // namespace lsms::ui
