#include "lsms/ui/lesion_table.h"

#include "lsms/core/error.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace lsms::ui {

namespace {

// Sorts by the number in Qt::UserRole + 1 when the column holds one, so
// "12.5" sorts after "9.8" and an unmeasured cell ("—") sorts first.
class Cell : public QTableWidgetItem {
public:
    Cell(const QString& text, double key = std::nan("")) : QTableWidgetItem(text) {
        setData(Qt::UserRole + 1, key);
        setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        const double a = data(Qt::UserRole + 1).toDouble(), b = other.data(Qt::UserRole + 1).toDouble();
        if (std::isnan(a) && std::isnan(b)) return QTableWidgetItem::operator<(other);
        if (std::isnan(a) || std::isnan(b)) return std::isnan(a);
        return a < b;
    }
};

QString reviewText(edit::ReviewStatus r) {
    switch (r) {
        case edit::ReviewStatus::Reviewed: return QObject::tr("reviewed");
        case edit::ReviewStatus::Flagged: return QObject::tr("flagged");
        case edit::ReviewStatus::NotReviewed: break;
    }
    return QObject::tr("not reviewed");
}

}  // namespace

LesionTable::LesionTable(Study* study, QWidget* parent) : QWidget(parent), study_(study) {
    table_ = new QTableWidget(0, Columns);
    table_->setObjectName("lesionTable");
    table_->setHorizontalHeaderLabels({tr("Lesion"), tr("Volume (mL)"), tr("Long (mm)"), tr("Short (mm)"), tr("Slice"),
                                       tr("HU mean ± SD"), tr("Location"), tr("Source"), tr("Review")});
    table_->horizontalHeaderItem(Location)->setToolTip(
        tr("Against the liver of the liver pass: in the liver (90 % of the lesion or more), at its edge, or outside it"));
    table_->horizontalHeaderItem(LongAxis)->setToolTip(tr("RECIST long axis on the axial slice where it is greatest"));
    table_->horizontalHeaderItem(ShortAxis)->setToolTip(tr("The longest diameter perpendicular to the long axis, on the same slice"));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSortingEnabled(true);
    // Unsorted until the user clicks a header: the rows then keep the
    // segments' order (an answer's lesions largest first).
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::Stretch);
    for (int c = Volume; c < Columns; ++c) table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    // Keys stay with the window's shortcuts (next, accept, ...), not the table's type-ahead.
    table_->setFocusPolicy(Qt::ClickFocus);
    footer_ = new QLabel;
    footer_->setObjectName("lesionFooter");
    footer_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(table_, 1);
    layout->addWidget(footer_);

    connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) { onClicked(row); });
    connect(study_, &Study::segmentsChanged, this, &LesionTable::scheduleRefresh);
    connect(study_, &Study::recistChanged, this, &LesionTable::scheduleRefresh);
    connect(study_, &Study::volumeChanged, this, &LesionTable::scheduleRefresh);
    connect(study_, &Study::liverChanged, this, &LesionTable::scheduleRefresh);
    connect(study_, &Study::liverStatusChanged, this, &LesionTable::scheduleRefresh);
    connect(study_, &Study::activeSegmentChanged, this, [this] { select(study_->activeLabel()); });
    refreshNow();
}

void LesionTable::scheduleRefresh() {
    if (refreshPending_) return;
    refreshPending_ = true;
    QTimer::singleShot(0, this, [this] {
        if (refreshPending_) refreshNow();
    });
}

void LesionTable::refreshNow() {
    refreshPending_ = false;
    const QSignalBlocker block(table_);
    table_->setSortingEnabled(false);
    table_->setRowCount(0);
    double totalMl = 0;
    std::size_t lesions = 0, unreviewed = 0;
    const workflow::LiverContext* liver = study_->liver();
    const auto& where = study_->lesionLocations();
    if (study_->hasVolume())
        for (const auto& s : study_->segments()) {
            const edit::SegmentMeasurements& m = study_->measurements(s.label);
            if (m.voxels == 0) continue;
            const edit::RecistAxes axes = study_->recist(s.label);
            const int row = table_->rowCount();
            table_->insertRow(row);
            auto* name = new Cell(QString::fromStdString(s.name));
            QPixmap swatch(12, 12);
            swatch.fill(Study::colour(s));
            name->setIcon(QIcon(swatch));
            name->setData(Qt::UserRole, uint(s.label));
            name->setToolTip(s.prompt.empty() ? tr("drawn by hand") : tr("LSMS prompt: %1").arg(QString::fromStdString(s.prompt)));
            table_->setItem(row, Name, name);
            table_->setItem(row, Volume, new Cell(QString::number(m.volumeMl, 'f', 2), m.volumeMl));
            const QString edited = axes.edited ? tr(" (edited)") : QString();
            table_->setItem(row, LongAxis, new Cell(QString::number(axes.longMm, 'f', 1) + edited, axes.longMm));
            table_->setItem(row, ShortAxis, new Cell(QString::number(axes.shortMm, 'f', 1) + edited, axes.shortMm));
            table_->setItem(row, Slice, new Cell(QString::number(axes.slice + 1), double(axes.slice + 1)));
            table_->setItem(row, Hu,
                            m.hasHu ? new Cell(QString("%1 ± %2").arg(m.huMean, 0, 'f', 0).arg(m.huSd, 0, 'f', 0), m.huMean)
                                    : new Cell(QStringLiteral("—")));
            const auto at = where.find(s.label);
            const auto location = at == where.end() ? workflow::LiverLocation::Unknown : at->second;
            table_->setItem(row, Location,
                            new Cell(location == workflow::LiverLocation::Unknown ? QStringLiteral("—")
                                                                                  : QString::fromUtf8(workflow::toString(location)),
                                     double(int(location))));
            // Grown from a click (or imported as semiautomatic): no prompt, but not drawn by hand either.
            const bool clicked = s.prompt.empty() && s.algorithm == edit::Algorithm::Semiautomatic;
            const bool manual = !clicked && (s.prompt.empty() || s.algorithm == edit::Algorithm::Manual);
            table_->setItem(row, Source, new Cell(clicked  ? tr("semiautomatic")
                                                  : manual ? tr("manual")
                                                  : s.algorithm == edit::Algorithm::Semiautomatic ? tr("model, edited")
                                                                                                  : tr("model")));
            table_->setItem(row, Review, new Cell(reviewText(s.review) + (s.locked ? tr(", locked") : QString()), double(int(s.review))));
            totalMl += m.volumeMl;
            ++lesions;
            if (s.review == edit::ReviewStatus::NotReviewed) ++unreviewed;
        }
    table_->setSortingEnabled(true);
    QString text = lesions == 0 ? tr("No lesions yet: run a prompt or draw one.")
                                : tr("%n lesion(s), %1 mL in all; %2 not reviewed.", "", int(lesions))
                                      .arg(totalMl, 0, 'f', 2)
                                      .arg(unreviewed);
    footer_->setText(text + QStringLiteral("\n") + liverText());
    footer_->setToolTip(liver && !liver->notes.empty() ? QString::fromStdString(liver->notes.front()) : QString());
    select(study_->activeLabel());
}

