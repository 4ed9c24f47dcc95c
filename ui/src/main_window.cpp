#include "lsms/ui/main_window.h"
#include "lsms/ui/welcome_view.h"

#include "lsms/core/edit/measurements.h"
#include "lsms/core/edit/session.h"
#include "lsms/core/version.h"
#include "lsms/core/error.h"
#include "lsms/io/dicom_seg.h"
#include "lsms/io/modality_check.h"
#include "lsms/mesh/mesh_export.h"
#include "lsms/workflow/export_review.h"
#include "lsms/workflow/loading.h"
#include "lsms/ui/presets.h"
#include "lsms/ui/recist_text.h"
#include "lsms/ui/study_seg.h"
#include "lsms/ui/prompt_panel.h"
#include "lsms/ui/series_browser.h"
#include "lsms/ui/shortcut_binding.h"
#include "lsms/ui/shortcuts_dialog.h"
#include "lsms/ui/tools_panel.h"

#include <QAction>
#include <QApplication>
#include <QActionGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QCloseEvent>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThread>
#include <QVBoxLayout>

#include <memory>
#include <utility>

namespace lsms::ui {

namespace {
const char* kRecentKey = "recentStudies";
}

MainWindow::MainWindow(std::shared_ptr<SegmentationEngine> engine, QWidget* parent)
    : QMainWindow(parent), study_(new Study(this)), engine_(std::move(engine)) {
    setWindowTitle(tr("LSMS Viewer"));
    setAcceptDrops(true);
    // Autosave of segments, per series; LSMS_RECOVERY_DIR overrides (tests).
    const QByteArray envDir = qgetenv("LSMS_RECOVERY_DIR");
    study_->setRecoveryDir(!envDir.isEmpty() ? std::filesystem::path(envDir.toStdString())
                                             : std::filesystem::path(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation).toStdString()) / "recovery");
    worker_ = std::make_unique<SegmentationWorker>(engine_);

    grid_ = new QWidget;
    gridLayout_ = new QGridLayout(grid_);
    gridLayout_->setSpacing(2);
    gridLayout_->setContentsMargins(0, 0, 0, 0);
    const Axis axes[3] = {Axis::Axial, Axis::Coronal, Axis::Sagittal};
    for (int a = 0; a < 3; ++a) {
        views_[a] = new SliceView(study_, axes[a]);
        connect(views_[a], &SliceView::hover, this, [this](const QString& t) { status_->setText(t); });
        connect(views_[a], &SliceView::maximiseRequested, this, [this, a] { maximise(views_[a]); });
    }
    view3d_ = new View3D(study_);
    connect(view3d_, &View3D::maximiseRequested, this, [this] { maximise(view3d_); });
    gridLayout_->addWidget(views_[0], 0, 0);
    gridLayout_->addWidget(view3d_, 0, 1);
    gridLayout_->addWidget(views_[1], 1, 0);
    gridLayout_->addWidget(views_[2], 1, 1);
    // Until a study opens the window offers what to open; the views come with it.
    welcome_ = new WelcomeView;
    central_ = new QStackedWidget;
    central_->addWidget(welcome_);
    central_->addWidget(grid_);
    setCentralWidget(central_);
    connect(welcome_, &WelcomeView::openFolderRequested, this, &MainWindow::openFolder);
    connect(welcome_, &WelcomeView::demoRequested, this, &MainWindow::demoRequested);
    connect(welcome_, &WelcomeView::recentRequested, this, [this](const QString& p) { openPath(p); });
    connect(study_, &Study::volumeChanged, this, [this] { central_->setCurrentWidget(grid_); });

