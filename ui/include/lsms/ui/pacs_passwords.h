#pragma once
// Passwords of DICOMweb servers for this run of the program: asked once,
// kept in memory, never written to the server list or a log. The desktop
// keyring holds them across runs where one answers (Secret Service through
// libsecret when the build has it); otherwise they are asked again next run.
#include <QString>

namespace lsms::ui {

// The password known for `server` (empty when none); looks in the keyring
// the first time.
QString knownPassword(const QString& server);
// Keeps it for this run and offers it to the keyring. Returns whether the
// keyring took it.
bool rememberPassword(const QString& server, const QString& password);
void forgetPassword(const QString& server);
// Whether a keyring answered; false under a bare X server or without libsecret.
bool keyringAvailable();

}  // namespace lsms::ui