QString LesionTable::liverText() const {
    const workflow::LiverContext* liver = study_->liver();
    if (!study_->hasVolume()) return tr("Liver: open a study to find it");
    if (!liver) return tr("Liver: %1").arg(study_->liverStatus().isEmpty() ? tr("not found yet, so no tumour burden") : study_->liverStatus());
    const workflow::TumourBurden& burden = study_->tumourBurden();
    // The liver comes from a network trained on synthetic phantoms only.
    return QString::fromStdString(workflow::liverSummary(*liver, burden)) +
           (liver->found() ? tr(" (liver pass trained on synthetic phantoms: check its outline)") : QString());
}

QString LesionTable::footerText() const { return footer_->text(); }

std::vector<std::uint16_t> LesionTable::rowLabels() const {
    std::vector<std::uint16_t> out;
    for (int r = 0; r < table_->rowCount(); ++r) out.push_back(std::uint16_t(table_->item(r, Name)->data(Qt::UserRole).toUInt()));
    return out;
}

void LesionTable::select(std::uint16_t label) {
    const QSignalBlocker block(table_);
    const auto labels = rowLabels();
    const auto it = std::find(labels.begin(), labels.end(), label);
    if (it == labels.end()) {
        table_->clearSelection();
        return;
    }
    const int row = int(it - labels.begin());
    table_->selectRow(row);
    table_->scrollToItem(table_->item(row, Name));
}

void LesionTable::onClicked(int row) {
    if (row < 0 || row >= table_->rowCount()) return;
    const auto label = std::uint16_t(table_->item(row, Name)->data(Qt::UserRole).toUInt());
    study_->setActiveLabel(label);
    study_->focusOn(label);
}

bool LesionTable::step(int direction) {
    if (refreshPending_) refreshNow();
    const auto labels = rowLabels();
    if (labels.empty()) {
        Q_EMIT message(tr("No lesions to go through."));
        return false;
    }
    const auto it = std::find(labels.begin(), labels.end(), study_->activeLabel());
    int row = it == labels.end() ? (direction > 0 ? 0 : int(labels.size()) - 1)
                                 : (int(it - labels.begin()) + direction + int(labels.size())) % int(labels.size());
    onClicked(row);
    const edit::Segment* s = study_->segment(labels[std::size_t(row)]);
    Q_EMIT message(tr("Lesion %1 of %2: %3").arg(row + 1).arg(labels.size()).arg(QString::fromStdString(s->name)));
    return true;
}

bool LesionTable::selectNext() { return step(+1); }
bool LesionTable::selectPrevious() { return step(-1); }

bool LesionTable::acceptActive() {
    const edit::Segment* s = study_->segment(study_->activeLabel());
    if (!s) {
        Q_EMIT message(tr("Select a lesion to accept (click its row, or next lesion)."));
        return false;
    }
    edit::Segment updated = *s;
    updated.review = edit::ReviewStatus::Reviewed;
    const QString name = QString::fromStdString(s->name);
    study_->updateSegment(updated);
    refreshNow();
    step(+1);
    Q_EMIT message(tr("Accepted “%1” (marked reviewed).").arg(name));
    return true;
}

bool LesionTable::rejectActive() {
    const edit::Segment* s = study_->segment(study_->activeLabel());
    if (!s) {
        Q_EMIT message(tr("Select a lesion to reject (click its row, or next lesion)."));
        return false;
    }
    const QString name = QString::fromStdString(s->name);
    if (s->locked) {
        Q_EMIT message(tr("“%1” is locked: unlock it to reject it.").arg(name));
        return false;
    }
    // The row after the rejected one becomes active.
    const auto labels = rowLabels();
    const auto it = std::find(labels.begin(), labels.end(), s->label);
    std::uint16_t next = 0;
    if (it != labels.end() && labels.size() > 1) next = it + 1 != labels.end() ? *(it + 1) : labels.front();
    study_->removeSegment(s->label);
    refreshNow();
    if (next) {
        study_->setActiveLabel(next);
        study_->focusOn(next);
    }
    Q_EMIT message(tr("Rejected “%1”: removed (Ctrl+Z brings it back).").arg(name));
    return true;
}

}  // namespace lsms::ui
