#pragma once
// The open study as the views see it: the CT volume, its series, and the
// segments (one label volume plus a style per segment). No widgets here, so it
// can be tested without a window.
#include "lsms/core/volume.h"
#include "lsms/io/dicom_series.h"

#include <QColor>
#include <QObject>
#include <QString>

#include <string>
#include <vector>

namespace lsms::ui {

struct Segment {
    QString name;
    QString prompt;  // empty for manual segments
    QColor colour;
    float opacity = 0.5f;
    bool visible = true;
};

class Study : public QObject {
    Q_OBJECT
public:
    explicit Study(QObject* parent = nullptr);

    void setVolume(SeriesInfo series, CtVolume ct);
    bool hasVolume() const { return !ct_.data.empty(); }
    const CtVolume& ct() const { return ct_; }
    const SeriesInfo& series() const { return series_; }

    // Segment n (0-based) owns label value n + 1.
    const LabelVolume& labels() const { return labels_; }
    const std::vector<Segment>& segments() const { return segments_; }
    // Adds a segment from a mask on the CT grid; voxels that already belong
    // to another segment keep it. Returns the new segment's index.
    int addSegment(const MaskVolume& mask, const QString& name, const QString& prompt = {});
    void setSegmentStyle(int index, const Segment& style);
    void removeSegment(int index);
    static QColor defaultColour(int index);

    bool overlaysVisible() const { return overlaysVisible_; }
    void setOverlaysVisible(bool on);
    bool outlineMode() const { return outline_; }
    void setOutlineMode(bool on);

    // The linked crosshair, in voxel indices.
    const Vec3& cursor() const { return cursor_; }
    void setCursor(const Vec3& ijk);

Q_SIGNALS:
    void volumeChanged();
    void segmentsChanged();
    void overlayChanged();
    void cursorChanged();

private:
    SeriesInfo series_;
    CtVolume ct_;
    LabelVolume labels_;
    std::vector<Segment> segments_;
    bool overlaysVisible_ = true;
    bool outline_ = false;
    Vec3 cursor_{0, 0, 0};
};

}  // namespace lsms::ui