    auto* dock = new QDockWidget(tr("LSMS prompt"), this);
    dock->setObjectName("promptDock");
    prompt_ = new PromptPanel;
    prompt_->setDevice(worker_->deviceName());
    if (!engine_) prompt_->setMessage(tr("No segmentation model is loaded: viewing only."));
    else prompt_->setModelNotice(QString::fromStdString(engine_->modelNotice()));
    dock->setWidget(prompt_);
    dock->setFeatures(QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    connect(prompt_, &PromptPanel::runRequested, this, [this] { runPrompt(prompt_->prompt()); });
    prompt_->promptEdit()->installEventFilter(this);
    connect(prompt_, &PromptPanel::cancelRequested, worker_.get(), &SegmentationWorker::cancel);
    connect(worker_.get(), &SegmentationWorker::progress, prompt_, &PromptPanel::setProgress);
    connect(worker_.get(), &SegmentationWorker::finished, this, [this](const QString& prompt, std::shared_ptr<MaskVolume> mask, const QString& note) {
        prompt_->setRunning(false);
        clearCandidateOffer();
        workflow::AnswerRequest request = std::exchange(pending_, {});
        request.prompt = prompt.toStdString();
        try {
            const workflow::AnswerOutcome outcome = study_->applyAnswer(*mask, request, answers_);
            if (outcome.kind == workflow::AnswerOutcome::Kind::Added) study_->focusOn(outcome.label);
            QString message = QString::fromStdString(outcome.message);
            if (!note.isEmpty() && outcome.kind != workflow::AnswerOutcome::Kind::Empty) message += "\n" + note;
            prompt_->setMessage(message);
            answerMessageShown_ = true;
            // A refined prompt is about one segment: what the network found
            // elsewhere is not offered with it.
            awaitingCandidates_ = request.refineLabel == 0;
        } catch (const Error& e) {
            prompt_->setMessage(QString::fromStdString(e.what()));
        }
    });
    connect(worker_.get(), &SegmentationWorker::candidatesFound, this,
            [this](const QString& prompt, std::shared_ptr<MaskVolume> candidates, int count) {
                if (!std::exchange(awaitingCandidates_, false) || !candidates || count <= 0) return;
                candidates_ = std::move(candidates);
                candidatePrompt_ = prompt;
                prompt_->setCandidateOffer(count);
            });
    connect(prompt_, &PromptPanel::addCandidatesRequested, this, &MainWindow::addCandidates);
    connect(study_, &Study::volumeAboutToChange, this, &MainWindow::clearCandidateOffer);
    connect(worker_.get(), &SegmentationWorker::failed, this, [this](const QString& message) {
        prompt_->setRunning(false);
        prompt_->setMessage(message);
        QMessageBox* box = new QMessageBox(QMessageBox::Warning, tr("Segmentation failed"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(worker_.get(), &SegmentationWorker::cancelled, this, [this] {
        prompt_->setRunning(false);
        prompt_->setMessage(tr("Cancelled; existing segments are unchanged."));
    });
    // The liver pass runs once each series opens; it reads the study's CT
    // on the worker thread, so it stops before that CT is replaced.
    connect(study_, &Study::volumeAboutToChange, worker_.get(), &SegmentationWorker::stopLiver, Qt::DirectConnection);
    connect(worker_.get(), &SegmentationWorker::liverProgress, this, [this](int done, int total, quint64 generation) {
        if (generation != study_->volumeGeneration()) return;  // a stopped pass's last batches
        study_->setLiverStatus(tr("finding the liver… %1 %").arg(total > 0 ? 100 * done / total : 0));
    });
    connect(worker_.get(), &SegmentationWorker::liverFound, this,
            [this](std::shared_ptr<const workflow::LiverContext> liver, quint64 generation) {
                if (generation != study_->volumeGeneration()) return;
                if (!study_->setLiver(std::move(liver))) study_->setLiverStatus(tr("not found (the pass answered on another grid)"));
                Q_EMIT liverFound();
            });
    connect(worker_.get(), &SegmentationWorker::liverFailed, this, [this](const QString& message, quint64 generation) {
        if (generation != study_->volumeGeneration()) return;
        study_->setLiverStatus(tr("not found (%1)").arg(message));
        Q_EMIT liverFound();
    });

    buildSegmentDock();
    auto* toolsDock = new QDockWidget(tr("Tools"), this);
    toolsDock->setObjectName("toolsDock");
    tools_ = new ToolsPanel(study_);
    toolsDock->setWidget(tools_);
    toolsDock->setFeatures(QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::LeftDockWidgetArea, toolsDock);
    connect(tools_, &ToolsPanel::thresholdBrushRequested, this, [this] { setTool(Tool::ThresholdBrush); });
    connect(tools_, &ToolsPanel::message, this, [this](const QString& t) { status_->setText(t); });
    for (auto* v : views_) connect(v, &SliceView::message, this, [this](const QString& t) { status_->setText(t); });
    status_ = new QLabel(tr("Open a DICOM folder (File → Open) or drop one here."));
    statusBar()->addWidget(status_, 1);
    loadProgress_ = new QProgressBar;
    loadProgress_->setMaximumWidth(220);
    loadProgress_->setVisible(false);
    statusBar()->addPermanentWidget(loadProgress_);
    statusBar()->addPermanentWidget(new QLabel(tr("Device: %1").arg(worker_->deviceName())));
    // Stays in sight while autosave fails, so no one edits on believing it works.
    autosaveWarning_ = new QLabel;
    autosaveWarning_->setObjectName("autosaveWarning");
    autosaveWarning_->setStyleSheet("QLabel { color: white; background: #b00020; padding: 1px 6px; }");
    autosaveWarning_->setVisible(false);
    statusBar()->addPermanentWidget(autosaveWarning_);
    connect(study_, &Study::autosaveErrorChanged, this, [this] {
        const QString& error = study_->autosaveError();
        autosaveWarning_->setVisible(!error.isEmpty());
        if (error.isEmpty()) {
            status_->setText(tr("Autosave works again: the recovery file is up to date."));
            return;
        }
        autosaveWarning_->setText(tr("Autosave failing: your changes are not kept — save the session (Ctrl+S)"));
        autosaveWarning_->setToolTip(error);
        status_->setText(tr("Autosave failed: %1").arg(error));
    });
    buildMenus();
    buildToolBar();
    connect(study_, &Study::segmentsChanged, this, &MainWindow::refreshSegmentList);
    connect(study_, &Study::recistChanged, this, &MainWindow::refreshSegmentList);
    connect(study_, &Study::historyStepped, this, &MainWindow::onHistoryStep);
    // Where Run sends the keyboard back to.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
        if (now && (now == view3d_ || now == views_[0] || now == views_[1] || now == views_[2])) lastView_ = now;
    });
    connect(study_, &Study::activeSegmentChanged, this, [this] {
        for (int i = 0; i < segmentList_->count(); ++i)
            if (segmentList_->item(i)->data(Qt::UserRole).toUInt() == study_->activeLabel() && segmentList_->currentRow() != i)
                segmentList_->setCurrentRow(i);
    });
    resize(1500, 950);
}

MainWindow::~MainWindow() { worker_->cancel(); }

SliceView* MainWindow::view(Axis axis) const { return views_[int(axis)]; }

QString MainWindow::statusText() const { return status_->text(); }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    bindShortcut(file->addAction(tr("&Open DICOM folder…"), this, &MainWindow::openFolder), Command::OpenFolder);
    file->addAction(tr("Open from &PACS or study list…"), this, &MainWindow::openStudyBrowser);
    file->addAction(tr("Open DICOM&DIR…"), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Open DICOMDIR"), {}, tr("DICOMDIR (DICOMDIR);;All files (*)"));
        if (!f.isEmpty()) openPath(f);
    });
    recentMenu_ = file->addMenu(tr("&Recent studies"));
    file->addAction(tr("&Import DICOM-SEG…"), this, &MainWindow::importSeg);
    file->addAction(tr("&Export DICOM-SEG…"), this, &MainWindow::exportSeg);
    file->addAction(tr("Export measure&ments (SEG + SR + CSV)…"), this, &MainWindow::exportMeasurements);
    file->addAction(tr("Export &meshes (STL)…"), this, &MainWindow::exportMeshes);
    file->addAction(tr("Sen&d DICOM-SEG to PACS…"), this, &MainWindow::sendSegToPacs);
    file->addAction(tr("Send measurements (SEG + SR) to PACS…"), this, &MainWindow::sendMeasurementsToPacs);
    file->addAction(tr("PACS ser&vers…"), this, &MainWindow::showPacsSettings);
    file->addSeparator();
    bindShortcut(file->addAction(tr("&Save session…"), this, [this] {
        const QString f = questions_.sessionPath(this, QString::fromStdString(study_->recoveryKey()) + ".lsms");
        if (!f.isEmpty()) saveSession(f);
    }), Command::SaveSession);
    bindShortcut(file->addAction(tr("Open s&ession…"), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Open session"), {}, tr("LSMS sessions (*.lsms);;All files (*)"));
        if (!f.isEmpty()) openSession(f);
    }), Command::OpenSession);
    rebuildRecentMenu();
    file->addSeparator();
    bindShortcut(file->addAction(tr("&Quit"), this, &QWidget::close), Command::Quit);

