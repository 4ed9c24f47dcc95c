#pragma once
// The lesion table: one row per non-empty segment — name, volume, RECIST long
// and short axis on their axial slice, mean ± SD HU, where it lies against
// the liver (Study::liver), source, review status — sortable by any column. A click (or next/previous) makes the lesion the
// active segment and centres every view on it; accept marks it reviewed,
// reject removes it (one undo step each). The footer sums the lesions and
// gives the liver's volume and the tumour burden.
// Rows are rebuilt from the Study once per event-loop turn, and measurements
// come from the Study's cache, so only a lesion that changed is measured again.
#include "lsms/ui/study.h"

#include <QWidget>

#include <cstdint>
#include <map>
#include <vector>

class QLabel;
class QTableWidget;

namespace lsms::ui {

class LesionTable : public QWidget {
    Q_OBJECT
public:
    enum Column { Name, Volume, LongAxis, ShortAxis, Slice, Hu, Location, Source, Review, Columns };

    explicit LesionTable(Study* study, QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }
    QString footerText() const;
    // The footer's liver line: volume and tumour burden, or why there are none.
    QString liverText() const;
    // The segment labels in the table's current (sorted) order.
    std::vector<std::uint16_t> rowLabels() const;
    // Rebuilds the rows now (otherwise done once after a burst of changes).
    void refreshNow();

    // Keyboard review: the next or previous row after the active lesion
    // (wrapping), made active and centred. False when the table is empty.
    bool selectNext();
    bool selectPrevious();
    // The active lesion marked reviewed, or removed (undoable), then the
    // next one selected. False, with message(), when no lesion is active or
    // it is locked (reject).
    bool acceptActive();
    bool rejectActive();

Q_SIGNALS:
    void message(const QString& text);

private:
    void scheduleRefresh();
    void select(std::uint16_t label);
    bool step(int direction);
    void onClicked(int row);

    Study* study_;
    QTableWidget* table_;
    QLabel* footer_;
    bool refreshPending_ = false;
};

}  // namespace lsms::ui
