// The window before a study opens: the welcome view offers a folder, the
// demo study and the recent studies, and gives way to the views once a
// study is open.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/welcome_view.h"
#include "lsms/core/version.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

TEST_CASE("the window starts on the welcome view, which opens the demo or a recent study, then shows the views",
          "[ui][welcome]") {
    ensureApp();
    TempDir dir("ui-welcome");
    writeDicomSeries(smallCt(), testMetadata("ui-welcome"), dir.path());
    MainWindow w(nullptr);
    w.resize(1200, 800);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    CHECK(w.showingWelcome());
    WelcomeView* welcome = w.welcomeView();
    REQUIRE(welcome != nullptr);
    CHECK(welcome->isVisible());
    bool versionShown = false, phantomsSaid = false;
    for (const QLabel* l : welcome->findChildren<QLabel*>()) {
        versionShown |= l->text().contains(QString("Version ") + kVersion);
        phantomsSaid |= l->text().contains("synthetic liver CT phantoms only");
    }
    CHECK(versionShown);
    CHECK(phantomsSaid);

    // The demo button asks the program for the demo study.
    QSignalSpy demo(&w, &MainWindow::demoRequested);
    QTest::mouseClick(welcome->demoButton(), Qt::LeftButton);
    CHECK(demo.count() == 1);

    // Opening a study shows the views, and the study is then among the recent ones.
    openStudy(w, dir.path());
    CHECK_FALSE(w.showingWelcome());
    CHECK(w.view(Axis::Axial)->isVisible());
    const QString path = QString::fromStdString(dir.path().string());
    REQUIRE(welcome->recentList()->count() >= 1);
    CHECK(welcome->recentList()->item(0)->text() == path);

    SECTION("a recent study opens from the welcome view of a new window") {
        MainWindow again(nullptr);
        again.show();
        REQUIRE(again.welcomeView()->recentList()->count() >= 1);
        QListWidgetItem* item = again.welcomeView()->recentList()->item(0);
        REQUIRE(item->text() == path);
        QSignalSpy loaded(&again, &MainWindow::studyLoaded);
        Q_EMIT again.welcomeView()->recentList()->itemActivated(item);
        REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
        CHECK_FALSE(again.showingWelcome());
        CHECK(again.study()->ct().geometry.size == w.study()->ct().geometry.size);
    }
}