    QMenu* editMenu = menuBar()->addMenu(tr("&Edit"));
    undoAction_ = editMenu->addAction(tr("&Undo"), this, [this] { study_->undo(); });
    bindShortcut(undoAction_, Command::Undo);
    redoAction_ = editMenu->addAction(tr("&Redo"), this, [this] { study_->redo(); });
    bindShortcut(redoAction_, Command::Redo);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    buildWindowMenu(view->addMenu(tr("&Window/level")));
    auto* overlays = view->addAction(tr("Show &overlays"));
    bindShortcut(overlays, Command::ToggleOverlays);
    overlays->setCheckable(true);
    overlays->setChecked(true);
    connect(overlays, &QAction::toggled, study_, &Study::setOverlaysVisible);
    connect(study_, &Study::overlayChanged, overlays, [this, overlays] { overlays->setChecked(study_->overlaysVisible()); });
    auto* outline = view->addAction(tr("Out&line mode"));
    outline->setCheckable(true);
    bindShortcut(outline, Command::OutlineMode);
    connect(outline, &QAction::toggled, study_, &Study::setOutlineMode);
    auto* corners = view->addAction(tr("&Corner information"));
    corners->setObjectName("cornerInfo");
    corners->setCheckable(true);
    corners->setChecked(QSettings("LSMS", "LSMS Viewer").value("cornerInfo", true).toBool());
    bindShortcut(corners, Command::CornerInfo);
    auto showCorners = [this](bool on) {
        for (auto* v : views_) v->setCornersVisible(on);
        QSettings("LSMS", "LSMS Viewer").setValue("cornerInfo", on);
    };
    connect(corners, &QAction::toggled, this, showCorners);
    for (auto* v : views_) v->setCornersVisible(corners->isChecked());
    buildViewOptions(view);
    auto* planes = view->addAction(tr("CT planes in 3D"));
    planes->setObjectName("planes3d");
    planes->setCheckable(true);
    planes->setChecked(false);
    connect(planes, &QAction::toggled, view3d_, &View3D::setPlanesVisible);
    auto* liver3d = view->addAction(tr("Liver in 3D"));
    liver3d->setObjectName("liver3d");
    liver3d->setCheckable(true);
    liver3d->setChecked(true);
    connect(liver3d, &QAction::toggled, view3d_, &View3D::setLiverVisible);
    bindShortcut(view->addAction(tr("Restore 2×2 layout"), this, [this] { maximise(nullptr); }), Command::RestoreLayout);
    bindShortcut(view->addAction(tr("&Maximise axial view"), this,
                                 [this] { maximise(views_[0]->isVisible() && !view3d_->isVisible() ? nullptr : views_[0]); }),
                 Command::MaximiseAxial);

    buildLesionDock(menuBar()->addMenu(tr("&Lesions")));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    bindShortcut(help->addAction(tr("&Keyboard shortcuts…"), this, &MainWindow::showShortcuts), Command::ShowShortcuts);
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About LSMS Viewer"),
                           tr("<h3>LSMS Viewer %1</h3>"
                              "<p>Language-guided liver lesion segmentation: the Language-guided Scale-aware "
                              "MedSegmentor (Ouyang et al., 2024), implemented by this project.</p>"
                              "<p><b>Models:</b> the LSMS network and the liver pass were trained by this project on "
                              "synthetic liver CT phantoms only, never on patient data (commands, seeds and logs: "
                              "models/README.md among the program's resources). Review every mask before use.</p>"
                              "<p><b>Licences:</b> the program's own code: not yet chosen, all rights reserved. "
                              "WordPiece vocabulary of BERT base uncased: Apache-2.0. Built on Qt 6 (LGPL-3), "
                              "VTK, DCMTK, GDCM and LibTorch (BSD-style licences) and ITK (Apache-2.0).</p>")
                               .arg(QString::fromUtf8(kVersion)));
    });
}

