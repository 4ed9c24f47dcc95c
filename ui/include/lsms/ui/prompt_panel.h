#pragma once
// Typed prompt with history and completion, preset prompts, scope, Run
// (Ctrl+Enter), progress with time left, Cancel, and the device in use.
#include "lsms/ui/segmentation_engine.h"
#include "lsms/ui/study.h"

#include <QWidget>

class QLineEdit;
class QListWidget;
class QPushButton;
class QProgressBar;
class QLabel;
class QComboBox;
class QSpinBox;
class QCheckBox;
class QDoubleSpinBox;
class QStringListModel;

namespace lsms::ui {

class PromptPanel : public QWidget {
    Q_OBJECT
public:
    explicit PromptPanel(QWidget* parent = nullptr);

    QString prompt() const;
    void setPrompt(const QString& text);
    SegmentationRequest request() const;
    void setSliceCount(int n);
    void setDevice(const QString& device);
    // Not running any more (done, cancelled, failed): the bar empties, so no
    // "12/24 slices, 3 s left" stays behind.
    void setRunning(bool running);
    void setProgress(int done, int total, double secondsLeft);
    QString progressText() const;
    // Hides the completion list (a popup takes every wheel event while open).
    void closeCompletion();
    bool completionVisible() const;
    QLineEdit* promptEdit() const { return edit_; }
    void setMessage(const QString& text);
    QString message() const;
    // A note on the prompt being run (e.g. that it was cut), shown under
    // every message until the prompt text changes.
    void setPromptNote(const QString& note);
    void addToHistory(const QString& prompt);
    // The standing notice about the model in use (e.g. trained on phantoms
    // only) and the ways the loaded series lies outside its training data;
    // shown above Run until replaced, whatever the messages below say.
    void setModelNotice(const QString& notice);
    void setInputFlags(const QStringList& flags);
    QString domainNotice() const;  // the text shown; empty when hidden
    // "Refine selected segment": the run keeps only what it finds within the
    // margin of the active segment's bounding box, replacing that segment's
    // voxels or adding a new segment (Study::refine).
    bool refine() const;
    RefineMode refineMode() const;
    double refineMarginMm() const;
    void setRefine(bool on, RefineMode mode = RefineMode::Replace, double marginMm = 10.0);
    // "Filter by the sentence's words" (SegmentationRequest::filterBySentence).
    void setFilterBySentence(bool on);
    // "Place lesion edges on the CT" (SegmentationRequest::edgesOnCt).
    void setEdgesOnCt(bool on);
    // The lesions the last answer left out (EngineAnswer::candidates): a
    // button "N other lesion(s) found — add" under the message; 0 hides it.
    void setCandidateOffer(int count);
    int candidateOffer() const;
    QString candidateText() const;  // the button's text; empty when hidden

Q_SIGNALS:
    void runRequested();
    void cancelRequested();
    void addCandidatesRequested();

private:
    QLineEdit* edit_;
    QString note_;
    QListWidget* presets_;
    QComboBox* scope_;
    QSpinBox* first_;
    QSpinBox* last_;
    QCheckBox* filter_;
    QCheckBox* edges_;
    QCheckBox* refine_;
    QComboBox* refineMode_;
    QDoubleSpinBox* refineMargin_;
    QPushButton* run_;
    QPushButton* cancel_;
    QProgressBar* progress_;
    QLabel* device_;
    QLabel* message_;
    QPushButton* candidates_;
    int offer_ = 0;
    QLabel* domain_;
    QString modelNotice_;
    QStringList inputFlags_;
    void showDomain();
    QStringListModel* completions_;
    QStringList history_;
};

}  // namespace lsms::ui
