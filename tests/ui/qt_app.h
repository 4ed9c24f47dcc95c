#pragma once
// One QApplication per test process, whichever test case runs first; and
// private recovery and settings folders so tests never write into the user's.
#include "support/series_fixture.h"

#include <QApplication>

namespace lsms::test {

inline void ensureApp() {
    static TempDir recovery("ui-recovery");
    qputenv("LSMS_RECOVERY_DIR", QByteArray::fromStdString(recovery.path().string()));
    // Settings (recent studies, window presets) go to a private folder too.
    static TempDir config("ui-config");
    qputenv("XDG_CONFIG_HOME", QByteArray::fromStdString(config.path().string()));
    // The local study list and retrieved studies too.
    static TempDir data("ui-data");
    qputenv("XDG_DATA_HOME", QByteArray::fromStdString(data.path().string()));
    if (QApplication::instance()) return;
    static int argc = 1;
    static char name[] = "test_ui";
    static char* argv[] = {name, nullptr};
    new QApplication(argc, argv);  // lives for the whole process
}

}  // namespace lsms::test
