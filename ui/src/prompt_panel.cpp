#include "lsms/ui/prompt_panel.h"

#include "lsms/ui/presets.h"
#include "lsms/ui/shortcut_binding.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QAbstractItemView>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStringListModel>
#include <QVBoxLayout>

#include <algorithm>

namespace lsms::ui {

PromptPanel::PromptPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Prompt</b> — which lesion(s) to segment")));
    edit_ = new QLineEdit;
    edit_->setPlaceholderText(tr("e.g. the largest hypodense lesion in the right lobe"));
    edit_->setClearButtonEnabled(true);
    completions_ = new QStringListModel(presetPrompts(), this);
    auto* completer = new QCompleter(completions_, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    edit_->setCompleter(completer);
    layout->addWidget(edit_);

    presets_ = new QListWidget;
    presets_->addItems(presetPrompts());
    presets_->setMaximumHeight(150);
    presets_->setMinimumHeight(48);
    connect(presets_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) { edit_->setText(item->text()); });
    connect(presets_, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
        edit_->setText(item->text());
        Q_EMIT runRequested();
    });
    layout->addWidget(presets_);

    auto* form = new QFormLayout;
    scope_ = new QComboBox;
    scope_->addItems({tr("Whole volume"), tr("Axial slice range")});
    first_ = new QSpinBox;
    last_ = new QSpinBox;
    auto* range = new QHBoxLayout;
    range->addWidget(first_);
    range->addWidget(new QLabel(tr("to")));
    range->addWidget(last_);
    first_->setEnabled(false);
    last_->setEnabled(false);
    connect(scope_, &QComboBox::currentIndexChanged, this, [this](int i) {
        first_->setEnabled(i == 1);
        last_->setEnabled(i == 1);
    });
    form->addRow(tr("Scope"), scope_);
    form->addRow(tr("Slices"), range);
    filter_ = new QCheckBox(tr("Filter by kind, lobe and segment words"));
    filter_->setChecked(true);
    filter_->setToolTip(tr("Keep only the lesions the sentence describes. Judged by a scorer trained on synthetic "
                           "phantoms only, whose lobe and segment judgement uses positions as the phantoms define "
                           "them: untick to keep every lesion the network marks."));
    form->addRow(tr("Words"), filter_);
    edges_ = new QCheckBox(tr("Place lesion edges on the CT"));
    edges_->setChecked(true);
    edges_->setToolTip(tr("Move each lesion's edge, by a few mm at most, to half-way between the lesion's density and "
                          "the liver around it (the network alone often misses a rim or marks a small lesion too "
                          "wide). Untick to see the network's own edges."));
    form->addRow(tr("Edges"), edges_);
    refine_ = new QCheckBox(tr("Refine selected segment"));
    refine_->setToolTip(tr("Keep only what LSMS finds near the selected segment (its bounding box plus the margin)"));
    refineMode_ = new QComboBox;
    refineMode_->addItems({tr("replace its voxels"), tr("add a new segment")});
    refineMargin_ = new QDoubleSpinBox;
    refineMargin_->setRange(0, 100);
    refineMargin_->setDecimals(0);
    refineMargin_->setValue(10);
    refineMargin_->setSuffix(tr(" mm"));
    auto* refineRow = new QHBoxLayout;
    refineRow->addWidget(refineMode_);
    refineRow->addWidget(refineMargin_);
    refineMode_->setEnabled(false);
    refineMargin_->setEnabled(false);
    connect(refine_, &QCheckBox::toggled, this, [this](bool on) {
        refineMode_->setEnabled(on);
        refineMargin_->setEnabled(on);
    });
    form->addRow(refine_);
    form->addRow(tr("Result"), refineRow);
    device_ = new QLabel(tr("no model"));
    form->addRow(tr("Device"), device_);
    layout->addLayout(form);

    domain_ = new QLabel;
    domain_->setObjectName("domainNotice");
    domain_->setWordWrap(true);
    domain_->setTextFormat(Qt::PlainText);
    // Amber, not red: a standing caution, not an error.
    domain_->setStyleSheet("QLabel#domainNotice { background: #fff3cd; color: #5c4400; border: 1px solid #d9b44a; "
                           "border-radius: 3px; padding: 4px; }");
    // Never squeezed: the preset list above gives way first.
    domain_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    domain_->setVisible(false);
    layout->addWidget(domain_);

    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("Run (Ctrl+Enter)"));
    run_->setDefault(true);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    layout->addLayout(buttons);
    progress_ = new QProgressBar;
    progress_->setTextVisible(true);
    progress_->reset();  // empty until a run starts
    layout->addWidget(progress_);
    message_ = new QLabel;
    message_->setWordWrap(true);
    layout->addWidget(message_);
    candidates_ = new QPushButton;
    candidates_->setObjectName("candidateButton");
    candidates_->setToolTip(tr("The network also marked these, but the sentence's words or its selection (e.g. "
                               "\u201cthe largest\u201d) left them out. Adds them as lesions, one undo step."));
    candidates_->setVisible(false);
    layout->addWidget(candidates_);
    connect(candidates_, &QPushButton::clicked, this, &PromptPanel::addCandidatesRequested);

    connect(run_, &QPushButton::clicked, this, &PromptPanel::runRequested);
    connect(cancel_, &QPushButton::clicked, this, &PromptPanel::cancelRequested);
    connect(edit_, &QLineEdit::returnPressed, this, &PromptPanel::runRequested);
    connect(edit_, &QLineEdit::textChanged, this, [this] { note_.clear(); });
    for (const QKeySequence& key : keySequences(Command::RunPrompt)) {
        auto* sc = new QShortcut(key, this);
        sc->setContext(Qt::WindowShortcut);
        connect(sc, &QShortcut::activated, this, &PromptPanel::runRequested);
    }
}

