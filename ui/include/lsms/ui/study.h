#pragma once
// The open study as the views see it: the CT volume, its series, and the
// segments with their undo history (lsms::edit::Editor). Every change to the
// segments is one undoable gesture. No widgets here, so it can be tested
// without a window.
#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/editor.h"
#include "lsms/core/edit/logical.h"
#include "lsms/core/edit/measurements.h"
#include "lsms/core/edit/recist.h"
#include "lsms/core/edit/region.h"
#include "lsms/core/volume.h"
#include "lsms/io/dicom_series.h"
#include "lsms/workflow/answer_policy.h"
#include "lsms/workflow/liver_context.h"
#include "lsms/workflow/liver_counts.h"

#include <QColor>
#include <QObject>

#include <array>
#include <QString>

#include <filesystem>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace lsms::edit {
class Autosaver;
}

namespace lsms::ui {

// Threshold paints like Paint but only voxels whose CT value is in thresholdRange().
enum class BrushMode { Paint, Erase, Threshold };

struct HuRange {
    float lo = -100.f;
    float hi = 300.f;
};

enum class Smoothing { Median, Opening, Closing };
using workflow::RefineMode;

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
    // The labels whose voxels the last change (edit, undo, redo, a dab of the
    // stroke being drawn) touched, and a number that grows with each change,
    // so a view rebuilds what it shows once per change.
    const std::vector<std::uint16_t>& labelsLastChanged() const { return lastChanged_; }
    std::uint64_t labelsChangeSerial() const { return changeSerial_; }
    // The axial slices [first, end) the last change touched: no voxel changed
    // outside them (first == end: not known, look everywhere).
    std::array<std::size_t, 2> slicesLastChanged() const { return lastSlices_; }
    const edit::Segment* segment(std::uint16_t label) const { return editor_->list().find(label); }
    static QColor colour(const edit::Segment& s) { return QColor(s.colour.r, s.colour.g, s.colour.b); }

    // A segmentation answer applied as workflow::AnswerPolicy says, as one
    // undo step (none for an empty answer); the segment written becomes the
    // active one. Throws what AnswerPolicy::apply throws, the segments unchanged.
    workflow::AnswerOutcome applyAnswer(const MaskVolume& mask, const workflow::AnswerRequest& request,
                                        const workflow::AnswerPolicy& policy);
    // An answer as a new segment named after its prompt (applyAnswer without
    // refining). Locked segments are never touched; hand-made ones only if
    // `overwriteOthers`. Returns its label (0 for an empty mask).
    std::uint16_t addAiSegment(const MaskVolume& mask, const QString& prompt, bool overwriteOthers = false);
    std::uint16_t addManualSegment(const QString& name);
    // "This lesion": edit::lesionAtPoint grown from the voxel nearest `ijk`,
    // added as a new Semiautomatic segment without a prompt ("clicked lesion
    // N"), as one undo step through workflow::AnswerPolicy, so it takes
    // voxels only from earlier prompt answers, never from hand-made or locked
    // segments; the new segment becomes the active one. The outcome's message
    // reads "Added clicked lesion N: 3.2 mL ...". Throws InputError (the
    // refusal, a click off the volume, or nothing left to take), segments
    // unchanged.
    workflow::AnswerOutcome segmentAtPoint(const Vec3& ijk);
    void updateSegment(const edit::Segment& segment);  // rename, colour, lock, review, visibility, opacity
    void removeSegment(std::uint16_t label);
    bool undo();
    bool redo();
    // Replaces all segments (session open, recovery); undoable as one step.
    void adoptSegments(const edit::SegmentList& list, const QString& description);
    // Adds segments made elsewhere (a DICOM-SEG import): segments[i] with the
    // voxels of masks[i], labels assigned here, as one undo step. Voxels of
    // segments already in the study stay theirs, so an import never undoes
    // work; where the masks overlap, the later one wins, as in the SEG's own
    // label map. Returns the new labels in order.
    std::vector<std::uint16_t> importSegments(const std::vector<edit::Segment>& segments, const std::vector<MaskVolume>& masks,
                                              const QString& description);

    // One brush gesture: begin, any number of points, end (commits one step).
    // Each point lays dabs along the segment from the previous one
    // (edit::dabsAlong), so a fast drag leaves no holes. Paint and Threshold
    // need an unlocked `label`; Erase takes voxels from `label` only (which must
    // then be an unlocked segment), or from every unlocked segment when
    // eraseAllUnlocked() is on. EditError otherwise, nothing begun.
    void beginStroke(BrushMode mode, std::uint16_t label, const edit::BrushShape& shape);
    void strokeTo(const Vec3& ijk);
    void endStroke();
    bool stroking() const { return stroke_ != nullptr; }
    bool eraseAllUnlocked() const { return eraseAll_; }
    void setEraseAllUnlocked(bool on);

