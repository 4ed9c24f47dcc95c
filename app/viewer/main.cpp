// lsms-viewer [PATH] [--demo] [--model FILE] [--device auto|cpu|cuda]
// With no display, --demo runs headless: segments a prompt on the demo study
// and writes the mask, so the first quick-start command is useful anywhere.
#include "demo_study.h"
#include "headless_demo.h"
#include "viewer_bench.h"
#include "viewer_memory_bench.h"

#include "lsms/core/openmp_wait.h"
#include "lsms/core/error.h"
#include "lsms/core/version.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/prompt_panel.h"
#include "lsms/ui/segmentation_engine.h"
#include "lsms/ui/study_seg.h"

#include <QApplication>
#include <QIcon>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QStatusBar>
#include <QThread>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace {
bool haveDisplay() {
    const char* qpa = std::getenv("QT_QPA_PLATFORM");
    if (qpa && *qpa) return true;
    const char* x = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

std::string option(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name) return argv[i + 1];
    return fallback;
}

bool flag(int argc, char** argv, const std::string& name) {
    for (int i = 1; i < argc; ++i)
        if (argv[i] == name) return true;
    return false;
}
}  // namespace

int main(int argc, char** argv) {
    lsms::useOpenMpPassiveWait(argv);  // before any LibTorch kernel runs
    QElapsedTimer sinceLaunch;
    sinceLaunch.start();
    if (flag(argc, argv, "--version")) {  // before the display check: works anywhere
        std::cout << "lsms-viewer " << lsms::kVersion << "\n";
        return 0;
    }
    const bool demo = flag(argc, argv, "--demo");
    const std::string modelPath = option(argc, argv, "--model", lsms::ui::defaultModelPath().string());
    const std::string device = option(argc, argv, "--device", "auto");
    if (!haveDisplay()) {
        if (!demo) {
            std::cerr << "lsms-viewer: no display (DISPLAY/WAYLAND_DISPLAY unset); run with --demo for the headless demo\n";
            return 2;
        }
        try {
            return lsms::app::runHeadlessDemo(modelPath, device, option(argc, argv, "--prompt", "the largest lesion"));
        } catch (const lsms::Error& e) {
            std::cerr << "lsms-viewer: " << e.what() << "\n";
            return 1;
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName("LSMS Viewer");
    // The installed icon and desktop entry (packaging/): the window and the
    // desktop's task list then show the application's own.
    QGuiApplication::setDesktopFileName("lsms-viewer");
    QApplication::setWindowIcon(QIcon::fromTheme("lsms-viewer"));
    QApplication::setApplicationVersion(lsms::kVersion);
    QCommandLineParser parser;
    parser.setApplicationDescription("Language-guided liver lesion segmentation viewer");
    parser.addHelpOption();
    parser.addPositionalArgument("path", "DICOM folder, DICOMDIR or file to open");
    parser.addOption({"demo", "open the bundled demo phantom study"});
    parser.addOption({"model", "model file", "file"});
    parser.addOption({"device", "auto, cpu or cuda", "device"});
    parser.addOption({"prompt", "prompt to run once the study is open (repeat: run in turn)", "text"});
    parser.addOption({"screenshot", "save the window to this PNG once the study (and prompt) are done, then quit", "file"});
    parser.addOption({"bench", "time first image, slice redraw and 3D update on the demo study (or on the phantom study "
                               "folder given as path: its dicom/ and labels.nii.gz, as lsms phantom writes them), then quit"});
    parser.addOption({"bench-memory", "peak memory of a working session on the study at path: the model's answer to "
                                      "\"the largest lesion\", 100 brush strokes, autosave; printed against the budget, then quit"});
    parser.addOption({"import-seg", "import this DICOM-SEG onto the study once it is open", "file"});
    parser.process(app);

    // Scripted runs (benchmark, screenshot) neither offer nor leave recovery files.
    std::unique_ptr<QTemporaryDir> scratch;
    if (parser.isSet("bench") || parser.isSet("bench-memory") || parser.isSet("screenshot")) {
        scratch = std::make_unique<QTemporaryDir>();
        qputenv("LSMS_RECOVERY_DIR", scratch->path().toUtf8());
    }
    std::shared_ptr<lsms::ui::SegmentationEngine> engine;
    QString engineError;
    try {
        engine = lsms::ui::createModelEngine(modelPath, device);
    } catch (const lsms::Error& e) {
        engineError = QString::fromStdString(e.what());
    }
    lsms::ui::MainWindow window(engine);
    window.show();
    if (!engineError.isEmpty())
        window.promptPanel()->setMessage(QObject::tr("No model: %1").arg(engineError));

    // --prompt may be given several times: the prompts run one after the
    // other, each once the answer before it is in, as a reader types them.
    const QStringList prompts = parser.values("prompt");
    const QString prompt = prompts.isEmpty() ? QString() : prompts.back();
    auto nextPrompt = std::make_shared<int>(0);
    auto runNext = [&window, prompts, nextPrompt] {
        if (*nextPrompt < prompts.size()) window.runPrompt(prompts[(*nextPrompt)++]);
    };
    if (!prompts.isEmpty()) {
        QObject::connect(&window, &lsms::ui::MainWindow::studyLoaded, &window, runNext);
        QObject::connect(window.worker(), &lsms::ui::SegmentationWorker::finished, &window,
                         [&window, runNext] { QTimer::singleShot(0, &window, runNext); });
    }
    const QString importSeg = parser.value("import-seg");
    if (!importSeg.isEmpty())
        QObject::connect(&window, &lsms::ui::MainWindow::studyLoaded, &window, [&window, importSeg] {
            try {
                const auto r = lsms::ui::importSegIntoStudy(*window.study(), importSeg.toStdString());
                // Put the crosshair on the biggest imported segment so every view shows it.
                const auto& labels = window.study()->labels();
                std::uint16_t best = 0;
                std::size_t bestCount = 0;
                for (auto l : r.labels) {
                    const std::size_t n = std::size_t(std::count(labels.data.begin(), labels.data.end(), l));
                    if (n > bestCount) best = l, bestCount = n;
                }
                if (best) {
                    window.study()->focusOn(best);
                    window.study()->setActiveLabel(best);
                }
            } catch (const std::exception& e) {
                QMessageBox::warning(&window, "LSMS Viewer", QString::fromStdString(e.what()));
            }
        });
    const QString screenshot = parser.value("screenshot");
    if (!screenshot.isEmpty()) {
        // After the prompt's segment (or the study alone) is shown, save and quit.
        auto save = [&window, screenshot, prompts, nextPrompt] {
            if (*nextPrompt < prompts.size()) return;  // more prompts to come
            QTimer::singleShot(1500, &window, [&window, screenshot] {
                window.view3d()->renderNow();
                QApplication::processEvents();
                window.grab().save(screenshot);
                // What the reader would see in the segment list, for scripts.
                for (const auto& s : window.study()->segments())
                    std::cout << "segment " << s.label << " \"" << s.name << "\": "
                              << window.study()->measurements(s.label).volumeMl << " mL\n";
                // The program's own quit, not the user's: nothing to ask about.
                window.study()->markSaved();
                QApplication::quit();
            });
        };
        const bool studyToOpen = parser.isSet("demo") || !parser.positionalArguments().isEmpty();
        if (!studyToOpen) QTimer::singleShot(0, &window, save);  // the welcome view
        else if (prompt.isEmpty()) QObject::connect(&window, &lsms::ui::MainWindow::studyLoaded, &window, save);
        else {
            QObject::connect(window.worker(), &lsms::ui::SegmentationWorker::finished, &window, save);
            QObject::connect(window.worker(), &lsms::ui::SegmentationWorker::failed, &window, save);
        }
    }
    if (parser.isSet("bench-memory"))
        QObject::connect(&window, &lsms::ui::MainWindow::studyLoaded, &window,
                         [&window] { lsms::app::runViewerMemoryBench(window); });
    auto demoDir = std::make_shared<std::filesystem::path>();
    if (parser.isSet("bench"))
        QObject::connect(&window, &lsms::ui::MainWindow::studyLoaded, &window, [&window, demoDir, &sinceLaunch] {
            lsms::app::runViewerBench(window, *demoDir, sinceLaunch);
        });
    // The demo study is generated in the background the first time, so the
    // window is live at once; the welcome view asks for it too.
    auto preparingDemo = std::make_shared<bool>(false);
    auto openDemo = [&window, demoDir, preparingDemo] {
        if (*preparingDemo) return;  // a second click while the first is being prepared
        *preparingDemo = true;
        window.statusBar()->showMessage(QObject::tr("Preparing the demo study (synthetic liver CT phantom)…"));
        auto dir = demoDir;
        auto error = std::make_shared<QString>();
        QThread* t = QThread::create([dir, error] {
            try {
                *dir = lsms::app::ensureDemoStudy([](const char* s) { std::cerr << s << "\n"; });
            } catch (const std::exception& e) {
                *error = QString::fromStdString(e.what());
            }
        });
        QObject::connect(t, &QThread::finished, t, &QObject::deleteLater);
        QObject::connect(t, &QThread::finished, &window, [&window, dir, error, preparingDemo] {
            *preparingDemo = false;
            window.statusBar()->clearMessage();
            if (!error->isEmpty()) QMessageBox::critical(&window, "LSMS Viewer", *error);
            else window.openPath(QString::fromStdString((*dir / "dicom").string()));
        });
        t->start();
    };
    QObject::connect(&window, &lsms::ui::MainWindow::demoRequested, &window, openDemo);
    if (const QString path = parser.positionalArguments().value(0); parser.isSet("bench") && !path.isEmpty()) {
        *demoDir = path.toStdString();
        QTimer::singleShot(0, &window, [&window, path] { window.openPath(path + "/dicom"); });
    } else if (parser.isSet("demo") || parser.isSet("bench")) {
        openDemo();
    } else if (const QString path = parser.positionalArguments().value(0); !path.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, path] { window.openPath(path); });
    }
    return app.exec();
}
