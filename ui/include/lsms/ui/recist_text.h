#pragma once
// How the viewer words a segment's RECIST axes: lengths, the slice they lie
// on (numbered as the slice views number it, from 1), and whether they were
// edited by hand or measured on the pixel outline.
#include "lsms/core/edit/recist.h"

#include <QString>

namespace lsms::ui {

QString recistText(const edit::RecistAxes& axes);

}  // namespace lsms::ui
