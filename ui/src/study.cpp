#include "lsms/ui/study.h"

#include "lsms/core/edit/autosave.h"
#include "lsms/core/edit/delta.h"
#include "lsms/core/edit/session.h"
#include "lsms/core/edit/segment_ops.h"
#include "lsms/core/error.h"
#include "lsms/workflow/recovery_key.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lsms::ui {

Study::Study(QObject* parent) : QObject(parent), editor_(std::make_unique<edit::Editor>(edit::SegmentList{})) {}

Study::~Study() {
    stroke_.reset();
    leaveSeries();
}

void Study::leaveSeries() {
    if (!autosaver_) return;
    autosaver_.reset();  // writes what is pending
    // Unsaved work stays for the recovery offer; saved or discarded work
    // would only be offered again as if it had been lost.
    if (!hasUnsavedChanges()) {
        try {
            edit::discard(recoveryDir_, recoveryKey_);
        } catch (const std::exception&) {
            // A recovery file left behind is offered again: nothing is lost.
        }
    }
}

void Study::setVolume(SeriesInfo series, CtVolume ct) {
    Q_EMIT volumeAboutToChange();
    stroke_.reset();
    leaveSeries();
    series_ = std::move(series);
    ct_ = std::move(ct);
    editor_ = std::make_unique<edit::Editor>(edit::SegmentList(ct_.geometry));
    measured_.clear();
    dragged_.clear();
    counts_.reset();
    editor_->addListener([this](const edit::Change& c) { onChange(c); });
    savedRevision_ = editor_->revision();
    recoveryKey_ = workflow::recoveryKey(series_);
    autosaveError_.clear();
    if (!recoveryDir_.empty()) {
        autosaver_ = std::make_unique<edit::Autosaver>(recoveryDir_, recoveryKey_, editor_->list());
        autosaveError_ = QString::fromStdString(autosaver_->lastError());
        // From the writer thread; a report from a series already left is dropped.
        autosaver_->onErrorChanged([this, generation = generation_ + 1](const std::string& error) {
            QMetaObject::invokeMethod(
                this,
                [this, generation, text = QString::fromStdString(error)] {
                    if (generation != generation_ || text == autosaveError_) return;
                    autosaveError_ = text;
                    Q_EMIT autosaveErrorChanged();
                },
                Qt::QueuedConnection);
        });
        autosaver_->attach(*editor_);
    }
    active_ = 0;
    const auto& s = ct_.geometry.size;
    cursor_ = {double(s[0] / 2), double(s[1] / 2), double(s[2] / 2)};
    liver_.reset();
    liverStatus_.clear();
    ++generation_;
    lastChanged_.clear();
    lastSlices_ = {0, 0};
    ++changeSerial_;
    Q_EMIT volumeChanged();
    Q_EMIT liverChanged();
    Q_EMIT autosaveErrorChanged();
    Q_EMIT segmentsChanged();
    Q_EMIT labelsChanged();
    Q_EMIT cursorChanged();
}

void Study::onChange(const edit::Change& change) {
    if (active_ && !editor_->list().find(active_)) active_ = 0;
    std::erase_if(dragged_, [this](const auto& d) { return !editor_->list().find(d.first); });
    // Only the segments whose voxels changed are measured again: a study
    // with many lesions stays quick to edit lesion by lesion.
    lastChanged_.clear();
    lastSlices_ = {0, 0};
    if (change.step.changedVoxels > 0) {
        lastChanged_ = edit::labelsTouched(change.step.delta);
        const std::size_t plane = editor_->list().geometry().sliceVoxels();
        std::size_t first = SIZE_MAX, end = 0;
        edit::forEachRun(change.step.delta, [&](std::size_t start, std::size_t length, std::size_t, std::size_t) {
            if (length == 0) return;
            first = std::min(first, start / plane);
            end = std::max(end, (start + length - 1) / plane + 1);
        });
        if (first < end) lastSlices_ = {first, end};
    }
    const std::uint64_t base = committingStroke_ ? strokeBaseSerial_ : changeSerial_;
    ++changeSerial_;
    if (change.step.changedVoxels > 0) moveCounts(change, base);
    else if (countsSerial_ == base) countsSerial_ = changeSerial_;  // the segments changed, not their voxels
    for (std::uint16_t label : lastChanged_) measured_.erase(label);
    Q_EMIT segmentsChanged();
    if (change.step.changedVoxels > 0) Q_EMIT labelsChanged();
}

