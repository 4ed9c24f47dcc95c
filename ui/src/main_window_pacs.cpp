// The main window's PACS side: the study browser, the server settings and
// "Send DICOM-SEG to PACS", over the servers the reader configured.
#include "lsms/ui/main_window.h"
#include "lsms/ui/pacs_passwords.h"
#include "lsms/ui/pacs_settings.h"
#include "lsms/ui/study_browser.h"

#include "lsms/net/study_list.h"
#include "lsms/workflow/lesion_report.h"
#include "lsms/workflow/seg_export.h"
#include "lsms/workflow/study_retrieve.h"

#include <QDateTime>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QThread>

#include <filesystem>
#include <optional>
#include <iostream>

namespace lsms::ui {
namespace fs = std::filesystem;

namespace {

// The configured servers; a damaged list is said once and treated as empty.
std::vector<workflow::PacsServer> configuredServers(QWidget* parent) {
    try {
        return workflow::loadServers(workflow::defaultServersFile());
    } catch (const std::exception& e) {
        auto* box = new QMessageBox(QMessageBox::Warning, QObject::tr("PACS servers"), QString::fromStdString(e.what()),
                                    QMessageBox::Ok, parent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return {};
    }
}

// Where a file for the PACS is written and kept: the data folder's "sent"
// folder, named by what it is and the UTC time.
fs::path sentFile(const std::string& prefix) {
    const fs::path folder = net::defaultDataFolder() / "sent";
    fs::create_directories(folder);
    return folder / (prefix + "-" + QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss-zzz").toStdString());
}

}  // namespace

void MainWindow::openStudyBrowser() {
    if (studyBrowser_) {
        studyBrowser_->raise();
        studyBrowser_->activateWindow();
        return;
    }
    auto* browser = new StudyBrowser(configuredServers(this), this);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    connect(browser, &StudyBrowser::openRequested, this,
            [this](const QString& folder, const QString& uid) { openPath(folder, -1, uid); });
    studyBrowser_ = browser;
    browser->show();
}

void MainWindow::showPacsSettings() {
    PacsSettings dialog(workflow::defaultServersFile(), this);
    dialog.exec();
}

void MainWindow::indexInStudyList(const QString& path) {
    // The managed folder is indexed as it is retrieved; anything else the
    // reader opens from disk is listed where it is.
    QThread* t = QThread::create([path] {
        try {
            auto list = workflow::openStudyList();
            list.importPath(path.toStdString());
        } catch (const std::exception& e) {
            // Not a wrong answer, only a study missing from the list: said on stderr, not in a box.
            std::cerr << "lsms-viewer: " << path.toStdString() << " was not added to the study list: " << e.what() << "\n";
        }
    });
    connect(t, &QThread::finished, t, &QObject::deleteLater);
    t->start();
}

void MainWindow::recordOutput(OutputKind kind, const QString& path, const std::string& seriesUid) {
    if (seriesUid.empty() && !study_->hasVolume()) return;
    const std::string series = seriesUid.empty() ? study_->series().metadata.seriesInstanceUid : seriesUid;
    const net::OutputKind k = kind == OutputKind::Session ? net::OutputKind::Session
                              : kind == OutputKind::Seg   ? net::OutputKind::Seg
                                                          : net::OutputKind::Report;
    try {
        auto list = workflow::openStudyList();
        list.addOutput(series, k, path.toStdString());
    } catch (const std::exception& e) {
        std::cerr << "lsms-viewer: " << path.toStdString() << " was not listed in the study list: " << e.what() << "\n";
    }
}

// The server to send to, its password asked for when it needs one; null: cancelled or none set up.
std::optional<workflow::PacsServer> MainWindow::chooseServer(const QString& title) {
    auto servers = configuredServers(this);
    if (servers.empty()) {
        QMessageBox::information(this, title, tr("No PACS is set up yet: add one under File → PACS servers."));
        return std::nullopt;
    }
    QStringList names;
    for (const auto& s : servers) names << QString::fromStdString(s.name);
    bool ok = true;
    const QString name = names.size() == 1 ? names.front() : QInputDialog::getItem(this, title, tr("Send to:"), names, 0, false, &ok);
    if (!ok) return std::nullopt;
    auto server = servers[std::size_t(names.indexOf(name))];
    if (server.protocol == workflow::PacsProtocol::DicomWeb && !server.web.user.empty()) {
        QString password = knownPassword(name);
        if (password.isEmpty()) password = QInputDialog::getText(this, tr("Password"), tr("Password for %1:").arg(name), QLineEdit::Password);
        if (password.isEmpty()) return std::nullopt;
        rememberPassword(name, password);
        server.web.password = password.toStdString();
    }
    return server;
}

void MainWindow::sendMeasurementsToPacs() {
    if (const auto server = chooseServer(tr("Send measurements to PACS"))) sendMeasurementsTo(*server);
}

void MainWindow::sendSegToPacs() {
    const auto labels = chooseSegments(tr("Send DICOM-SEG to PACS"));
    if (labels.empty()) return;
    if (const auto server = chooseServer(tr("Send DICOM-SEG to PACS"))) sendSegTo(*server, labels);
}

bool MainWindow::sendSegTo(const workflow::PacsServer& server, const std::vector<std::uint16_t>& labels) {
    const QString title = tr("Send DICOM-SEG to PACS");
    if (sending_) {
        status_->setText(tr("A SEG is still being sent."));
        return false;
    }
    if (!study_->hasVolume() || labels.empty()) {
        status_->setText(tr("There are no segments to send."));
        return false;
    }
    if (!confirmExport(labels)) return false;
    fs::path file;
    workflow::SegExportSummary summary;
    try {
        file = sentFile("seg");
        file += ".dcm";
        summary = workflow::exportSegments(study_->series(), study_->editor().list(), labels, file);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, title, QString::fromStdString(e.what()));
        return false;
    }
    const QString what = tr("%n segment(s)", nullptr, int(summary.labels.size()));
    QString done = tr("Sent %1 to %2").arg(what, QString::fromStdString(server.name));
    if (summary.unreviewed) done += tr(", %1 marked NOT REVIEWED").arg(summary.unreviewed);
    storeInBackground(server, {file}, what, done);
    return true;
}

void MainWindow::storeInBackground(const workflow::PacsServer& server, const std::vector<std::filesystem::path>& files,
                                   const QString& what, const QString& doneMessage) {
    sending_ = true;
    const QString name = QString::fromStdString(server.name);
    status_->setText(tr("Sending %1 to %2…").arg(what, name));
    auto error = std::make_shared<QString>();
    QThread* t = QThread::create([server, files, error] {
        try {
            workflow::store(server, files);
        } catch (const std::exception& e) {
            *error = QString::fromStdString(e.what());
        }
    });
    connect(t, &QThread::finished, t, &QObject::deleteLater);
    const std::string seriesUid = study_->series().metadata.seriesInstanceUid;
    connect(t, &QThread::finished, this, [this, error, name, files, what, doneMessage, seriesUid] {
        sending_ = false;
        QStringList where;
        for (const auto& f : files) where << QString::fromStdString(f.string());
        if (!error->isEmpty()) {
            const QString message = tr("%1 not sent to %2: %3 (kept in %4)").arg(what, name, *error, where.join(", "));
            status_->setText(message);
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Send to PACS"), message, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            Q_EMIT segSent(false, message);
            return;
        }
        for (const auto& f : files)
            recordOutput(f.extension() == ".dcm" && f.stem().string().ends_with("-sr") ? OutputKind::Report : OutputKind::Seg,
                         QString::fromStdString(f.string()), seriesUid);
        status_->setText(doneMessage);
        Q_EMIT segSent(true, doneMessage);
    });
    t->start();
}

bool MainWindow::sendMeasurementsTo(const workflow::PacsServer& server) {
    if (sending_) {
        status_->setText(tr("Something is still being sent."));
        return false;
    }
    if (!study_->hasVolume()) return false;
    fs::path base;
    try {
        base = sentFile("lesions");
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Send measurements to PACS"), QString::fromStdString(e.what()));
        return false;
    }
    // The same files as Export measurements (and its questions); the CSV stays here.
    if (!exportMeasurementsTo(QString::fromStdString(base.string()))) return false;
    const auto files = workflow::lesionReportFiles(base);
    const QString what = tr("the lesion SEG and its measurement report (SR)");
    storeInBackground(server, {files.seg, files.sr}, what, tr("Sent %1 to %2").arg(what, QString::fromStdString(server.name)));
    return true;
}

}  // namespace lsms::ui
