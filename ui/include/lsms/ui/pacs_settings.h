#pragma once
// Settings → PACS servers: add, edit, test and remove the PACS the study
// browser and "Send to PACS" use, over DIMSE or DICOMweb. Saved to the
// user's config (workflow::saveServers); a password goes to the keyring or
// is kept for this run only, never into the file.
#include "lsms/workflow/pacs_server.h"

#include <QDialog>

#include <filesystem>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace lsms::ui {

class PacsSettings : public QDialog {
    Q_OBJECT
public:
    PacsSettings(std::filesystem::path file, QWidget* parent = nullptr);
    ~PacsSettings() override;

    const std::vector<workflow::PacsServer>& servers() const { return servers_; }
    QListWidget* list() const { return list_; }
    QLineEdit* name() const { return name_; }
    QComboBox* protocol() const { return protocol_; }
    QLineEdit* host() const { return host_; }
    QSpinBox* port() const { return port_; }
    QLineEdit* calledAe() const { return calledAe_; }
    QLineEdit* callingAe() const { return callingAe_; }
    QComboBox* retrieveMethod() const { return retrieve_; }
    QSpinBox* listenPort() const { return listenPort_; }
    QLineEdit* url() const { return url_; }
    QLineEdit* user() const { return user_; }
    QLineEdit* password() const { return password_; }
    QCheckBox* tls() const { return tls_; }
    QLineEdit* caFile() const { return caFile_; }  // DICOM TLS or HTTPS
    QLineEdit* certificateFile() const { return certFile_; }
    QLineEdit* keyFile() const { return keyFile_; }
    QPushButton* testButton() const { return test_; }
    QString message() const;
    bool testing() const { return testing_ != nullptr; }

    void addServer();
    void removeServer();
    void testConnection();  // on a worker thread; message() says how it went
    // Checks every server and writes the file; false (and message()) when
    // one is wrong or the file cannot be written; the dialog then stays.
    bool save();

Q_SIGNALS:
    void tested();

protected:
    void accept() override;

private:
    void storeForm();  // the form into servers_[current_]
    void showServer(int row);
    void updateFields();
    void setMessage(const QString& text, bool error = false);

    std::filesystem::path file_;
    std::vector<workflow::PacsServer> servers_;
    int current_ = -1;
    bool loading_ = false;
    QListWidget* list_;
    QLineEdit *name_, *host_, *calledAe_, *callingAe_, *url_, *user_, *password_, *caFile_, *certFile_, *keyFile_;
    QCheckBox* tls_;
    QComboBox *protocol_, *retrieve_;
    QSpinBox *port_, *listenPort_, *timeout_;
    QPushButton *remove_, *test_;
    QLabel* message_;
    std::shared_ptr<struct TestJob> testing_;
};

}  // namespace lsms::ui
