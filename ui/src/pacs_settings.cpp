#include "lsms/ui/pacs_settings.h"

#include "lsms/ui/pacs_passwords.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

namespace lsms::ui {

struct TestJob {
    workflow::PacsServer server;
    QString error;  // written by the thread before it ends
};

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

PacsSettings::PacsSettings(std::filesystem::path file, QWidget* parent) : QDialog(parent), file_(std::move(file)) {
    setWindowTitle(tr("PACS servers"));
    resize(760, 460);
    auto* layout = new QVBoxLayout(this);
    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    list_ = new QListWidget;
    auto* add = new QPushButton(tr("&Add"));
    remove_ = new QPushButton(tr("&Remove"));
    left->addWidget(list_, 1);
    auto* addRemove = new QHBoxLayout;
    addRemove->addWidget(add);
    addRemove->addWidget(remove_);
    left->addLayout(addRemove);
    columns->addLayout(left, 1);

    auto* form = new QFormLayout;
    name_ = new QLineEdit;
    protocol_ = new QComboBox;
    protocol_->addItems({tr("DICOM (DIMSE)"), tr("DICOMweb")});
    host_ = new QLineEdit;
    port_ = new QSpinBox;
    port_->setRange(1, 65535);
    calledAe_ = new QLineEdit;
    calledAe_->setMaxLength(16);
    callingAe_ = new QLineEdit;
    callingAe_->setMaxLength(16);
    retrieve_ = new QComboBox;
    retrieve_->addItems({tr("C-GET (nothing to set up on the PACS)"), tr("C-MOVE (the PACS must know our AE title and port)")});
    listenPort_ = new QSpinBox;
    listenPort_->setRange(1, 65535);
    url_ = new QLineEdit;
    url_->setPlaceholderText("https://pacs.example.org/dicom-web");
    user_ = new QLineEdit;
    password_ = new QLineEdit;
    password_->setEchoMode(QLineEdit::Password);
    password_->setPlaceholderText(keyringAvailable() ? tr("kept in the desktop keyring") : tr("kept until the program ends"));
    tls_ = new QCheckBox(tr("DICOM TLS (C-GET only)"));
    caFile_ = new QLineEdit;
    caFile_->setPlaceholderText(tr("PEM file; empty: the CAs this system trusts"));
    certFile_ = new QLineEdit;
    certFile_->setPlaceholderText(tr("PEM, only if the PACS asks for one"));
    keyFile_ = new QLineEdit;
    timeout_ = new QSpinBox;
    timeout_->setRange(1, 600);
    timeout_->setSuffix(tr(" s"));
    form->addRow(tr("Name"), name_);
    form->addRow(tr("Protocol"), protocol_);
    form->addRow(tr("Host"), host_);
    form->addRow(tr("Port"), port_);
    form->addRow(tr("PACS AE title"), calledAe_);
    form->addRow(tr("Our AE title"), callingAe_);
    form->addRow(tr("Retrieve by"), retrieve_);
    form->addRow(tr("Our C-MOVE port"), listenPort_);
    form->addRow(tr("DICOMweb URL"), url_);
    form->addRow(tr("User"), user_);
    form->addRow(tr("Password"), password_);
    form->addRow(tr("Security"), tls_);
    form->addRow(tr("CA certificates"), caFile_);
    form->addRow(tr("Our certificate"), certFile_);
    form->addRow(tr("Our key"), keyFile_);
    form->addRow(tr("Timeout"), timeout_);
    test_ = new QPushButton(tr("&Test connection"));
    form->addRow(QString(), test_);
    columns->addLayout(form, 2);
    layout->addLayout(columns, 1);
    message_ = new QLabel;
    message_->setWordWrap(true);
    layout->addWidget(message_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &PacsSettings::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PacsSettings::reject);
    connect(add, &QPushButton::clicked, this, &PacsSettings::addServer);
    connect(remove_, &QPushButton::clicked, this, &PacsSettings::removeServer);
    connect(test_, &QPushButton::clicked, this, &PacsSettings::testConnection);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (loading_) return;
        storeForm();
        showServer(row);
    });
    connect(protocol_, &QComboBox::currentIndexChanged, this, &PacsSettings::updateFields);
    connect(retrieve_, &QComboBox::currentIndexChanged, this, &PacsSettings::updateFields);
    connect(tls_, &QCheckBox::toggled, this, &PacsSettings::updateFields);
    connect(name_, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (!loading_ && current_ >= 0 && list_->item(current_)) list_->item(current_)->setText(t);
    });

    try {
        servers_ = workflow::loadServers(file_);
    } catch (const std::exception& e) {
        // A damaged list is shown, not overwritten unless the reader saves.
        setMessage(q(e.what()), true);
    }
    for (const auto& s : servers_) list_->addItem(q(s.name));
    if (!servers_.empty()) list_->setCurrentRow(0);
    else showServer(-1);
}

