// The main window's lesion review: the lesion table dock and the Lesions
// menu, whose actions carry the review keys of the shortcut table.
#include "lsms/ui/lesion_table.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/shortcut_binding.h"

#include "lsms/workflow/lesion_report.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>

#include <map>

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

void MainWindow::exportMeasurements() {
    if (!study_->hasVolume()) return;
    const QString base = QFileDialog::getSaveFileName(this, tr("Export measurements"), "lesions",
                                                      tr("Measurement report (*.dcm *.csv)"));
    if (!base.isEmpty()) exportMeasurementsTo(base);
}

bool MainWindow::exportMeasurementsTo(const QString& base) {
    lesions_->refreshNow();
    const std::vector<std::uint16_t> labels = lesions_->rowLabels();
    if (labels.empty()) {
        status_->setText(tr("No lesions to report: run a prompt or draw one."));
        return false;
    }
    if (!confirmExport(labels)) return false;
    std::vector<workflow::LesionRow> rows;
    const auto& where = study_->lesionLocations();
    for (std::uint16_t label : labels) {
        // The RECIST axes as the reader left them: dragged ones replace the measured.
        edit::SegmentMeasurements m = study_->measurements(label);
        const edit::RecistAxes axes = study_->recist(label);
        m.longestAxialDiameterMm = axes.longMm;
        m.perpendicularDiameterMm = axes.shortMm;
        m.diameterSlice = axes.slice;
        rows.push_back(workflow::lesionRow(*study_->segment(label), m, axes.edited));
        if (const auto at = where.find(label); at != where.end()) rows.back().location = workflow::toString(at->second);
    }
    const workflow::LesionReportFiles files = workflow::lesionReportFiles(base.toStdString());
    try {
        const auto summary = workflow::writeLesionReport(study_->series(), study_->editor().list(), rows, files);
        QString text = tr("Exported %1 lesion(s): %2, %3 and %4")
                           .arg(rows.size())
                           .arg(QString::fromStdString(files.seg.filename().string()),
                                QString::fromStdString(files.sr.filename().string()),
                                QString::fromStdString(files.csv.filename().string()));
        if (summary.unreviewed) text += tr(", %1 marked NOT REVIEWED in the SEG").arg(summary.unreviewed);
        status_->setText(text);
        recordOutput(OutputKind::Seg, QString::fromStdString(files.seg.string()));
        recordOutput(OutputKind::Report, QString::fromStdString(files.sr.string()));
        recordOutput(OutputKind::Report, QString::fromStdString(files.csv.string()));
        return true;
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export measurements"), QString::fromStdString(e.what()));
        return false;
    }
}

}  // namespace lsms::ui