void Study::commit(edit::Edit& e) { editor_->commit(e); }

workflow::AnswerOutcome Study::applyAnswer(const MaskVolume& mask, const workflow::AnswerRequest& request,
                                           const workflow::AnswerPolicy& policy) {
    const std::string what = request.refineLabel == 0                                    ? "LSMS: "
                             : request.refineMode == workflow::RefineMode::AddSegment ? "refine (new segment): "
                                                                                       : "refine: ";
    const workflow::AnswerOutcome outcome =
        applyTool(what + request.prompt, [&](edit::Edit& e) { return policy.apply(e, mask, request); });
    if (outcome.label) setActiveLabel(outcome.label);
    return outcome;
}

std::uint16_t Study::addAiSegment(const MaskVolume& mask, const QString& prompt, bool overwriteOthers) {
    workflow::AnswerPolicy policy;
    policy.setOverwriteOthers(overwriteOthers);
    workflow::AnswerRequest request;
    request.prompt = prompt.toStdString();
    return applyAnswer(mask, request, policy).label;
}

std::uint16_t Study::addManualSegment(const QString& name) {
    if (!hasVolume()) throw InputError("no study is open");
    edit::Edit e = editor_->begin("new segment");
    edit::Segment s;
    s.name = name.toStdString();
    s.algorithm = edit::Algorithm::Manual;
    const std::uint16_t label = e.addSegment(s);
    commit(e);
    setActiveLabel(label);
    return label;
}

void Study::updateSegment(const edit::Segment& segment) {
    edit::Edit e = editor_->begin("segment properties");
    e.updateSegment(segment);
    commit(e);
}

void Study::removeSegment(std::uint16_t label) {
    edit::Edit e = editor_->begin("delete segment");
    e.removeSegment(label);  // throws EditError if locked
    commit(e);
}

void Study::adoptSegments(const edit::SegmentList& list, const QString& description) {
    if (!list.geometry().sameGrid(ct_.geometry, 1e-3)) throw InputError("the segments do not lie on the open study's grid");
    edit::Edit e = editor_->begin(description.toStdString());
    for (const auto& s : std::vector<edit::Segment>(segments()))
        if (!s.locked) e.removeSegment(s.label);
    for (const auto& s : list.segments()) {
        edit::Segment copy = s;
        copy.locked = false;  // lock after painting, or set() would refuse the voxels
        if (!e.list().find(copy.label)) e.addSegment(copy);
    }
    const auto& src = list.labels().data;
    for (std::size_t v = 0; v < src.size(); ++v)
        if (src[v]) e.set(v, src[v]);
    for (const auto& s : list.segments())
        if (s.locked) e.updateSegment(s);
    commit(e);
}

