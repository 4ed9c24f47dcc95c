#include "lsms/ui/study_browser.h"

#include "lsms/core/error.h"
#include "lsms/ui/pacs_passwords.h"
#include "lsms/workflow/study_retrieve.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <atomic>
#include <map>
#include <filesystem>

namespace lsms::ui {
namespace fs = std::filesystem;

// One piece of network work and what it leaves; shared with its thread,
// which may outlive the dialog (a PACS that does not answer until its
// timeout), so the thread touches nothing else.
struct BrowserJob {
    enum Kind { Search, Series, Retrieve } kind = Search;
    workflow::PacsServer server;
    net::StudyQuery query;
    std::string study, series;
    std::atomic<bool> cancel{false};
    std::atomic<std::size_t> received{0}, remaining{0};
    // Written by the thread before it ends, read after.
    QString error;
    net::FindResult studies;
    std::vector<net::SeriesRecord> seriesList;
    workflow::RetrievedStudy retrieved;
};

struct StudyBrowser::Found {
    std::vector<net::StudyListEntry> studies;  // series filled for the local list, or once listed
    std::map<std::string, std::vector<net::OutputRecord>> outputs;  // by series UID, local list only
    bool truncated = false;
    int seriesOf = -1;  // the study whose series are shown
};

namespace {

QTableWidget* makeTable(const QStringList& headers) {
    auto* t = new QTableWidget(0, int(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->setVisible(false);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells) {
    for (int c = 0; c < cells.size(); ++c) t->setItem(row, c, new QTableWidgetItem(cells[c]));
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// "20261201" → "2026-12-01"; anything else as it is.
QString showDate(const std::string& d) {
    if (d.size() == 8) return q(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2));
    return q(d);
}

QString count(int n) { return n > 0 ? QString::number(n) : QString(); }

// The folder holding all of a series' files.
fs::path commonFolder(const std::vector<fs::path>& files) {
    fs::path common = files.front().parent_path();
    for (const auto& f : files) {
        while (!common.empty()) {
            const auto rel = f.parent_path().lexically_relative(common);
            if (!rel.empty() && rel.native().rfind("..", 0) != 0) break;
            common = common.parent_path();
        }
    }
    return common;
}

}  // namespace

StudyBrowser::StudyBrowser(std::vector<workflow::PacsServer> servers, QWidget* parent)
    : QDialog(parent), servers_(std::move(servers)), found_(std::make_unique<Found>()) {
    setWindowTitle(tr("Open from PACS or the study list"));
    resize(980, 620);
    askPassword_ = [](QWidget* parent, const QString& server) {
        return QInputDialog::getText(parent, tr("Password"), tr("Password for %1:").arg(server), QLineEdit::Password);
    };
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    source_ = new QComboBox;
    source_->addItem(tr("Local study list"));
    for (const auto& s : servers_)
        source_->addItem(q(s.name) + (s.protocol == workflow::PacsProtocol::DicomWeb ? tr(" (DICOMweb)") : tr(" (DICOM)")));
    top->addWidget(new QLabel(tr("Search in:")));
    top->addWidget(source_, 1);
    layout->addLayout(top);

    auto* form = new QFormLayout;
    auto* keys = new QHBoxLayout;
    patientName_ = new QLineEdit;
    patientName_->setPlaceholderText(tr("name, * as wildcard"));
    patientId_ = new QLineEdit;
    date_ = new QLineEdit;
    date_->setPlaceholderText(tr("YYYYMMDD or YYYYMMDD-YYYYMMDD"));
    modality_ = new QLineEdit;
    modality_->setPlaceholderText(tr("CT"));
    accession_ = new QLineEdit;
    for (auto [label, edit] : {std::pair{tr("Patient"), patientName_}, {tr("ID"), patientId_}, {tr("Date"), date_},
                               {tr("Modality"), modality_}, {tr("Accession"), accession_}}) {
        keys->addWidget(new QLabel(label));
        keys->addWidget(edit, edit == patientName_ || edit == date_ ? 2 : 1);
        connect(edit, &QLineEdit::returnPressed, this, &StudyBrowser::search);
    }
    search_ = new QPushButton(tr("&Search"));
    keys->addWidget(search_);
    form->addRow(keys);
    layout->addLayout(form);

    auto* split = new QSplitter(Qt::Vertical);
    studies_ = makeTable({tr("Patient"), tr("Patient ID"), tr("Date"), tr("Modalities"), tr("Series"), tr("Instances"),
                          tr("Accession"), tr("Description")});
    series_ = makeTable({tr("Modality"), tr("Number"), tr("Instances"), tr("Written here"), tr("Description")});
    split->addWidget(studies_);
    split->addWidget(series_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    auto* bottom = new QHBoxLayout;
    message_ = new QLabel;
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new QProgressBar;
    progress_->setVisible(false);
    retrieve_ = new QPushButton(tr("&Open"));
    retrieve_->setDefault(true);
    cancel_ = new QPushButton(tr("Cancel"));
    auto* close = new QPushButton(tr("Close"));
    bottom->addWidget(message_, 3);
    bottom->addWidget(progress_, 2);
    bottom->addWidget(retrieve_);
    bottom->addWidget(cancel_);
    bottom->addWidget(close);
    layout->addLayout(bottom);

    poll_ = new QTimer(this);
    poll_->setInterval(100);
    connect(poll_, &QTimer::timeout, this, [this] {
        if (!job_ || job_->kind != BrowserJob::Retrieve) return;
        const auto got = job_->received.load(), left = job_->remaining.load();
        progress_->setRange(0, int(got + left));
        progress_->setValue(int(got));
        progress_->setFormat(tr("%1 of %2 instances").arg(got).arg(got + left));
    });
    connect(search_, &QPushButton::clicked, this, &StudyBrowser::search);
    connect(retrieve_, &QPushButton::clicked, this, &StudyBrowser::retrieveAndOpen);
    connect(cancel_, &QPushButton::clicked, this, &StudyBrowser::cancel);
    connect(close, &QPushButton::clicked, this, &StudyBrowser::reject);
    connect(source_, &QComboBox::currentIndexChanged, this, [this] {
        found_ = std::make_unique<Found>();
        showStudies();
        setMessage(local() ? tr("Series imported from disk or retrieved before.") : tr("Search the PACS."));
    });
    connect(studies_, &QTableWidget::itemSelectionChanged, this, &StudyBrowser::studyChosen);
    connect(series_, &QTableWidget::itemSelectionChanged, this, &StudyBrowser::updateButtons);
    connect(series_, &QTableWidget::cellDoubleClicked, this, &StudyBrowser::retrieveAndOpen);
    setMessage(servers_.empty() ? tr("No PACS is set up yet: Settings → PACS servers. The local study list is searched.")
                                : tr("Series imported from disk or retrieved before."));
    updateButtons();
}

StudyBrowser::~StudyBrowser() {
    if (job_) job_->cancel = true;  // its thread ends on its own and touches nothing of ours
}

QString StudyBrowser::message() const { return message_->text(); }

bool StudyBrowser::local() const { return source_->currentIndex() <= 0; }

void StudyBrowser::setMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? "color: #c0392b;" : QString());
}

void StudyBrowser::updateButtons() {
    const bool idle = !job_;
    search_->setEnabled(idle);
    source_->setEnabled(idle);
    cancel_->setEnabled(!idle);
    const bool study = !studies_->selectedItems().isEmpty(), series = !series_->selectedItems().isEmpty();
    retrieve_->setEnabled(idle && (local() ? series : study));
    retrieve_->setText(local() ? tr("&Open") : series ? tr("&Retrieve series and open") : tr("&Retrieve study"));
}

const workflow::PacsServer* StudyBrowser::server() {
    auto& s = servers_.at(std::size_t(source_->currentIndex() - 1));
    if (s.protocol == workflow::PacsProtocol::DicomWeb && !s.web.user.empty() && s.web.password.empty()) {
        const QString name = q(s.name);
        QString password = knownPassword(name);
        if (password.isEmpty()) password = askPassword_(this, name);
        if (password.isEmpty()) {
            setMessage(tr("No password given for %1.").arg(name), true);
            return nullptr;
        }
        rememberPassword(name, password);
        s.web.password = password.toStdString();
    }
    return &s;
}

void StudyBrowser::search() {
    if (job_) return;
    net::StudyQuery query;
    query.patientName = patientName_->text().trimmed().toStdString();
    query.patientId = patientId_->text().trimmed().toStdString();
    query.date = date_->text().trimmed().remove('-').toStdString();
    if (date_->text().contains('-')) {  // a range keeps its dash between the two dates
        const QStringList parts = date_->text().trimmed().split('-');
        if (parts.size() == 2) query.date = (parts[0] + "-" + parts[1]).toStdString();
    }
    query.modality = modality_->text().trimmed().toUpper().toStdString();
    query.accessionNumber = accession_->text().trimmed().toStdString();
    if (local()) {
        try {
            auto list = workflow::openStudyList();
            found_ = std::make_unique<Found>();
            found_->studies = list.search(query);
            for (const auto& e : found_->studies)
                for (const auto& x : e.series) found_->outputs[x.seriesInstanceUid] = list.outputs(x.seriesInstanceUid);
            showStudies();
            setMessage(tr("%n stud(ies) in the local study list.", nullptr, int(found_->studies.size())));
        } catch (const std::exception& e) {
            setMessage(q(e.what()), true);
        }
        Q_EMIT finished();
        return;
    }
    const workflow::PacsServer* s = server();
    if (!s) return Q_EMIT finished();
    auto job = std::make_shared<BrowserJob>();
    job->kind = BrowserJob::Search;
    job->server = *s;
    job->query = query;
    setMessage(tr("Searching %1…").arg(q(s->name)));
    start(job);
}

void StudyBrowser::studyChosen() {
    series_->setRowCount(0);
    updateButtons();
    const auto rows = studies_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    const int row = rows.front().row();
    found_->seriesOf = row;
    auto& entry = found_->studies.at(std::size_t(row));
    if (local() || !entry.series.empty() || job_) return showSeries();
    const workflow::PacsServer* s = server();
    if (!s) return;
    auto job = std::make_shared<BrowserJob>();
    job->kind = BrowserJob::Series;
    job->server = *s;
    job->study = entry.study.studyInstanceUid;
    setMessage(tr("Listing the series of the study…"));
    start(job);
}

void StudyBrowser::retrieveAndOpen() {
    if (job_) return;
    const auto studyRows = studies_->selectionModel()->selectedRows();
    if (studyRows.isEmpty()) return;
    const auto& entry = found_->studies.at(std::size_t(studyRows.front().row()));
    const auto seriesRows = series_->selectionModel()->selectedRows();
    const net::SeriesRecord* series =
        seriesRows.isEmpty() ? nullptr : &entry.series.at(std::size_t(seriesRows.front().row()));
    if (local()) {
        if (!series) return setMessage(tr("Choose a series to open."));
        try {
            const auto files = workflow::openStudyList().files(series->seriesInstanceUid);
            if (files.empty()) return setMessage(tr("The study list has no files for that series."), true);
            Q_EMIT openRequested(q(commonFolder(files).string()), q(series->seriesInstanceUid));
            accept();
        } catch (const std::exception& e) {
            setMessage(q(e.what()), true);
        }
        return;
    }
    const workflow::PacsServer* s = server();
    if (!s) return;
    auto job = std::make_shared<BrowserJob>();
    job->kind = BrowserJob::Retrieve;
    job->server = *s;
    job->study = entry.study.studyInstanceUid;
    if (series) job->series = series->seriesInstanceUid;
    progress_->setRange(0, 0);
    progress_->setFormat(QString());
    progress_->setVisible(true);
    setMessage(series ? tr("Retrieving the series from %1…").arg(q(s->name)) : tr("Retrieving the study from %1…").arg(q(s->name)));
    poll_->start();
    start(job);
}

void StudyBrowser::cancel() {
    if (!job_) return;
    job_->cancel = true;
    setMessage(job_->kind == BrowserJob::Retrieve ? tr("Cancelling; the instances that arrived are kept…")
                                                  : tr("Cancelling; waiting for the PACS to answer or time out…"));
}

void StudyBrowser::reject() {
    if (job_) job_->cancel = true;
    QDialog::reject();
}

void StudyBrowser::start(std::shared_ptr<BrowserJob> job) {
    job_ = job;
    updateButtons();
    QThread* thread = QThread::create([job] {
        try {
            switch (job->kind) {
            case BrowserJob::Search: job->studies = workflow::findStudies(job->server, job->query); break;
            case BrowserJob::Series: job->seriesList = workflow::findSeries(job->server, job->study); break;
            case BrowserJob::Retrieve: {
                auto list = workflow::openStudyList();
                job->retrieved = workflow::retrieveIntoStudyList(job->server, list, job->study, job->series,
                                                                 [&job](std::size_t got, std::size_t left, std::size_t) {
                                                                     job->received = got;
                                                                     job->remaining = left;
                                                                     return !job->cancel.load();
                                                                 });
                break;
            }
            }
        } catch (const std::exception& e) {
            job->error = QString::fromStdString(e.what());
        }
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, &StudyBrowser::jobEnded);
    thread->start();
}

void StudyBrowser::jobEnded() {
    const std::shared_ptr<BrowserJob> job = std::move(job_);
    poll_->stop();
    progress_->setVisible(false);
    updateButtons();
    if (!job) return;
    const QString name = q(job->server.name);
    if (!job->error.isEmpty()) {
        if (job->error.contains("401") || job->error.contains("uthentica")) forgetPassword(name);
        setMessage(job->error, true);
        Q_EMIT finished();
        return;
    }
    switch (job->kind) {
    case BrowserJob::Search:
        found_ = std::make_unique<Found>();
        for (auto& s : job->studies.studies) found_->studies.push_back({std::move(s), {}});
        found_->truncated = job->studies.truncated;
        showStudies();
        setMessage(tr("%n stud(ies) found on %1", nullptr, int(found_->studies.size())).arg(name) +
                   (found_->truncated ? tr(": the first ones only, narrow the search for the rest.") : QStringLiteral(".")));
        break;
    case BrowserJob::Series:
        for (auto& e : found_->studies)
            if (e.study.studyInstanceUid == job->study) e.series = job->seriesList;
        showSeries();
        setMessage(tr("%n series in the study.", nullptr, int(job->seriesList.size())));
        break;
    case BrowserJob::Retrieve: {
        const auto& r = job->retrieved.result;
        const QString folder = q(job->retrieved.folder.string());
        if (r.cancelled) {
            setMessage(tr("Cancelled: %n instance(s) arrived and are kept in %1.", nullptr, int(r.files.size())).arg(folder));
            break;
        }
        if (r.failed) {
            setMessage(tr("%1 instance(s) did not arrive; the %2 that did are kept in %3.").arg(r.failed).arg(r.files.size()).arg(folder),
                       true);
            break;
        }
        setMessage(tr("Retrieved %n instance(s) into the study list.", nullptr, int(r.files.size())));
        if (!job->series.empty()) {
            Q_EMIT openRequested(folder, q(job->series));
            Q_EMIT finished();
            accept();
            return;
        }
        break;
    }
    }
    Q_EMIT finished();
}

void StudyBrowser::showStudies() {
    studies_->setRowCount(0);
    series_->setRowCount(0);
    studies_->setRowCount(int(found_->studies.size()));
    int row = 0;
    for (const auto& e : found_->studies) {
        const auto& s = e.study;
        const int seriesCount = s.seriesCount ? s.seriesCount : int(e.series.size());
        setRow(studies_, row++, {q(s.patientName), q(s.patientId), showDate(s.studyDate), q(s.modalities), count(seriesCount),
                                 count(s.instanceCount), q(s.accessionNumber), q(s.description)});
    }
    studies_->resizeColumnsToContents();
    updateButtons();
}

void StudyBrowser::showSeries() {
    series_->setRowCount(0);
    if (found_->seriesOf < 0 || found_->seriesOf >= int(found_->studies.size())) return;
    const auto& list = found_->studies[std::size_t(found_->seriesOf)].series;
    series_->setRowCount(int(list.size()));
    int row = 0;
    for (const auto& s : list) {
        // The sessions, SEGs and reports this program wrote for the series.
        int sessions = 0, segs = 0, reports = 0, gone = 0;
        QStringList paths;
        if (const auto at = found_->outputs.find(s.seriesInstanceUid); at != found_->outputs.end())
            for (const auto& o : at->second) {
                (o.kind == net::OutputKind::Session ? sessions : o.kind == net::OutputKind::Seg ? segs : reports)++;
                if (!o.exists) ++gone;
                paths << q(o.path.string()) + (o.exists ? QString() : tr(" (no longer there)"));
            }
        QStringList written;
        if (sessions) written << tr("%n session(s)", nullptr, sessions);
        if (segs) written << tr("%n SEG(s)", nullptr, segs);
        if (reports) written << tr("%n report file(s)", nullptr, reports);
        if (gone) written << tr("%1 moved or deleted").arg(gone);
        setRow(series_, row, {q(s.modality), count(s.seriesNumber), count(s.instanceCount), written.join(", "), q(s.description)});
        series_->item(row, 3)->setToolTip(paths.join('\n'));
        ++row;
    }
    series_->resizeColumnsToContents();
    // The first CT series is the likely one to read; chosen for the reader.
    for (int i = 0; i < int(list.size()); ++i)
        if (list[std::size_t(i)].modality == "CT") {
            series_->selectRow(i);
            break;
        }
    updateButtons();
}

}  // namespace lsms::ui
