#pragma once
// The radiologist's workspace: 2x2 views (axial, coronal, sagittal, 3D),
// prompt panel, segment list, status bar with HU and LPS under the cursor.
#include "lsms/ui/questions.h"
#include "lsms/ui/segmentation_worker.h"
#include "lsms/ui/slice_view.h"
#include "lsms/ui/study.h"
#include "lsms/ui/view3d.h"
#include "lsms/ui/study_browser.h"

#include <QMainWindow>
#include <QPointer>

#include <filesystem>
#include <optional>
#include <memory>
#include <vector>

class QGridLayout;
class QListWidget;
class QLabel;
class QProgressBar;
class QMenu;
class QCheckBox;
class QComboBox;
class QSlider;
class QAction;
class QStackedWidget;

namespace lsms::ui {

class LesionTable;
class PromptPanel;
class ToolsPanel;
class WelcomeView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `engine` may be null: prompts then explain that no model is loaded.
    explicit MainWindow(std::shared_ptr<SegmentationEngine> engine, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a folder, DICOMDIR or file in the background. If it holds several
    // series the browser asks which one (unless `seriesIndex` >= 0).
    // `seriesInstanceUid`, when given, picks the series by UID instead.
    void openPath(const QString& path, int seriesIndex = -1, const QString& seriesInstanceUid = {});
    bool loading() const { return loading_; }
    Study* study() { return study_; }
    SliceView* view(Axis axis) const;
    View3D* view3d() const { return view3d_; }
    PromptPanel* promptPanel() const { return prompt_; }
    ToolsPanel* toolsPanel() const { return tools_; }
    LesionTable* lesionTable() const { return lesions_; }
    SegmentationWorker* worker() const { return worker_.get(); }
    QListWidget* segmentList() const { return segmentList_; }
    QString statusText() const;  // the status bar's message
    void runPrompt(const QString& prompt);
    // The offer under the last answer ("N other lesion(s) found — add"):
    // adds the lesions it left out as one undo step, named after its prompt
    // + " (other lesions found)", through the same answer policy (hand-made
    // and locked segments keep their voxels). Does nothing without an offer.
    void addCandidates();
    // The engine's liver pass on the open series, in the background (done
    // by openPath itself); the study's liver or its status is set when it
    // ends, then liverFound() is emitted.
    void findLiver();
    void openFolder();  // File → Open DICOM folder… (a folder dialog)
    // The welcome view, shown until a study opens.
    WelcomeView* welcomeView() const { return welcome_; }
    bool showingWelcome() const;
    void maximise(QWidget* view);  // null restores the 2x2 layout
    void setTool(Tool tool);
    void exportSeg();
    // The export without its dialogs: asks (Questions::exportUnreviewed)
    // when unreviewed AI segments are among `labels`, then writes the SEG,
    // marking them. False when the user cancelled or the export failed
    // (shown in a message box).
    bool exportSegTo(const QString& path, const std::vector<std::uint16_t>& labels);
    void importSeg();
    // File → Export measurements: the lesions (the lesion table's rows, in
    // its order) as "<base>-seg.dcm", "<base>-sr.dcm" (TID 1500) and
    // "<base>.csv". exportMeasurementsTo skips the file dialog; it asks about
    // unreviewed AI lesions as exportSegTo does. False when cancelled or failed.
    void exportMeasurements();
    bool exportMeasurementsTo(const QString& base);
    void exportMeshes();
    // File → Open from PACS: the study browser (non-modal; one at a time),
    // over the servers in workflow::defaultServersFile(). Its series opens here.
    void openStudyBrowser();
    StudyBrowser* studyBrowser() const { return studyBrowser_; }
    // File → PACS servers…
    void showPacsSettings();
    // File → Send DICOM-SEG to PACS: the segments and the server asked for, then sendSegTo.
    void sendSegToPacs();
    // Without the dialogs: asks about unreviewed AI segments as exportSegTo
    // does, writes the SEG of `labels` into the data folder's "sent" folder
    // (kept, so what went to the PACS can be looked at again) and stores it
    // on a worker thread; segSent() tells how it went. False when nothing
    // was started (cancelled, nothing to send, the SEG could not be written,
    // a send still running).
    bool sendSegTo(const workflow::PacsServer& server, const std::vector<std::uint16_t>& labels);
    bool sending() const { return sending_; }
    // File → Send measurements to PACS: the files Export measurements writes
    // (SEG with one segment per lesion, and the TID 1500 SR referencing it),
    // kept in the data folder's "sent" folder, stored on a worker thread;
    // segSent() tells how it went (for measurements too). False when nothing was started.
    void sendMeasurementsToPacs();
    bool sendMeasurementsTo(const workflow::PacsServer& server);
    // File → Save/Open session without the file dialog; a failure is shown in
    // a message box and changes nothing. Return whether it worked.
    bool saveSession(const QString& path);
    bool openSession(const QString& path);
    // Before the open study is left (quit, another study): with unsaved
    // segments, asks Save / Discard / Cancel. True when it may be left;
    // Cancel, or a save that was cancelled or failed, keeps everything.
    bool confirmLeaving(const QString& action);
    void setQuestions(Questions questions) { questions_ = std::move(questions); }
    // Help -> Keyboard shortcuts (non-modal; one dialog, raised again).
    void showShortcuts();
    QAction* linkWindowLevelAction() const { return linkWindowLevel_; }
    QAction* linkZoomPanAction() const { return linkZoomPan_; }
    QAction* smoothAction() const { return smooth_; }

Q_SIGNALS:
    void studyLoaded();
    // The welcome view's "Open the demo study": the program (app/) makes it.
    void demoRequested();
    void liverFound();  // the liver pass ended: Study::liver(), or Study::liverStatus() says why not
    void loadFailed(const QString& message);
    void seriesChoiceNeeded();
    void segSent(bool ok, const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent*) override;
    void dropEvent(QDropEvent*) override;
    void closeEvent(QCloseEvent*) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void buildMenus();
    void buildSegmentDock();
    // The lesion table dock and its Lesions menu (next, previous, accept, reject).
    void buildLesionDock(QMenu* menu);
    void buildToolBar();
    void offerRecovery();
    void refreshSegmentList();
    void onLoaded(const QString& path);
    void buildWindowMenu(QMenu* menu);
    // View menu: zoom and pan linked across the slice views, smooth magnification.
    void buildViewOptions(QMenu* menu);
    // Sets every slice view's window and remembers `name` as the last preset.
    void applyWindowPreset(const QString& name, const WindowLevel& wl);
    void applySeriesWindow();
    // The remembered preset, on start and on each new series (the series'
    // own window only where the series states one).
    void restoreWindowPreset();
    void setViewsWindow(const WindowLevel& wl);
    void rememberRecent(const QString& path);
    // A study opened from disk goes into the local study list (in the background).
    void indexInStudyList(const QString& path);
    // What the reader wrote for the open series (a session, SEG, report),
    // listed with it in the study list; a list that cannot be written is
    // said on stderr, the file itself being written already.
    enum class OutputKind { Session, Seg, Report };
    // `seriesUid`: the series it was made on, when it may no longer be the open one.
    void recordOutput(OutputKind kind, const QString& path, const std::string& seriesUid = {});
    void rebuildRecentMenu();
    void showWarnings(const std::vector<std::string>& warnings);
    bool confirmExport(const std::vector<std::uint16_t>& labels);
    bool writeSeg(const QString& path, const std::vector<std::uint16_t>& labels);
    std::optional<workflow::PacsServer> chooseServer(const QString& title);
    void storeInBackground(const workflow::PacsServer& server, const std::vector<std::filesystem::path>& files, const QString& what,
                           const QString& doneMessage);
    // The segments to export or send, checked in a list; empty: cancelled.
    std::vector<std::uint16_t> chooseSegments(const QString& title);
    // Keyboard focus back on the view last used, so single-key shortcuts work.
    void focusViews();
    // After an undo or redo, texts that described the step are no longer true.
    void onHistoryStep(const QString& text);
    // The model's view of the loaded series (SegmentationEngine::inputFlags) in the prompt panel.
    void showInputFlags();
    void clearCandidateOffer();

    Study* study_;
    std::shared_ptr<SegmentationEngine> engine_;
    std::unique_ptr<SegmentationWorker> worker_;
    SliceView* views_[3] = {nullptr, nullptr, nullptr};
    View3D* view3d_ = nullptr;
    QWidget* grid_ = nullptr;
    QStackedWidget* central_ = nullptr;
    WelcomeView* welcome_ = nullptr;
    QGridLayout* gridLayout_ = nullptr;
    PromptPanel* prompt_ = nullptr;
    ToolsPanel* tools_ = nullptr;
    LesionTable* lesions_ = nullptr;
    // What the running prompt's answer will do (refineLabel 0: an ordinary
    // run), fixed when the run starts so changing the selection meanwhile
    // does not matter.
    workflow::AnswerRequest pending_;
    workflow::AnswerPolicy answers_;
    // The lesions the last answer left out, until added, another prompt
    // runs or another series opens.
    std::shared_ptr<MaskVolume> candidates_;
    QString candidatePrompt_;
    // Between an answer and the next run: the worker's candidatesFound that
    // follows it belongs to that answer.
    bool awaitingCandidates_ = false;
    QListWidget* segmentList_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* autosaveWarning_ = nullptr;
    QProgressBar* loadProgress_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    bool loading_ = false;
    QCheckBox* lock_ = nullptr;
    QComboBox* review_ = nullptr;
    QSlider* opacity_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* seriesWindow_ = nullptr;
    QAction* linkWindowLevel_ = nullptr;  // right-drag in one view sets all
    QAction* linkZoomPan_ = nullptr;      // zoom and pan in one view set all
    QAction* smooth_ = nullptr;           // bilinear magnification
    QAction* toolActions_[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
    Questions questions_ = defaultQuestions();
    QPointer<QWidget> lastView_;
    bool answerMessageShown_ = false;  // the prompt message describes an answer
    bool keysToViews_ = false;         // since Run, until the user goes back to the prompt
    QPointer<StudyBrowser> studyBrowser_;
    bool sending_ = false;
};

}  // namespace lsms::ui
