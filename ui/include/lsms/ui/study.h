#pragma once
// The open study as the views see it: the CT volume, its series, and the
// segments with their undo history (lsms::edit::Editor). Every change to the
// segments is one undoable gesture. No widgets here, so it can be tested
// without a window.
#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/editor.h"
#include "lsms/core/volume.h"
#include "lsms/io/dicom_series.h"

#include <QColor>
#include <QObject>
#include <QString>

#include <filesystem>
#include <memory>
#include <vector>

namespace lsms::edit {
class Autosaver;
}

namespace lsms::ui {

enum class BrushMode { Paint, Erase };

class Study : public QObject {
    Q_OBJECT
public:
    explicit Study(QObject* parent = nullptr);
    ~Study() override;

    void setVolume(SeriesInfo series, CtVolume ct);
    bool hasVolume() const { return !ct_.data.empty(); }
    const CtVolume& ct() const { return ct_; }
    const SeriesInfo& series() const { return series_; }

    const edit::Editor& editor() const { return *editor_; }
    const LabelVolume& labels() const { return editor_->list().labels(); }
    const std::vector<edit::Segment>& segments() const { return editor_->list().segments(); }
    const edit::Segment* segment(std::uint16_t label) const { return editor_->list().find(label); }
    static QColor colour(const edit::Segment& s) { return QColor(s.colour.r, s.colour.g, s.colour.b); }

    // An AI result as a new segment named after its prompt. Locked segments
    // are never touched; other segments only if `overwriteOthers`. Returns its label.
    std::uint16_t addAiSegment(const MaskVolume& mask, const QString& prompt, bool overwriteOthers = false);
    std::uint16_t addManualSegment(const QString& name);
    void updateSegment(const edit::Segment& segment);  // rename, colour, lock, review, visibility, opacity
    void removeSegment(std::uint16_t label);
    bool undo();
    bool redo();
    // Replaces all segments (session open, recovery); undoable as one step.
    void adoptSegments(const edit::SegmentList& list, const QString& description);

    // One brush gesture: begin, any number of points, end (commits one step).
    void beginStroke(BrushMode mode, std::uint16_t label, const edit::BrushShape& shape);
    void strokeTo(const Vec3& ijk);
    void endStroke();
    bool stroking() const { return stroke_ != nullptr; }

    std::uint16_t activeLabel() const { return active_; }
    void setActiveLabel(std::uint16_t label);

    // Autosave of the segments to a per-series recovery file under `dir`
    // (empty: off). Takes effect for the next setVolume().
    void setRecoveryDir(const std::filesystem::path& dir) { recoveryDir_ = dir; }
    const std::filesystem::path& recoveryDir() const { return recoveryDir_; }
    void flushAutosave();

    bool overlaysVisible() const { return overlaysVisible_; }
    void setOverlaysVisible(bool on);
    bool outlineMode() const { return outline_; }
    void setOutlineMode(bool on);

    // The linked crosshair, in voxel indices.
    const Vec3& cursor() const { return cursor_; }
    void setCursor(const Vec3& ijk);

Q_SIGNALS:
    void volumeChanged();
    void segmentsChanged();  // metadata or voxels
    void labelsChanged();    // voxels changed (3D surfaces must be rebuilt)
    void overlayChanged();
    void cursorChanged();
    void activeSegmentChanged();

private:
    void commit(edit::Edit& e);
    void onChange(const edit::Change& change);

    SeriesInfo series_;
    CtVolume ct_;
    std::unique_ptr<edit::Editor> editor_;
    std::unique_ptr<edit::Autosaver> autosaver_;
    std::filesystem::path recoveryDir_;
    std::unique_ptr<edit::Edit> stroke_;
    BrushMode strokeMode_ = BrushMode::Paint;
    std::uint16_t strokeLabel_ = 0;
    edit::BrushShape strokeShape_;
    std::vector<Vec3> strokePoints_;
    std::uint16_t active_ = 0;
    bool overlaysVisible_ = true;
    bool outline_ = false;
    Vec3 cursor_{0, 0, 0};
};

}  // namespace lsms::ui