std::vector<std::uint16_t> Study::importSegments(const std::vector<edit::Segment>& segments, const std::vector<MaskVolume>& masks,
                                                 const QString& description) {
    if (!hasVolume()) throw InputError("no study is open");
    if (segments.size() != masks.size()) throw InputError("one mask per imported segment is needed");
    for (const auto& m : masks)
        if (!m.geometry.sameGrid(ct_.geometry, 1e-3) || m.data.size() != labels().data.size())
            throw InputError("the imported segments do not lie on the open study's grid");
    edit::Edit e = editor_->begin(description.toStdString());
    std::vector<std::uint16_t> added;
    std::vector<std::uint8_t> isNew(65536, 0);
    for (const auto& s : segments) {
        edit::Segment copy = s;
        copy.label = 0;        // the next free label: never collides with the study's
        copy.locked = false;   // lock after painting, or set() would refuse the voxels
        added.push_back(e.addSegment(copy));
        isNew[added.back()] = 1;
    }
    for (std::size_t i = 0; i < masks.size(); ++i) {
        const auto& m = masks[i].data;
        for (std::size_t v = 0; v < m.size(); ++v)
            if (m[v] && (e.labels().data[v] == 0 || isNew[e.labels().data[v]])) e.set(v, added[i]);
    }
    for (std::size_t i = 0; i < segments.size(); ++i)
        if (segments[i].locked) {
            edit::Segment locked = e.segment(added[i]);
            locked.locked = true;
            e.updateSegment(locked);
        }
    commit(e);
    if (!added.empty()) setActiveLabel(added.front());
    return added;
}

bool Study::undo() {
    if (stroke_) return false;
    const QString what = QString::fromStdString(editor_->history().undoDescription());
    if (!editor_->undo()) return false;
    Q_EMIT historyStepped(tr("Undone: %1").arg(what));
    return true;
}

bool Study::redo() {
    if (stroke_) return false;
    const QString what = QString::fromStdString(editor_->history().redoDescription());
    if (!editor_->redo()) return false;
    Q_EMIT historyStepped(tr("Redone: %1").arg(what));
    return true;
}

void Study::beginStroke(BrushMode mode, std::uint16_t label, const edit::BrushShape& shape) {
    if (stroke_) {
        // An unfinished stroke rolls back: every view drops its dabs.
        stroke_.reset();
        counts_.reset();
        lastChanged_.clear();
        lastSlices_ = {0, 0};
        if (strokeLabel_) {
            lastChanged_.push_back(strokeLabel_);
            measured_.erase(strokeLabel_);
        } else {
            for (const auto& seg : segments()) lastChanged_.push_back(seg.label);
            invalidateMeasurements();
        }
        ++changeSerial_;
        Q_EMIT labelsChanged();
    }
    if (!hasVolume()) throw InputError("no study is open");
    if (mode != BrushMode::Erase || !eraseAll_) {
        if (label == 0)
            throw edit::EditError(mode == BrushMode::Erase ? "select the segment to erase from, or erase all unlocked segments"
                                                           : "select a segment first");
        edit::Edit probe = editor_->begin("probe");
        edit::requirePaintable(probe, label);  // throws EditError for a locked or unknown segment
    }
    strokeMode_ = mode;
    strokeLabel_ = mode == BrushMode::Erase && eraseAll_ ? 0 : label;
    strokeShape_ = shape;
    strokePoints_.clear();
    strokeBaseSerial_ = changeSerial_;
    stroke_ = editor_->beginHeld(mode == BrushMode::Paint ? "brush" : mode == BrushMode::Erase ? "eraser" : "threshold brush");
}

void Study::strokeTo(const Vec3& ijk) {
    if (!stroke_) return;
    const std::vector<Vec3> centres =
        strokePoints_.empty() ? std::vector<Vec3>{ijk} : edit::dabsAlong(ct_.geometry, strokePoints_.back(), ijk, strokeShape_);
    std::size_t changed = 0;
    for (const Vec3& c : centres) {
        switch (strokeMode_) {
            case BrushMode::Paint: changed += edit::paintDab(*stroke_, strokeLabel_, c, strokeShape_); break;
            case BrushMode::Erase: changed += edit::eraseDab(*stroke_, c, strokeShape_, strokeLabel_); break;
            case BrushMode::Threshold:
                changed += edit::paintThresholdDab(*stroke_, strokeLabel_, c, strokeShape_, ct_, threshold_.lo, threshold_.hi);
                break;
        }
    }
    strokePoints_.push_back(ijk);
    if (changed) {
        // The dabs reach at most their radius from their centres, along any axis.
        const auto& g = ct_.geometry;
        const double reach = strokeShape_.radiusMm / g.spacing[2] + 2;
        double lo = double(g.size[2]), hi = 0;
        for (const Vec3& c : centres) {
            lo = std::min(lo, c[2] - reach);
            hi = std::max(hi, c[2] + reach);
        }
        lastSlices_ = {std::size_t(std::max(0.0, std::floor(lo))), std::size_t(std::min(double(g.size[2]), std::ceil(hi) + 1))};
        lastChanged_.clear();
        if (strokeMode_ == BrushMode::Erase && eraseAll_) {
            invalidateMeasurements();
            for (const auto& seg : segments()) lastChanged_.push_back(seg.label);
        } else {
            measured_.erase(strokeLabel_);
            lastChanged_.push_back(strokeLabel_);
        }
        ++changeSerial_;
        Q_EMIT labelsChanged();
    }
}

