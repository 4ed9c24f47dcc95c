#pragma once
// The questions the window puts to the user before work could be lost or
// unreviewed AI output leaves the viewer. Each is a std::function so a test
// answers it without a modal box; the defaults show the message boxes that
// make*Box builds (also used for screenshots).
#include <QString>
#include <QStringList>

#include <functional>

class QMessageBox;
class QWidget;

namespace lsms::ui {

enum class UnsavedChoice { Save, Discard, Cancel };

struct Questions {
    // Unsaved segments before `action` ("quit", "open another study").
    std::function<UnsavedChoice(QWidget* parent, const QString& action)> unsaved;
    // Export `unreviewed` (names) among `exported` segments anyway?
    std::function<bool(QWidget* parent, const QStringList& unreviewed, int exported)> exportUnreviewed;
    // Where to save the session; empty: the user cancelled.
    std::function<QString(QWidget* parent, const QString& suggestedName)> sessionPath;
};

// Message boxes and the file dialog.
Questions defaultQuestions();

// Save / Discard / Cancel; Escape and closing the box are Cancel.
QMessageBox* makeUnsavedBox(QWidget* parent, const QString& action);
// "Export anyway" / Cancel, Cancel the default; lists the segments.
QMessageBox* makeExportUnreviewedBox(QWidget* parent, const QStringList& unreviewed, int exported);

}  // namespace lsms::ui