PacsSettings::~PacsSettings() = default;

QString PacsSettings::message() const { return message_->text(); }

void PacsSettings::setMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? "color: #c0392b;" : QString());
}

void PacsSettings::showServer(int row) {
    loading_ = true;
    current_ = row;
    const bool any = row >= 0 && row < int(servers_.size());
    const workflow::PacsServer s = any ? servers_[std::size_t(row)] : workflow::PacsServer{};
    name_->setText(q(s.name));
    protocol_->setCurrentIndex(s.protocol == workflow::PacsProtocol::DicomWeb ? 1 : 0);
    host_->setText(q(s.peer.host));
    port_->setValue(s.peer.port);
    calledAe_->setText(q(s.peer.calledAe));
    callingAe_->setText(q(s.peer.callingAe));
    retrieve_->setCurrentIndex(s.retrieve == workflow::RetrieveMethod::CMove ? 1 : 0);
    listenPort_->setValue(s.moveListenPort);
    url_->setText(q(s.web.url));
    user_->setText(q(s.web.user));
    password_->setText(any ? knownPassword(q(s.name)) : QString());
    tls_->setChecked(s.peer.tls);
    caFile_->setText(q(s.protocol == workflow::PacsProtocol::DicomWeb ? s.web.caFile : s.peer.tlsCaFile));
    certFile_->setText(q(s.peer.tlsCertificateFile));
    keyFile_->setText(q(s.peer.tlsKeyFile));
    timeout_->setValue(s.protocol == workflow::PacsProtocol::DicomWeb ? s.web.timeoutSeconds : s.peer.timeoutSeconds);
    for (QWidget* w : std::initializer_list<QWidget*>{name_, protocol_, host_, port_, calledAe_, callingAe_, retrieve_, listenPort_,
                                                     url_, user_, password_, tls_, caFile_, certFile_, keyFile_, timeout_, test_, remove_})
        w->setEnabled(any);
    loading_ = false;
    if (any) updateFields();
}

void PacsSettings::updateFields() {
    if (current_ < 0) return;
    const bool web = protocol_->currentIndex() == 1;
    for (QWidget* w : std::initializer_list<QWidget*>{host_, port_, calledAe_, callingAe_, retrieve_}) w->setEnabled(!web);
    listenPort_->setEnabled(!web && retrieve_->currentIndex() == 1);
    for (QWidget* w : std::initializer_list<QWidget*>{url_, user_, password_}) w->setEnabled(web);
    tls_->setEnabled(!web);
    const bool secure = !web && tls_->isChecked();
    caFile_->setEnabled(web || secure);
    certFile_->setEnabled(secure);
    keyFile_->setEnabled(secure);
}