    // Measurements of a segment (edit::measureSegment with the CT), computed
    // once per change of the voxels.
    const edit::SegmentMeasurements& measurements(std::uint16_t label) const;
    // The segment's RECIST axes: as measured, or as the user last dragged them
    // (edited). Dragged axes stay until resetAxes() or the segment is deleted;
    // they are not part of a saved session.
    edit::RecistAxes recist(std::uint16_t label) const;
    // Throws InputError for an empty or unknown segment.
    void moveAxisEnd(std::uint16_t label, edit::AxisEnd end, const Vec3& ijk);
    void resetAxes(std::uint16_t label);

    // Threshold brush range. huRangeOf: mean ± sds·SD of a segment's CT values
    // (the "pick from segment" of the threshold brush); InputError if it is empty.
    HuRange thresholdRange() const { return threshold_; }
    void setThresholdRange(HuRange range);
    HuRange huRangeOf(std::uint16_t label, double sds = 2.0) const;

    // One tool run as one undo step: begins an edit, lets `tool(edit)` write
    // through it, commits. If the tool throws, its changes roll back and the
    // exception propagates (locked or unknown segment: edit::EditError).
    template <class F>
    auto applyTool(const std::string& description, F&& tool) {
        requireIdle();
        edit::Edit e = editor_->begin(description);
        if constexpr (std::is_void_v<std::invoke_result_t<F&, edit::Edit&>>) {
            tool(e);
            commit(e);
        } else {
            auto result = tool(e);
            commit(e);
            return result;
        }
    }
    // The core tools (core/include/lsms/core/edit) on segment `label`, each one
    // step; they return what the core tool returns (voxels changed, new labels).
    std::size_t fillBetweenSlices(std::uint16_t label);  // along the axial axis
    std::size_t keepLargestIsland(std::uint16_t label);
    std::size_t removeSmallIslands(std::uint16_t label, double minVolumeMm3);
    std::vector<std::uint16_t> splitIslands(std::uint16_t label);
    std::size_t smooth(std::uint16_t label, Smoothing method, double radiusMm);  // radius unused by Median
    std::size_t combine(std::uint16_t target, edit::LogicalOp op, std::uint16_t modifier);
    void merge(std::uint16_t target, std::uint16_t source);
    std::uint16_t duplicate(std::uint16_t label);

    // "Refine with prompt": the bounding box of `label` grown by `marginMm`
    // (empty if the segment is). refine() keeps only the AI mask's voxels inside
    // that box and either makes them the segment's voxels (Replace) or a new
    // segment (AddSegment), as one step; InputError if none are inside. Returns
    // the segment written. Both are workflow::AnswerPolicy's.
    edit::Box neighbourhood(std::uint16_t label, double marginMm) const;
    std::uint16_t refine(const MaskVolume& mask, std::uint16_t label, double marginMm, RefineMode mode,
                         const QString& prompt, bool overwriteOthers = false);

    // Explicit sessions (docs/session-format.md). openSession checks the file
    // before anything changes: another series or grid throws InputError and
    // leaves the segments as they were; otherwise it is one undoable step.
    // A successful save marks the segments saved.
    void saveSession(const std::filesystem::path& path);
    void openSession(const std::filesystem::path& path);

    // Whether the segments changed since the study was opened or last saved
    // (an undo back to the saved state still counts as a change).
    bool hasUnsavedChanges() const { return hasVolume() && editor_->revision() != savedRevision_; }
    // The current segments need no saving: saved elsewhere, or the user chose
    // to discard them. Leaving a series whose segments need no saving removes
    // its recovery file, so the next opening offers nothing stale.
    void markSaved() { savedRevision_ = editor_->revision(); }

    std::uint16_t activeLabel() const { return active_; }
    void setActiveLabel(std::uint16_t label);

    // Autosave of the segments to a per-series recovery file under `dir`
    // (empty: off). Takes effect for the next setVolume(). The file is named
    // by workflow::recoveryKey, so a series without a Series Instance UID
    // is autosaved too.
    void setRecoveryDir(const std::filesystem::path& dir) { recoveryDir_ = dir; }
    const std::filesystem::path& recoveryDir() const { return recoveryDir_; }
    const std::string& recoveryKey() const { return recoveryKey_; }
    void flushAutosave();
    // Why the last autosave failed, empty while autosave works: the user must
    // know at once that their corrections are not being kept.
    const QString& autosaveError() const { return autosaveError_; }

    bool overlaysVisible() const { return overlaysVisible_; }
    void setOverlaysVisible(bool on);
    bool outlineMode() const { return outline_; }
    void setOutlineMode(bool on);

