#include "lsms/ui/questions.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>

#include <memory>

namespace lsms::ui {

QMessageBox* makeUnsavedBox(QWidget* parent, const QString& action) {
    auto* box = new QMessageBox(QMessageBox::Warning, QObject::tr("Unsaved segments"),
                                QObject::tr("The segments of this study have changes that are not saved in a session."),
                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box->setInformativeText(QObject::tr("Save them before you %1? Discarded changes cannot be recovered.").arg(action));
    box->setDefaultButton(QMessageBox::Save);
    box->setEscapeButton(QMessageBox::Cancel);
    return box;
}

QMessageBox* makeExportUnreviewedBox(QWidget* parent, const QStringList& unreviewed, int exported) {
    QString list;
    for (const QString& name : unreviewed) list += QStringLiteral("\u2022 ") + name.toHtmlEscaped() + QStringLiteral("<br>");
    const QString what = exported == 1               ? QObject::tr("The segment to export is AI output that nobody has reviewed:")
                         : unreviewed.size() == exported ? QObject::tr("All %1 segments to export are AI output that nobody has reviewed:").arg(exported)
                                                         : QObject::tr("%1 of the %2 segments to export are AI output that nobody has reviewed:")
                                                               .arg(unreviewed.size())
                                                               .arg(exported);
    auto* box = new QMessageBox(QMessageBox::Warning, QObject::tr("Export unreviewed segments?"), what + "<br>" + list,
                                QMessageBox::Cancel, parent);
    box->setTextFormat(Qt::RichText);
    box->setInformativeText(QObject::tr("Mark them “Reviewed” in the segment list once checked. Exported now, the "
                                        "DICOM-SEG says NOT REVIEWED in its series description and in these segments' "
                                        "descriptions."));
    box->addButton(QObject::tr("Export anyway"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setEscapeButton(QMessageBox::Cancel);
    return box;
}

Questions defaultQuestions() {
    Questions q;
    q.unsaved = [](QWidget* parent, const QString& action) {
        std::unique_ptr<QMessageBox> box(makeUnsavedBox(parent, action));
        box->exec();
        const auto b = box->standardButton(box->clickedButton());
        return b == QMessageBox::Save ? UnsavedChoice::Save : b == QMessageBox::Discard ? UnsavedChoice::Discard : UnsavedChoice::Cancel;
    };
    q.exportUnreviewed = [](QWidget* parent, const QStringList& unreviewed, int exported) {
        std::unique_ptr<QMessageBox> box(makeExportUnreviewedBox(parent, unreviewed, exported));
        box->exec();
        return box->buttonRole(box->clickedButton()) == QMessageBox::AcceptRole;
    };
    q.sessionPath = [](QWidget* parent, const QString& suggestedName) {
        return QFileDialog::getSaveFileName(parent, QObject::tr("Save session"), suggestedName,
                                            QObject::tr("LSMS sessions (*.lsms);;All files (*)"));
    };
    return q;
}

}  // namespace lsms::ui
