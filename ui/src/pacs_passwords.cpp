#include "lsms/ui/pacs_passwords.h"

#include <QHash>
#include <QMutex>

#ifdef LSMS_UI_WITH_LIBSECRET
#include <libsecret/secret.h>
#endif

namespace lsms::ui {

namespace {

QMutex mutex;
QHash<QString, QString>& passwords() {
    static QHash<QString, QString> p;
    return p;
}

#ifdef LSMS_UI_WITH_LIBSECRET
const SecretSchema* schema() {
    static const SecretSchema s = {"org.lsms.Viewer.PacsServer",
                                   SECRET_SCHEMA_NONE,
                                   {{"server", SECRET_SCHEMA_ATTRIBUTE_STRING}, {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING}},
                                   0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    return &s;
}

// Without a session bus libsecret would try to start one; a bare X server
// has none, so the keyring is not asked at all.
bool busPresent() { return qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"); }

QString keyringLookup(const QString& server) {
    if (!busPresent()) return {};
    GError* error = nullptr;
    gchar* p = secret_password_lookup_sync(schema(), nullptr, &error, "server", server.toUtf8().constData(), nullptr);
    if (error) g_error_free(error);
    if (!p) return {};
    QString result = QString::fromUtf8(p);
    secret_password_free(p);
    return result;
}

bool keyringStore(const QString& server, const QString& password) {
    if (!busPresent()) return false;
    GError* error = nullptr;
    const QByteArray label = ("LSMS Viewer: PACS server " + server).toUtf8();
    const gboolean ok = secret_password_store_sync(schema(), SECRET_COLLECTION_DEFAULT, label.constData(),
                                                   password.toUtf8().constData(), nullptr, &error, "server",
                                                   server.toUtf8().constData(), nullptr);
    if (error) g_error_free(error);
    return ok;
}

void keyringClear(const QString& server) {
    if (!busPresent()) return;
    secret_password_clear_sync(schema(), nullptr, nullptr, "server", server.toUtf8().constData(), nullptr);
}
#else
QString keyringLookup(const QString&) { return {}; }
bool keyringStore(const QString&, const QString&) { return false; }
void keyringClear(const QString&) {}
#endif

}  // namespace

QString knownPassword(const QString& server) {
    QMutexLocker lock(&mutex);
    auto it = passwords().find(server);
    if (it != passwords().end()) return *it;
    const QString p = keyringLookup(server);
    if (!p.isEmpty()) passwords().insert(server, p);
    return p;
}

bool rememberPassword(const QString& server, const QString& password) {
    QMutexLocker lock(&mutex);
    passwords().insert(server, password);
    return keyringStore(server, password);
}

void forgetPassword(const QString& server) {
    QMutexLocker lock(&mutex);
    passwords().remove(server);
    keyringClear(server);
}

bool keyringAvailable() {
#ifdef LSMS_UI_WITH_LIBSECRET
    return busPresent();
#else
    return false;
#endif
}

}  // namespace lsms::ui
