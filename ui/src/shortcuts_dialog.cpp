#include "lsms/ui/shortcuts_dialog.h"

#include "lsms/ui/shortcut_binding.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lsms::ui {

ShortcutsDialog::ShortcutsDialog(QWidget* parent) : QDialog(parent), table_(new QTableWidget(this)) {
    setObjectName("shortcutsDialog");
    setWindowTitle(tr("Keyboard shortcuts and mouse gestures"));
    table_->setColumnCount(2);
    table_->setHorizontalHeaderLabels({tr("Key or gesture"), tr("Does")});
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setWordWrap(true);
    auto addRow = [this](const QString& key, const QString& what) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        auto* k = new QTableWidgetItem(key);
        QFont f = k->font();
        f.setBold(true);
        k->setFont(f);
        table_->setItem(row, 0, k);
        table_->setItem(row, 1, new QTableWidgetItem(what));
    };
    auto addHeading = [this](const QString& text) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        auto* h = new QTableWidgetItem(text);
        QFont f = h->font();
        f.setBold(true);
        h->setFont(f);
        h->setBackground(palette().alternateBase());
        table_->setItem(row, 0, h);
        table_->setSpan(row, 0, 1, 2);
    };
    // One group per place where the keys work, in the table's order.
    std::vector<std::string> places;
    for (const ShortcutEntry& e : shortcutTable())
        if (std::find(places.begin(), places.end(), e.where) == places.end()) places.push_back(e.where);
    for (const std::string& place : places) {
        addHeading(tr("Keyboard — %1").arg(QString::fromStdString(place)));
        for (const ShortcutEntry& e : shortcutTable())
            if (e.where == place) addRow(keyText(e.command), QString::fromStdString(e.what));
    }
    places.clear();
    for (const GestureEntry& g : gestureTable())
        if (std::find(places.begin(), places.end(), g.where) == places.end()) places.push_back(g.where);
    for (const std::string& place : places) {
        addHeading(tr("Mouse — %1").arg(QString::fromStdString(place)));
        for (const GestureEntry& g : gestureTable())
            if (g.where == place) addRow(QString::fromStdString(g.input), QString::fromStdString(g.what));
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->resizeRowsToContents();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 960);
}

QString ShortcutsDialog::text() const {
    QString out;
    for (int r = 0; r < table_->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < table_->columnCount(); ++c) cells << (table_->item(r, c) ? table_->item(r, c)->text() : QString());
        out += cells.join('\t') + '\n';
    }
    return out;
}

}  // namespace lsms::ui