QString PromptPanel::prompt() const { return edit_->text().trimmed(); }
void PromptPanel::setPrompt(const QString& text) { edit_->setText(text); }

SegmentationRequest PromptPanel::request() const {
    SegmentationRequest r;
    r.prompt = prompt().toStdString();
    r.filterBySentence = filter_->isChecked();
    r.edgesOnCt = edges_->isChecked();
    if (scope_->currentIndex() == 1) {
        r.firstSlice = std::min(first_->value(), last_->value()) - 1;
        r.lastSlice = std::max(first_->value(), last_->value()) - 1;
    }
    return r;
}

void PromptPanel::setFilterBySentence(bool on) { filter_->setChecked(on); }
void PromptPanel::setEdgesOnCt(bool on) { edges_->setChecked(on); }

void PromptPanel::setSliceCount(int n) {
    first_->setRange(1, std::max(1, n));
    last_->setRange(1, std::max(1, n));
    first_->setValue(1);
    last_->setValue(std::max(1, n));
}

bool PromptPanel::refine() const { return refine_->isChecked(); }
RefineMode PromptPanel::refineMode() const { return refineMode_->currentIndex() == 1 ? RefineMode::AddSegment : RefineMode::Replace; }
double PromptPanel::refineMarginMm() const { return refineMargin_->value(); }

void PromptPanel::setRefine(bool on, RefineMode mode, double marginMm) {
    refine_->setChecked(on);
    refineMode_->setCurrentIndex(mode == RefineMode::AddSegment ? 1 : 0);
    refineMargin_->setValue(marginMm);
}

void PromptPanel::setDevice(const QString& device) { device_->setText(device); }

void PromptPanel::setRunning(bool running) {
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
    if (running) {
        progress_->setValue(0);
        progress_->setFormat(tr("starting…"));
    } else {
        progress_->reset();
        progress_->setFormat(QStringLiteral("%p%"));
    }
}

QString PromptPanel::progressText() const { return progress_->text(); }

void PromptPanel::closeCompletion() {
    if (QCompleter* c = edit_->completer()) c->popup()->hide();
}

bool PromptPanel::completionVisible() const {
    const QCompleter* c = edit_->completer();
    return c && c->popup()->isVisible();
}

void PromptPanel::setProgress(int done, int total, double secondsLeft) {
    progress_->setMaximum(std::max(1, total));
    progress_->setValue(done);
    progress_->setFormat(secondsLeft >= 0 ? tr("%1/%2 slices, %3 s left").arg(done).arg(total).arg(secondsLeft, 0, 'f', 1)
                                          : tr("%1/%2 slices").arg(done).arg(total));
}

QString PromptPanel::message() const {
    return message_->text();
}

void PromptPanel::setMessage(const QString& text) { message_->setText(note_.isEmpty() ? text : text + "\n" + note_); }

void PromptPanel::setPromptNote(const QString& note) { note_ = note; }

void PromptPanel::setModelNotice(const QString& notice) {
    modelNotice_ = notice;
    showDomain();
}

void PromptPanel::setInputFlags(const QStringList& flags) {
    inputFlags_ = flags;
    showDomain();
}

QString PromptPanel::domainNotice() const { return domain_->isVisibleTo(this) ? domain_->text() : QString(); }

void PromptPanel::showDomain() {
    QStringList lines;
    if (!modelNotice_.isEmpty()) lines << "⚠ " + modelNotice_;
    if (!inputFlags_.isEmpty()) {
        lines << tr("This series is unlike the training data:");
        for (const auto& f : inputFlags_) lines << "• " + f;
    }
    domain_->setText(lines.join("\n"));
    domain_->setVisible(!lines.isEmpty());
}

void PromptPanel::addToHistory(const QString& prompt) {
    history_.removeAll(prompt);
    history_.prepend(prompt);
    QStringList all = history_;
    for (const auto& p : presetPrompts())
        if (!all.contains(p)) all << p;
    completions_->setStringList(all);
}

void PromptPanel::setCandidateOffer(int count) {
    offer_ = std::max(0, count);
    candidates_->setText(tr("%1 other lesion(s) found \u2014 add").arg(count));
    candidates_->setVisible(count > 0);
}

int PromptPanel::candidateOffer() const { return offer_; }

QString PromptPanel::candidateText() const { return offer_ > 0 ? candidates_->text() : QString(); }

}  // namespace lsms::ui
