#pragma once
// Chooses one series when a folder holds several.
#include "lsms/io/dicom_series.h"

#include <QDialog>

class QTableWidget;

namespace lsms::ui {

class SeriesBrowser : public QDialog {
    Q_OBJECT
public:
    SeriesBrowser(const ScanResult& scan, QWidget* parent = nullptr);
    int selectedIndex() const;
    QTableWidget* table() const { return table_; }

private:
    QTableWidget* table_;
};

}  // namespace lsms::ui