void PacsSettings::storeForm() {
    if (current_ < 0 || current_ >= int(servers_.size())) return;
    auto& s = servers_[std::size_t(current_)];
    const QString oldName = q(s.name);
    s.name = name_->text().trimmed().toStdString();
    s.protocol = protocol_->currentIndex() == 1 ? workflow::PacsProtocol::DicomWeb : workflow::PacsProtocol::Dimse;
    s.peer.host = host_->text().trimmed().toStdString();
    s.peer.port = port_->value();
    s.peer.calledAe = calledAe_->text().trimmed().toStdString();
    s.peer.callingAe = callingAe_->text().trimmed().toStdString();
    s.retrieve = retrieve_->currentIndex() == 1 ? workflow::RetrieveMethod::CMove : workflow::RetrieveMethod::CGet;
    s.moveListenPort = listenPort_->value();
    s.web.url = url_->text().trimmed().toStdString();
    s.web.user = user_->text().trimmed().toStdString();
    s.web.password = password_->text().toStdString();
    s.peer.timeoutSeconds = s.web.timeoutSeconds = timeout_->value();
    const bool web = s.protocol == workflow::PacsProtocol::DicomWeb;
    s.peer.tls = !web && tls_->isChecked();
    s.peer.tlsCaFile = s.peer.tls ? caFile_->text().trimmed().toStdString() : std::string();
    s.peer.tlsCertificateFile = s.peer.tls ? certFile_->text().trimmed().toStdString() : std::string();
    s.peer.tlsKeyFile = s.peer.tls ? keyFile_->text().trimmed().toStdString() : std::string();
    s.web.caFile = web ? caFile_->text().trimmed().toStdString() : std::string();
    if (oldName != q(s.name) && !oldName.isEmpty()) forgetPassword(oldName);
}

void PacsSettings::addServer() {
    storeForm();
    workflow::PacsServer s;
    QString name = tr("PACS");
    for (int n = 2; std::any_of(servers_.begin(), servers_.end(), [&](const auto& o) { return q(o.name) == name; }); ++n)
        name = tr("PACS %1").arg(n);
    s.name = name.toStdString();
    s.peer.host = "";
    s.peer.calledAe = "";
    servers_.push_back(s);
    loading_ = true;
    list_->addItem(name);
    loading_ = false;
    list_->setCurrentRow(int(servers_.size()) - 1);
    name_->setFocus();
    name_->selectAll();
}

void PacsSettings::removeServer() {
    if (current_ < 0 || current_ >= int(servers_.size())) return;
    const int row = current_;
    servers_.erase(servers_.begin() + row);
    current_ = -1;  // the removed server's form is not stored back
    loading_ = true;
    delete list_->takeItem(row);
    loading_ = false;
    const int next = std::min(row, int(servers_.size()) - 1);
    list_->setCurrentRow(next);
    showServer(next);
}

void PacsSettings::testConnection() {
    if (testing_ || current_ < 0) return;
    storeForm();
    auto job = std::make_shared<TestJob>();
    job->server = servers_[std::size_t(current_)];
    testing_ = job;
    test_->setEnabled(false);
    setMessage(tr("Testing %1…").arg(q(job->server.name)));
    QThread* thread = QThread::create([job] {
        try {
            workflow::testConnection(job->server);
        } catch (const std::exception& e) {
            job->error = QString::fromStdString(e.what());
            if (job->error.isEmpty()) job->error = QStringLiteral("failed");
        }
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this] {
        const auto job = std::move(testing_);
        test_->setEnabled(current_ >= 0);
        if (job->error.isEmpty()) setMessage(tr("%1 answered.").arg(q(job->server.name)));
        else setMessage(tr("%1: %2").arg(q(job->server.name), job->error), true);
        Q_EMIT tested();
    });
    thread->start();
}

bool PacsSettings::save() {
    storeForm();
    try {
        workflow::saveServers(file_, servers_);
    } catch (const std::exception& e) {
        setMessage(q(e.what()), true);
        return false;
    }
    for (const auto& s : servers_)
        if (!s.web.password.empty()) rememberPassword(q(s.name), q(s.web.password));
    setMessage(tr("Saved %n server(s).", nullptr, int(servers_.size())));
    return true;
}

void PacsSettings::accept() {
    if (save()) QDialog::accept();
}

}  // namespace lsms::ui
