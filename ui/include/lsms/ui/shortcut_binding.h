#pragma once
// Binds the shortcut table to Qt: actions get their keys and a tooltip that
// names them; key handlers ask which command a key press is.
#include "lsms/ui/shortcut_table.h"

#include <QKeySequence>
#include <QList>
#include <QString>

#include <initializer_list>

class QAction;
class QKeyEvent;

namespace lsms::ui {

QList<QKeySequence> keySequences(Command command);
// The keys as the user sees them on this platform, "Ctrl+I" or "Up, Right".
QString keyText(Command command);
// Sets the action's shortcuts from the table and its tooltip to
// "<tip or action text> (<keys>)".
void bindShortcut(QAction* action, Command command, const QString& tip = {});
// Which of `among` the key press is, or Command::None.
Command commandForKey(const QKeyEvent* event, std::initializer_list<Command> among);

}  // namespace lsms::ui