    // The liver around the lesions, found by the model's liver pass after the
    // series opened (MainWindow runs it); null until then and after another
    // series opens. Context only: it is not a segment, it is never edited,
    // exported or undone. setLiver refuses (false) a liver not on this study's grid.
    // liverStatus: what to show while there is none ("finding the liver…",
    // why there is none).
    const workflow::LiverContext* liver() const { return liver_.get(); }
    bool setLiver(std::shared_ptr<const workflow::LiverContext> liver);
    // Where each segment lies against the liver (empty without one), and the
    // tumour burden: worked out once per change of labels or liver, however
    // many panels ask.
    const std::map<std::uint16_t, workflow::LiverLocation>& lesionLocations() const;
    const workflow::TumourBurden& tumourBurden() const;
    const QString& liverStatus() const { return liverStatus_; }
    void setLiverStatus(const QString& status);
    // Counts setVolume() calls: a result computed for an earlier series
    // (a background liver pass) is recognised and dropped.
    std::uint64_t volumeGeneration() const { return generation_; }

    // The linked crosshair, in voxel indices.
    const Vec3& cursor() const { return cursor_; }
    void setCursor(const Vec3& ijk);
    // Puts the crosshair on the segment, so every view shows it: at its
    // centroid, or the segment voxel nearest to it when the centroid lies
    // outside (a ring, several lesions). False when the segment is empty.
    bool focusOn(std::uint16_t label);

Q_SIGNALS:
    // Emitted first thing in setVolume(), while the old volume is still there:
    // whatever reads it on another thread must stop now.
    void volumeAboutToChange();
    void volumeChanged();
    void segmentsChanged();  // metadata or voxels
    void labelsChanged();    // voxels changed (3D surfaces must be rebuilt): labelsLastChanged() says of which segments
    void overlayChanged();
    void cursorChanged();
    void activeSegmentChanged();
    void thresholdRangeChanged();
    void eraseScopeChanged();
    void recistChanged();  // axes dragged or reset (measured ones change with segmentsChanged)
    // An undo or redo happened: "Undone: …" / "Redone: …" with the step's
    // description; texts about the step before it are stale now.
    void historyStepped(const QString& text);
    void autosaveErrorChanged();
    void liverChanged();        // found or cleared
    void liverStatusChanged();  // only liverStatus() changed

private:
    void commit(edit::Edit& e);
    void requireIdle() const;  // a volume is open and no stroke is held
    void invalidateMeasurements();
    void onChange(const edit::Change& change);
    // Stops autosave (writing what is pending) and removes the recovery file
    // when nothing in it needs saving.
    void leaveSeries();

    SeriesInfo series_;
    CtVolume ct_;
    std::unique_ptr<edit::Editor> editor_;
    std::unique_ptr<edit::Autosaver> autosaver_;
    QString autosaveError_;
    std::filesystem::path recoveryDir_;
    std::string recoveryKey_;
    std::uint64_t savedRevision_ = 0;
    std::unique_ptr<edit::Edit> stroke_;
    BrushMode strokeMode_ = BrushMode::Paint;
    std::uint16_t strokeLabel_ = 0;
    edit::BrushShape strokeShape_;
    std::vector<Vec3> strokePoints_;
    bool eraseAll_ = false;
    mutable std::map<std::uint16_t, edit::SegmentMeasurements> measured_;
    std::vector<std::uint16_t> lastChanged_;
    std::uint64_t changeSerial_ = 0;
    std::array<std::size_t, 2> lastSlices_{0, 0};
    std::map<std::uint16_t, edit::RecistAxes> dragged_;
    std::uint16_t active_ = 0;
    HuRange threshold_;
    bool overlaysVisible_ = true;
    bool outline_ = false;
    Vec3 cursor_{0, 0, 0};
    std::shared_ptr<const workflow::LiverContext> liver_;
    struct LiverFigures {
        std::uint64_t serial = 0;
        const workflow::LiverContext* liver = nullptr;
        bool valid = false;
        std::map<std::uint16_t, workflow::LiverLocation> where;
        workflow::TumourBurden burden;
    };
    const LiverFigures& liverFigures() const;
    // Counts for the figures, exact at countsSerial_: a committed change moves
    // them by its delta, so an edit costs what it changed, not a pass over
    // the study. A held stroke's dabs carry no delta; its commit's delta
    // runs from the state at strokeBaseSerial_.
    void moveCounts(const edit::Change& change, std::uint64_t baseSerial);
    mutable LiverFigures liverFigures_;
    mutable std::optional<workflow::LiverCounts> counts_;
    mutable std::uint64_t countsSerial_ = 0;
    mutable const workflow::LiverContext* countsLiver_ = nullptr;
    std::uint64_t strokeBaseSerial_ = 0;
    bool committingStroke_ = false;
    QString liverStatus_;
    std::uint64_t generation_ = 0;
};

}  // namespace lsms::ui
