// The main window's lesion review: the lesion table dock and the Lesions
// menu, whose actions carry the review keys of the shortcut table.
#include "lsms/ui/lesion_table.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/shortcut_binding.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>

namespace lsms::ui {

void MainWindow::buildLesionDock(QMenu* menu) {
    auto* dock = new QDockWidget(tr("Lesions"), this);
    dock->setObjectName("lesionDock");
    lesions_ = new LesionTable(study_);
    dock->setWidget(lesions_);
    dock->setFeatures(QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    connect(lesions_, &LesionTable::message, this, [this](const QString& t) { status_->setText(t); });
    auto add = [&](const QString& text, Command command, auto slot) {
        QAction* a = menu->addAction(text, lesions_, slot);
        bindShortcut(a, command);
    };
    add(tr("&Next lesion"), Command::NextLesion, [this] { lesions_->selectNext(); });
    add(tr("&Previous lesion"), Command::PreviousLesion, [this] { lesions_->selectPrevious(); });
    menu->addSeparator();
    add(tr("&Accept lesion"), Command::AcceptLesion, [this] { lesions_->acceptActive(); });
    add(tr("&Reject lesion"), Command::RejectLesion, [this] { lesions_->rejectActive(); });
}

}  // namespace lsms::ui