void MainWindow::buildSegmentDock() {
    auto* dock = new QDockWidget(tr("Segments"), this);
    dock->setObjectName("segmentDock");
    auto* w = new QWidget;
    auto* layout = new QVBoxLayout(w);
    segmentList_ = new QListWidget;
    segmentList_->setWordWrap(true);
    layout->addWidget(segmentList_);
    auto* row1 = new QHBoxLayout;
    lock_ = new QCheckBox(tr("Locked"));
    review_ = new QComboBox;
    review_->addItems({tr("Not reviewed"), tr("Reviewed"), tr("Flagged")});
    row1->addWidget(lock_);
    row1->addWidget(review_);
    layout->addLayout(row1);
    auto* opacityRow = new QHBoxLayout;
    opacityRow->addWidget(new QLabel(tr("Opacity")));
    opacity_ = new QSlider(Qt::Horizontal);
    opacity_->setRange(0, 100);
    opacity_->setValue(50);
    opacityRow->addWidget(opacity_);
    layout->addLayout(opacityRow);
    auto* row2 = new QHBoxLayout;
    auto* add = new QPushButton(tr("New"));
    auto* remove = new QPushButton(tr("Delete"));
    row2->addWidget(add);
    row2->addWidget(remove);
    layout->addLayout(row2);
    dock->setWidget(w);
    dock->setFeatures(QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::RightDockWidgetArea, dock);

    auto selected = [this]() -> const edit::Segment* {
        auto* item = segmentList_->currentItem();
        return item ? study_->segment(std::uint16_t(item->data(Qt::UserRole).toUInt())) : nullptr;
    };
    auto update = [this](edit::Segment s) {
        try {
            study_->updateSegment(s);
        } catch (const std::exception& e) {
            status_->setText(QString::fromStdString(e.what()));
        }
    };
    connect(segmentList_, &QListWidget::itemChanged, this, [this, update](QListWidgetItem* item) {
        const edit::Segment* seg = study_->segment(std::uint16_t(item->data(Qt::UserRole).toUInt()));
        if (!seg) return;
        edit::Segment s = *seg;
        s.visible = item->checkState() == Qt::Checked;
        const QString name = item->data(Qt::EditRole).toString().section('\n', 0, 0);
        if (!name.isEmpty()) s.name = name.toStdString();
        if (!(s == *seg)) QTimer::singleShot(0, this, [update, s] { update(s); });
    });
    connect(segmentList_, &QListWidget::currentItemChanged, this, [this, selected](QListWidgetItem*, QListWidgetItem*) {
        const edit::Segment* seg = selected();
        study_->setActiveLabel(seg ? seg->label : 0);
        QSignalBlocker b1(lock_), b2(review_), b3(opacity_);
        lock_->setChecked(seg && seg->locked);
        review_->setCurrentIndex(seg ? int(seg->review) : 0);
        opacity_->setValue(seg ? int(seg->opacity * 100) : 50);
    });
    connect(opacity_, &QSlider::sliderReleased, this, [this, selected, update] {
        if (const edit::Segment* seg = selected()) {
            edit::Segment s = *seg;
            s.opacity = opacity_->value() / 100.0;
            update(s);
        }
    });
    connect(lock_, &QCheckBox::toggled, this, [selected, update](bool on) {
        if (const edit::Segment* seg = selected()) {
            edit::Segment s = *seg;
            s.locked = on;
            update(s);
        }
    });
    connect(review_, &QComboBox::currentIndexChanged, this, [selected, update](int i) {
        if (const edit::Segment* seg = selected()) {
            edit::Segment s = *seg;
            s.review = edit::ReviewStatus(i);
            update(s);
        }
    });
    connect(add, &QPushButton::clicked, this, [this] {
        if (!study_->hasVolume()) return;
        study_->addManualSegment(tr("Segment %1").arg(study_->segments().size() + 1));
        setTool(Tool::Brush);
    });
    connect(remove, &QPushButton::clicked, this, [this, selected] {
        if (const edit::Segment* seg = selected()) {
            try {
                study_->removeSegment(seg->label);
            } catch (const std::exception& e) {
                status_->setText(QString::fromStdString(e.what()));
            }
        }
    });
}

void MainWindow::refreshSegmentList() {
    QSignalBlocker block(segmentList_);
    const std::uint16_t active = study_->activeLabel();
    segmentList_->clear();
    static const char* review[] = {"not reviewed", "reviewed", "flagged"};
    for (const auto& s : study_->segments()) {
        QPixmap swatch(14, 14);
        swatch.fill(Study::colour(s));
        const edit::SegmentMeasurements& m = study_->measurements(s.label);
        QString text = QString::fromStdString(s.name);
        text += tr("\n%1 mL · %2").arg(m.volumeMl, 0, 'f', 2).arg(recistText(study_->recist(s.label)));
        if (m.hasHu) text += tr(" · %1 ± %2 HU").arg(m.huMean, 0, 'f', 0).arg(m.huSd, 0, 'f', 0);
        text += QString(" · %1 · %2").arg(review[int(s.review)]).arg(QString::fromStdString(edit::toString(s.algorithm)).toLower());
        if (s.locked) text += tr(" · locked");
        auto* item = new QListWidgetItem(QIcon(swatch), text);
        item->setData(Qt::UserRole, uint(s.label));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsEditable);
        item->setCheckState(s.visible ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(s.prompt.empty() ? tr("drawn by hand") : tr("LSMS prompt: %1").arg(QString::fromStdString(s.prompt)));
        segmentList_->addItem(item);
        if (s.label == active) segmentList_->setCurrentItem(item);
    }
}

