#include "lsms/ui/series_browser.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lsms::ui {

SeriesBrowser::SeriesBrowser(const ScanResult& scan, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Choose a series"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("This folder holds %1 series. Choose the one to open:").arg(scan.series.size())));
    table_ = new QTableWidget(int(scan.series.size()), 7);
    table_->setHorizontalHeaderLabels({tr("Patient"), tr("Study date"), tr("Series"), tr("Modality"), tr("Images"),
                                       tr("Dimensions"), tr("Notes")});
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < int(scan.series.size()); ++r) {
        const SeriesInfo& s = scan.series[std::size_t(r)];
        const auto& m = s.metadata;
        const auto& g = s.geometry.size;
        int files = 0;
        for (const auto& sl : s.slices) files += !sl.path.empty();
        const QString notes = !s.problem.empty()    ? QString::fromStdString(s.problem)
                              : !s.warnings.empty() ? QString::fromStdString(s.warnings.front())
                              : s.notes.empty()     ? QString()
                                                    : QString::fromStdString(s.notes.front());
        const QStringList cells = {QString::fromStdString(m.patientName), QString::fromStdString(m.studyDate),
                                   QString("%1 %2").arg(m.seriesNumber).arg(QString::fromStdString(m.seriesDescription)),
                                   QString::fromStdString(m.modality), QString::number(files),
                                   QString("%1×%2×%3").arg(g[0]).arg(g[1]).arg(g[2]), notes};
        for (int c = 0; c < cells.size(); ++c) table_->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->resizeColumnsToContents();
    if (!scan.series.empty()) table_->selectRow(0);
    connect(table_, &QTableWidget::cellDoubleClicked, this, &QDialog::accept);
    layout->addWidget(table_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(800, 300);
}

int SeriesBrowser::selectedIndex() const {
    const auto rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.front().row();
}

}  // namespace lsms::ui
