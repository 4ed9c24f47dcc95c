#pragma once
// Help -> Keyboard shortcuts: the shortcut and gesture tables, as they are bound.
#include <QDialog>

class QTableWidget;

namespace lsms::ui {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }
    // Every cell, one row a line, cells separated by tabs (tests, copying).
    QString text() const;

private:
    QTableWidget* table_;
};

}  // namespace lsms::ui