void MainWindow::setTool(Tool tool) {
    for (auto* v : views_) v->setTool(tool);
    if (toolActions_[int(tool)]) toolActions_[int(tool)]->setChecked(true);
}

void MainWindow::buildToolBar() {
    QToolBar* bar = addToolBar(tr("Tools"));
    bar->setObjectName("tools");
    auto* group = new QActionGroup(this);
    const char* names[] = {"Navigate", "Brush", "Eraser", "Threshold brush", "Ruler"};
    const Command keys[] = {Command::Navigate, Command::Brush, Command::Eraser, Command::ThresholdBrush, Command::Ruler};
    for (int t = 0; t < 5; ++t) {
        QAction* a = bar->addAction(tr(names[t]));
        a->setCheckable(true);
        bindShortcut(a, keys[t]);
        group->addAction(a);
        toolActions_[t] = a;
        connect(a, &QAction::triggered, this, [this, t] { setTool(Tool(t)); });
    }
    toolActions_[0]->setChecked(true);
    bar->addWidget(new QLabel(tr("  Brush ")));
    auto* size = new QDoubleSpinBox;
    size->setRange(0.5, 50);
    size->setValue(5);
    size->setSuffix(tr(" mm"));
    connect(size, &QDoubleSpinBox::valueChanged, this, [this](double mm) {
        for (auto* v : views_) v->setBrushRadiusMm(mm);
    });
    bar->addWidget(size);
    auto* eraseAll = new QCheckBox(tr("Eraser: all unlocked segments"));
    eraseAll->setObjectName("eraseAllUnlocked");
    eraseAll->setToolTip(tr("Off: the eraser takes voxels from the active segment only. On: from every unlocked segment under it. "
                             "Locked segments are never erased."));
    connect(eraseAll, &QCheckBox::toggled, study_, &Study::setEraseAllUnlocked);
    connect(study_, &Study::eraseScopeChanged, eraseAll, [this, eraseAll] { eraseAll->setChecked(study_->eraseAllUnlocked()); });
    bar->addWidget(eraseAll);
    bar->addSeparator();
    bar->addAction(undoAction_);
    bar->addAction(redoAction_);
    auto* overwrite = new QCheckBox(tr("AI may overwrite other segments"));
    overwrite->setToolTip(tr("Off: an answer takes voxels from earlier answers only (the message says how many); "
                              "hand-drawn and imported segments keep theirs. Locked segments are never touched."));
    connect(overwrite, &QCheckBox::toggled, this, [this](bool on) { answers_.setOverwriteOthers(on); });
    bar->addSeparator();
    bar->addWidget(overwrite);
}

void MainWindow::importSeg() {
    if (!study_->hasVolume()) {
        QMessageBox::information(this, tr("Import DICOM-SEG"), tr("Open the CT series the segmentation belongs to first."));
        return;
    }
    const QString file = QFileDialog::getOpenFileName(this, tr("Import DICOM-SEG"), {}, tr("DICOM (*.dcm);;All files (*)"));
    if (file.isEmpty()) return;
    try {
        const SegImportSummary r = importSegIntoStudy(*study_, file.toStdString());
        QString text = tr("Imported %1 segment(s), %2 voxels.").arg(r.labels.size()).arg(r.voxelsInSeg);
        if (r.voxelsNotPlaced) text += tr(" %1 voxels overlapped other segments and were not placed.").arg(r.voxelsNotPlaced);
        for (const auto& w : r.warnings) text += "\n" + QString::fromStdString(w);
        status_->setText(text.section('\n', 0, 0));
        if (!r.warnings.empty() || r.voxelsNotPlaced) QMessageBox::information(this, tr("Import DICOM-SEG"), text);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Import DICOM-SEG"), QString::fromStdString(e.what()));
    }
}

void MainWindow::exportMeshes() {
    if (!study_->hasVolume() || study_->segments().empty()) {
        QMessageBox::information(this, tr("Export meshes"), tr("There are no segments to export."));
        return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export meshes into folder"));
    if (dir.isEmpty()) return;
    std::vector<std::pair<std::uint16_t, std::string>> which;
    for (const auto& s : study_->segments())
        if (s.visible && study_->measurements(s.label).voxels > 0) which.emplace_back(s.label, s.name);
    try {
        mesh::exportMeshes(study_->labels(), which, dir.toStdString(), mesh::MeshFormat::Stl);
        status_->setText(tr("Wrote %1 STL mesh(es) in LPS millimetres to %2").arg(which.size()).arg(dir));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export meshes"), QString::fromStdString(e.what()));
    }
}

void MainWindow::exportSeg() {
    const auto labels = chooseSegments(tr("Export DICOM-SEG"));
    if (labels.empty()) return;
    // Asked before the file dialog: the user may rather review first.
    if (!confirmExport(labels)) return;
    const QString out = QFileDialog::getSaveFileName(this, tr("Export DICOM-SEG"), "segmentation.dcm", tr("DICOM (*.dcm)"));
    if (out.isEmpty()) return;
    writeSeg(out, labels);
}

std::vector<std::uint16_t> MainWindow::chooseSegments(const QString& title) {
    if (!study_->hasVolume() || study_->segments().empty()) {
        QMessageBox::information(this, title, tr("There are no segments to export."));
        return {};
    }
    QDialog dialog(this);
    dialog.setWindowTitle(title);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Segments to export:")));
    auto* list = new QListWidget;
    for (const auto& s : study_->segments()) {
        QString text = QString::fromStdString(s.name);
        if (workflow::isUnreviewedAiSegment(s)) text += tr(" — not reviewed");
        auto* item = new QListWidgetItem(text);
        item->setData(Qt::UserRole, uint(s.label));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(s.visible ? Qt::Checked : Qt::Unchecked);
        list->addItem(item);
    }
    layout->addWidget(list);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted) return {};
    std::vector<std::uint16_t> labels;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked) labels.push_back(std::uint16_t(list->item(i)->data(Qt::UserRole).toUInt()));
    return labels;
}

