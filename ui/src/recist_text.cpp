#include "lsms/ui/recist_text.h"

#include <QCoreApplication>

namespace lsms::ui {

QString recistText(const edit::RecistAxes& a) {
    auto tr = [](const char* s) { return QCoreApplication::translate("lsms::ui::Recist", s); };
    if (a.empty()) return tr("no axes (empty)");
    QString text = tr("%1 × %2 mm on axial slice %3").arg(a.longMm, 0, 'f', 1).arg(a.shortMm, 0, 'f', 1).arg(a.slice + 1);
    if (a.edited) text += tr(", edited");
    else if (a.outline == edit::AxisOutline::Pixels) text += tr(", pixel outline (too small to smooth)");
    return text;
}

}  // namespace lsms::ui