void Study::setEraseAllUnlocked(bool on) {
    if (on == eraseAll_) return;
    eraseAll_ = on;
    Q_EMIT eraseScopeChanged();
}

void Study::invalidateMeasurements() { measured_.clear(); }

const edit::SegmentMeasurements& Study::measurements(std::uint16_t label) const {
    auto it = measured_.find(label);
    if (it == measured_.end()) it = measured_.emplace(label, edit::measureSegment(labels(), label, hasVolume() ? &ct_ : nullptr)).first;
    return it->second;
}

edit::RecistAxes Study::recist(std::uint16_t label) const {
    const auto d = dragged_.find(label);
    return d != dragged_.end() ? d->second : edit::recistAxes(measurements(label));
}

void Study::moveAxisEnd(std::uint16_t label, edit::AxisEnd end, const Vec3& ijk) {
    if (!segment(label)) throw InputError("no segment with label " + std::to_string(label));
    edit::RecistAxes axes = recist(label);
    edit::moveAxisEnd(axes, ct_.geometry, end, ijk);  // InputError for an empty segment
    dragged_[label] = axes;
    Q_EMIT recistChanged();
}

void Study::resetAxes(std::uint16_t label) {
    if (dragged_.erase(label)) Q_EMIT recistChanged();
}

void Study::endStroke() {
    if (!stroke_) return;
    std::unique_ptr<edit::Edit> e = std::move(stroke_);
    committingStroke_ = true;
    try {
        commit(*e);
    } catch (...) {
        committingStroke_ = false;
        throw;
    }
    committingStroke_ = false;
}

void Study::setActiveLabel(std::uint16_t label) {
    active_ = label;
    Q_EMIT activeSegmentChanged();
}

void Study::flushAutosave() {
    if (autosaver_) autosaver_->flush();
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

bool Study::focusOn(std::uint16_t label) {
    const auto& lab = labels();
    const auto& g = lab.geometry;
    const std::size_t nx = g.size[0], ny = g.size[1];
    auto ijkOf = [&](std::size_t v) { return Vec3{double(v % nx), double((v / nx) % ny), double(v / (nx * ny))}; };
    Vec3 sum{0, 0, 0};
    std::size_t n = 0;
    for (std::size_t v = 0; v < lab.data.size(); ++v)
        if (lab.data[v] == label) {
            const auto p = ijkOf(v);
            for (int a = 0; a < 3; ++a) sum[a] += p[a];
            ++n;
        }
    if (n == 0) return false;
    Vec3 centroid;
    for (int a = 0; a < 3; ++a) centroid[a] = sum[a] / double(n);
    // Nearest segment voxel in millimetres, so thick slices do not dominate.
    double best = std::numeric_limits<double>::max();
    Vec3 target = centroid;
    for (std::size_t v = 0; v < lab.data.size(); ++v)
        if (lab.data[v] == label) {
            const auto p = ijkOf(v);
            double d = 0;
            for (int a = 0; a < 3; ++a) d += std::pow((p[a] - centroid[a]) * g.spacing[a], 2);
            if (d < best) best = d, target = p;
        }
    setCursor(target);
    return true;
}

}  // namespace lsms::ui