bool MainWindow::exportSegTo(const QString& path, const std::vector<std::uint16_t>& labels) {
    return confirmExport(labels) && writeSeg(path, labels);
}

bool MainWindow::confirmExport(const std::vector<std::uint16_t>& labels) {
    const auto unreviewed = workflow::unreviewedAiSegments(study_->segments(), labels);
    if (unreviewed.empty()) return true;
    QStringList names;
    for (const edit::Segment* s : unreviewed) names << QString::fromStdString(s->name);
    if (questions_.exportUnreviewed(this, names, int(labels.size()))) return true;
    status_->setText(tr("Export cancelled: mark the segments reviewed in the segment list, then export."));
    return false;
}

bool MainWindow::writeSeg(const QString& path, const std::vector<std::uint16_t>& labels) {
    try {
        const auto summary = workflow::exportSegments(study_->series(), study_->editor().list(), labels, path.toStdString());
        QString text = tr("Exported %1 segment(s) to %2").arg(summary.labels.size()).arg(path);
        if (summary.unreviewed) text += tr(", %1 marked NOT REVIEWED").arg(summary.unreviewed);
        status_->setText(text);
        recordOutput(OutputKind::Seg, path);
        return true;
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export DICOM-SEG"), QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::saveSession(const QString& path) {
    try {
        study_->saveSession(path.toStdString());
        status_->setText(tr("Saved %1 segment(s) to %2").arg(study_->segments().size()).arg(path));
        recordOutput(OutputKind::Session, path);
        return true;
    } catch (const std::exception& e) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Save session"), QString::fromStdString(e.what()), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
}

bool MainWindow::openSession(const QString& path) {
    try {
        study_->openSession(path.toStdString());
        status_->setText(tr("Opened session %1: %2 segment(s); Undo returns to the segments before it.").arg(path).arg(study_->segments().size()));
        return true;
    } catch (const std::exception& e) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Open session"), tr("Cannot open %1:\n%2").arg(path, QString::fromStdString(e.what())),
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
}

bool MainWindow::confirmLeaving(const QString& action) {
    if (!study_->hasUnsavedChanges()) return true;
    switch (questions_.unsaved(this, action)) {
    case UnsavedChoice::Save: {
        const QString path = questions_.sessionPath(this, QString::fromStdString(study_->recoveryKey()) + ".lsms");
        return !path.isEmpty() && saveSession(path);
    }
    case UnsavedChoice::Discard:
        study_->markSaved();  // the user's choice: no recovery offer for these next time
        return true;
    case UnsavedChoice::Cancel:
        break;
    }
    return false;
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (!confirmLeaving(tr("quit"))) {
        e->ignore();
        status_->setText(tr("Not closed; the segments are unchanged."));
        return;
    }
    QMainWindow::closeEvent(e);
}

void MainWindow::offerRecovery() {
    const auto& dir = study_->recoveryDir();
    const std::string uid = study_->recoveryKey();
    if (dir.empty() || uid.empty() || !edit::hasRecovery(dir, uid)) return;
    const auto answer = QMessageBox::question(this, tr("Recover segments"),
                                              tr("Unsaved segments from an earlier session of this study were found. Restore them?"),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    try {
        if (answer == QMessageBox::Yes) {
            const edit::Session session = edit::restore(dir, uid);
            study_->adoptSegments(session.list, tr("restore recovered segments"));
            status_->setText(tr("Restored %1 segment(s) from the recovery file.").arg(session.list.segments().size()));
        } else {
            edit::discard(dir, uid);
        }
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Recover segments"), QString::fromStdString(e.what()));
    }
}

void MainWindow::maximise(QWidget* target) {
    QWidget* all[4] = {views_[0], view3d_, views_[1], views_[2]};
    for (auto* w : all) w->setVisible(target == nullptr || w == target);
    if (target == view3d_ || target == nullptr) view3d_->renderNow();
}

void MainWindow::runPrompt(const QString& prompt) {
    if (!study_->hasVolume()) {
        prompt_->setMessage(tr("Open a study first."));
        return;
    }
    // The run would read the CT that the loading study is about to replace.
    if (loading_) {
        prompt_->setMessage(tr("A study is loading: run the prompt once it is open."));
        return;
    }
    if (prompt.trimmed().isEmpty()) {
        prompt_->setMessage(tr("Type a prompt or pick one from the list."));
        return;
    }
    if (worker_->busy()) {
        prompt_->setMessage(tr("A segmentation is already running."));
        return;
    }
    // The network knows only CT: another modality runs only when the user says so.
    if (const QString notCt = QString::fromStdString(segmentationModalityRefusal(study_->series().metadata)); !notCt.isEmpty() &&
        QMessageBox::question(this, tr("Not a CT series"), notCt + tr(".\n\nSegment it anyway?")) != QMessageBox::Yes) {
        prompt_->setMessage(notCt + tr(": not segmented."));
        return;
    }
    clearCandidateOffer();
    prompt_->setPrompt(prompt);
    if (engine_) prompt_->setPromptNote(QString::fromStdString(engine_->promptNote(prompt.trimmed().toStdString())));
    prompt_->addToHistory(prompt.trimmed());
    prompt_->setRunning(true);
    prompt_->setMessage(tr("Segmenting “%1”…").arg(prompt.trimmed()));
    SegmentationRequest r = prompt_->request();
    r.prompt = prompt.trimmed().toStdString();
    pending_ = {};
    if (prompt_->refine()) {
        const edit::Box box = study_->neighbourhood(study_->activeLabel(), prompt_->refineMarginMm());
        if (box.empty()) {
            prompt_->setMessage(tr("Select a segment with voxels to refine, or untick “Refine selected segment”."));
            prompt_->setRunning(false);
            return;
        }
        pending_.refineLabel = study_->activeLabel();
        pending_.refineMode = prompt_->refineMode();
        pending_.refineMarginMm = prompt_->refineMarginMm();
        // Only the neighbourhood's slices can contribute, so the model need not see the others.
        r.firstSlice = int(box.lo[2]);
        r.lastSlice = int(box.hi[2]) - 1;
    }
    answerMessageShown_ = false;
    worker_->start(&study_->ct(), r);
    // Typing is done: the completion list closes (it would take the wheel)
    // and keys go to the views again (single-key shortcuts, not prompt text).
    // Deferred: closing the list gives the focus back to the prompt when the
    // event that ran the prompt has been handled.
    prompt_->closeCompletion();
    keysToViews_ = true;
    focusViews();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* e) {
    if (watched == prompt_->promptEdit() && e->type() == QEvent::FocusIn && keysToViews_) {
        // The closed completion list, or the window coming back, would hand
        // the keys to the prompt again; only the user (click, Tab) does.
        const Qt::FocusReason reason = static_cast<QFocusEvent*>(e)->reason();
        if (reason == Qt::ActiveWindowFocusReason || reason == Qt::PopupFocusReason)
            QTimer::singleShot(0, this, &MainWindow::focusViews);
        else
            keysToViews_ = false;
    }
    return QMainWindow::eventFilter(watched, e);
}

void MainWindow::clearCandidateOffer() {
    candidates_.reset();
    candidatePrompt_.clear();
    awaitingCandidates_ = false;
    prompt_->setCandidateOffer(0);
}

void MainWindow::addCandidates() {
    if (!candidates_ || !study_->hasVolume()) return;
    const std::shared_ptr<MaskVolume> candidates = std::exchange(candidates_, {});
    const QString prompt = candidatePrompt_;
    clearCandidateOffer();
    workflow::AnswerRequest request;
    request.prompt = prompt.toStdString() + " (other lesions found)";  // a segment name: not translated
    try {
        const workflow::AnswerOutcome outcome = study_->applyAnswer(*candidates, request, answers_);
        if (outcome.kind == workflow::AnswerOutcome::Kind::Added) study_->focusOn(outcome.label);
        prompt_->setMessage(QString::fromStdString(outcome.message));
        answerMessageShown_ = true;
    } catch (const Error& e) {
        prompt_->setMessage(QString::fromStdString(e.what()));
    }
}

void MainWindow::focusViews() {
    QWidget* target = lastView_ && lastView_->isVisible() ? lastView_.data() : views_[0];
    if (!target->isVisible())
        for (QWidget* w : {static_cast<QWidget*>(views_[0]), static_cast<QWidget*>(view3d_), static_cast<QWidget*>(views_[1]),
                           static_cast<QWidget*>(views_[2])})
            if (w->isVisible()) target = w;
    target->setFocus(Qt::OtherFocusReason);
}

void MainWindow::onHistoryStep(const QString& text) {
    status_->setText(text);
    if (answerMessageShown_) {
        prompt_->setMessage(QString());
        answerMessageShown_ = false;
    }
}

void MainWindow::openPath(const QString& path, int seriesIndex, const QString& seriesUid) {
    if (loading_) {
        status_->setText(tr("A study is still loading."));
        return;
    }
    if (worker_->busy()) {
        status_->setText(tr("Cancel the running segmentation before opening another study."));
        return;
    }
    if (!confirmLeaving(tr("open another study"))) {
        status_->setText(tr("Opening cancelled; the segments are unchanged."));
        return;
    }
    loading_ = true;
    loadProgress_->setVisible(true);
    loadProgress_->setRange(0, 0);
    status_->setText(tr("Scanning %1…").arg(path));
    auto scan = std::make_shared<ScanResult>();
    auto error = std::make_shared<QString>();
    QThread* scanner = QThread::create([path, scan, error] {
        try {
            *scan = scanDicom(path.toStdString());
        } catch (const std::exception& e) {
            *error = QString::fromStdString(e.what());
        }
    });
    connect(scanner, &QThread::finished, scanner, &QObject::deleteLater);
    connect(scanner, &QThread::finished, this, [this, path, scan, error, seriesIndex, seriesUid] {
        auto fail = [this](const QString& message) {
            loading_ = false;
            loadProgress_->setVisible(false);
            status_->setText(message);
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open study"), message, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            Q_EMIT loadFailed(message);
        };
        if (!error->isEmpty()) return fail(*error);
        int index = seriesIndex;
        if (!seriesUid.isEmpty()) {
            index = -1;
            for (std::size_t i = 0; i < scan->series.size(); ++i)
                if (scan->series[i].metadata.seriesInstanceUid == seriesUid.toStdString()) index = int(i);
            if (index < 0) return fail(tr("Series %1 is not in %2 (moved or deleted since it was listed?)").arg(seriesUid, path));
        }
        if (index < 0 && scan->series.size() == 1) index = 0;
        if (index < 0) {
            SeriesBrowser browser(*scan, this);
            Q_EMIT seriesChoiceNeeded();
            if (browser.exec() != QDialog::Accepted || browser.selectedIndex() < 0) {
                loading_ = false;
                loadProgress_->setVisible(false);
                status_->setText(tr("Opening cancelled."));
                return;
            }
            index = browser.selectedIndex();
        }
        if (index >= int(scan->series.size())) return fail(tr("No series %1 in %2").arg(index).arg(path));
        auto series = std::make_shared<SeriesInfo>(scan->series[std::size_t(index)]);
        if (!series->problem.empty()) return fail(QString::fromStdString(series->problem));
        auto volume = std::make_shared<CtVolume>();
        auto loadError = std::make_shared<QString>();
        loadProgress_->setRange(0, int(series->slices.size()));
        status_->setText(tr("Loading %1 slices…").arg(series->slices.size()));
        QThread* loader = QThread::create([this, series, volume, loadError] {
            try {
                workflow::requireMemoryToView(*series);
                *volume = loadSeries(*series, [this](std::size_t done, std::size_t) {
                    QMetaObject::invokeMethod(loadProgress_, [this, done] { loadProgress_->setValue(int(done)); }, Qt::QueuedConnection);
                    return true;
                });
            } catch (const std::exception& e) {
                *loadError = QString::fromStdString(e.what());
            }
        });
        connect(loader, &QThread::finished, loader, &QObject::deleteLater);
        connect(loader, &QThread::finished, this, [this, path, scan, series, volume, loadError, fail] {
            if (!loadError->isEmpty()) return fail(*loadError);
            study_->setVolume(*series, std::move(*volume));
            findLiver();
            prompt_->setSliceCount(int(study_->ct().geometry.size[2]));
            showInputFlags();
            loading_ = false;
            loadProgress_->setVisible(false);
            const auto& g = study_->ct().geometry;
            QString info = tr("%1 — %2×%3×%4, %5×%6×%7 mm")
                               .arg(QString::fromStdString(series->metadata.seriesDescription))
                               .arg(g.size[0]).arg(g.size[1]).arg(g.size[2])
                               .arg(g.spacing[0], 0, 'g', 3).arg(g.spacing[1], 0, 'g', 3).arg(g.spacing[2], 0, 'g', 3);
            // Routine facts go with the series information, not into a warning box.
            for (const auto& n : series->notes) info += QStringLiteral(" · ") + QString::fromStdString(n);
            status_->setText(info);
            setWindowTitle(tr("LSMS Viewer — %1").arg(QString::fromStdString(series->metadata.patientName)));
            std::vector<std::string> warnings = scan->warnings;
            warnings.insert(warnings.end(), series->warnings.begin(), series->warnings.end());
            showWarnings(warnings);
            restoreWindowPreset();
            rememberRecent(path);
            indexInStudyList(path);
            offerRecovery();
            Q_EMIT studyLoaded();
        });
        loader->start();
    });
    scanner->start();
}

void MainWindow::findLiver() {
    if (!study_->hasVolume()) return;
    // The pass reads CT in HU: on another modality its "liver" would mean nothing.
    if (const std::string why = segmentationModalityRefusal(study_->series().metadata); !why.empty()) {
        study_->setLiverStatus(tr("not looked for (%1)").arg(QString::fromStdString(why)));
        Q_EMIT liverFound();
        return;
    }
    study_->setLiverStatus(tr("finding the liver…"));
    worker_->startLiver(&study_->ct(), study_->volumeGeneration());
}

void MainWindow::showInputFlags() {
    QStringList flags;
    if (engine_)
        for (const auto& f : engine_->inputFlags(study_->ct())) flags << QString::fromStdString(f);
    prompt_->setInputFlags(flags);
}

void MainWindow::showWarnings(const std::vector<std::string>& warnings) {
    if (warnings.empty()) return;
    QString text;
    for (const auto& w : warnings) text += "• " + QString::fromStdString(w) + "\n";
    auto* box = new QMessageBox(QMessageBox::Information, tr("Loaded with warnings"), text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings("LSMS", "LSMS Viewer");
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10) recent.removeLast();
    settings.setValue(kRecentKey, recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    QSettings settings("LSMS", "LSMS Viewer");
    const QStringList recent = settings.value(kRecentKey).toStringList();
    for (const QString& p : recent) recentMenu_->addAction(p, this, [this, p] { openPath(p); });
    recentMenu_->setEnabled(!recentMenu_->isEmpty());
    welcome_->setRecent(recent);
}

bool MainWindow::showingWelcome() const { return central_->currentWidget() == welcome_; }

void MainWindow::openFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open DICOM folder"));
    if (!dir.isEmpty()) openPath(dir);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile()) openPath(urls.front().toLocalFile());
}

void MainWindow::showShortcuts() {
    auto* dialog = findChild<ShortcutsDialog*>("shortcutsDialog", Qt::FindDirectChildrenOnly);
    if (!dialog) dialog = new ShortcutsDialog(this);
    dialog->show();
    dialog->raise();
}

}  // namespace lsms::ui
