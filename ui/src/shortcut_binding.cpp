#include "lsms/ui/shortcut_binding.h"

#include <QAction>
#include <QKeyEvent>
#include <QStringList>

namespace lsms::ui {

QList<QKeySequence> keySequences(Command command) {
    QList<QKeySequence> keys;
    for (const std::string& k : shortcutOf(command).keys) keys << QKeySequence(QString::fromStdString(k), QKeySequence::PortableText);
    return keys;
}

QString keyText(Command command) {
    QStringList texts;
    for (const QKeySequence& k : keySequences(command)) texts << k.toString(QKeySequence::NativeText);
    return texts.join(", ");
}

void bindShortcut(QAction* action, Command command, const QString& tip) {
    action->setShortcuts(keySequences(command));
    QString base = tip.isEmpty() ? action->text() : tip;
    base.remove('&');
    base.replace(QString::fromUtf8("…"), QString());
    action->setToolTip(QStringLiteral("%1 (%2)").arg(base, keySequences(command).front().toString(QKeySequence::NativeText)));
}

Command commandForKey(const QKeyEvent* event, std::initializer_list<Command> among) {
    // The keypad's modifier is not part of a key as the table names it.
    const QKeySequence pressed(event->keyCombination().toCombined() & ~int(Qt::KeypadModifier));
    for (Command c : among)
        if (keySequences(c).contains(pressed)) return c;
    return Command::None;
}

}  // namespace lsms::ui
