#pragma once
// File → Open from PACS: the local study list and the configured PACS
// servers (DIMSE or DICOMweb) in one place. Search, pick a study and a
// series, retrieve it into the managed folder with progress and Cancel, and
// open it; a series already in the local list opens at once. Network work
// runs on a worker thread; the dialog stays responsive and never blocks on
// a PACS that does not answer.
#include "lsms/workflow/pacs_server.h"

#include <QDialog>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace lsms::ui {

struct BrowserJob;

class StudyBrowser : public QDialog {
    Q_OBJECT
public:
    explicit StudyBrowser(std::vector<workflow::PacsServer> servers, QWidget* parent = nullptr);
    ~StudyBrowser() override;

    // Asked for a DICOMweb server with a user and no password yet (the
    // default is a password box); empty: the user cancelled.
    void setPasswordQuestion(std::function<QString(QWidget*, const QString& server)> ask) { askPassword_ = std::move(ask); }

    QComboBox* source() const { return source_; }  // 0: the local study list, then the servers
    QLineEdit* patientName() const { return patientName_; }
    QLineEdit* patientId() const { return patientId_; }
    QLineEdit* date() const { return date_; }
    QLineEdit* modality() const { return modality_; }
    QLineEdit* accession() const { return accession_; }
    QTableWidget* studies() const { return studies_; }
    QTableWidget* series() const { return series_; }
    QPushButton* searchButton() const { return search_; }
    QPushButton* retrieveButton() const { return retrieve_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progress() const { return progress_; }
    QString message() const;
    bool busy() const { return job_ != nullptr; }

    void search();
    // Retrieves the selected series (or the whole study when no series is
    // selected) from the chosen server, then opens the selected series; from
    // the local list it opens the selected series at once.
    void retrieveAndOpen();
    void cancel();

Q_SIGNALS:
    // The series to open: a folder and the series' UID in it.
    void openRequested(const QString& folder, const QString& seriesInstanceUid);
    void finished();  // a search, series listing or retrieve ended (message() says how)

protected:
    void reject() override;

private:
    bool local() const;
    const workflow::PacsServer* server();  // the chosen one, with its password asked for; null if cancelled
    void showStudies();
    void showSeries();
    void studyChosen();
    void start(std::shared_ptr<BrowserJob> job);
    void jobEnded();
    void setMessage(const QString& text, bool error = false);
    void updateButtons();

    std::vector<workflow::PacsServer> servers_;
    std::function<QString(QWidget*, const QString&)> askPassword_;
    QComboBox* source_;
    QLineEdit *patientName_, *patientId_, *date_, *modality_, *accession_;
    QTableWidget *studies_, *series_;
    QPushButton *search_, *retrieve_, *cancel_;
    QProgressBar* progress_;
    QLabel* message_;
    QTimer* poll_;
    std::shared_ptr<BrowserJob> job_;
    struct Found;
    std::unique_ptr<Found> found_;
};

}  // namespace lsms::ui
