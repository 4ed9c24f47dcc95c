#include "lsms/ui/study.h"

#include "lsms/core/error.h"

#include <algorithm>

namespace lsms::ui {

Study::Study(QObject* parent) : QObject(parent) {}

void Study::setVolume(SeriesInfo series, CtVolume ct) {
    series_ = std::move(series);
    ct_ = std::move(ct);
    labels_ = LabelVolume(ct_.geometry, 0);
    segments_.clear();
    const auto& s = ct_.geometry.size;
    cursor_ = {double(s[0] / 2), double(s[1] / 2), double(s[2] / 2)};
    Q_EMIT volumeChanged();
    Q_EMIT segmentsChanged();
    Q_EMIT cursorChanged();
}

QColor Study::defaultColour(int index) {
    // Distinct, saturated hues that stand out on grey CT; never grey itself.
    static const QColor palette[] = {QColor(255, 64, 64),  QColor(64, 200, 255), QColor(255, 200, 0),
                                     QColor(80, 230, 80),  QColor(230, 80, 230), QColor(255, 140, 40),
                                     QColor(140, 120, 255), QColor(0, 220, 180)};
    return palette[index % 8];
}

int Study::addSegment(const MaskVolume& mask, const QString& name, const QString& prompt) {
    if (!hasVolume()) throw InputError("no study is open");
    if (!mask.geometry.sameGrid(ct_.geometry, 1e-3) || mask.data.size() != labels_.data.size())
        throw InputError("the segmentation does not lie on the open study's grid");
    if (segments_.size() >= 65535) throw InputError("too many segments");
    const std::uint16_t label = std::uint16_t(segments_.size() + 1);
    for (std::size_t v = 0; v < mask.data.size(); ++v)
        if (mask.data[v] && labels_.data[v] == 0) labels_.data[v] = label;
    Segment s;
    s.name = name;
    s.prompt = prompt;
    s.colour = defaultColour(int(segments_.size()));
    segments_.push_back(s);
    Q_EMIT segmentsChanged();
    return int(segments_.size()) - 1;
}

void Study::setSegmentStyle(int index, const Segment& style) {
    if (index < 0 || index >= int(segments_.size())) return;
    segments_[std::size_t(index)] = style;
    Q_EMIT overlayChanged();
}

void Study::removeSegment(int index) {
    if (index < 0 || index >= int(segments_.size())) return;
    const std::uint16_t label = std::uint16_t(index + 1);
    // Later segments move down one label so label = index + 1 still holds.
    for (auto& v : labels_.data) {
        if (v == label)
            v = 0;
        else if (v > label)
            --v;
    }
    segments_.erase(segments_.begin() + index);
    Q_EMIT segmentsChanged();
}

void Study::setOverlaysVisible(bool on) {
    overlaysVisible_ = on;
    Q_EMIT overlayChanged();
}

void Study::setOutlineMode(bool on) {
    outline_ = on;
    Q_EMIT overlayChanged();
}

void Study::setCursor(const Vec3& ijk) {
    Vec3 c = ijk;
    for (int a = 0; a < 3; ++a) c[a] = std::clamp(c[a], 0.0, double(ct_.geometry.size[a] ? ct_.geometry.size[a] - 1 : 0));
    cursor_ = c;
    Q_EMIT cursorChanged();
}

}  // namespace lsms::ui
