#include "lsms/core/edit/undo.h"

#include "lsms/core/edit/delta.h"

namespace lsms::edit {

void History::apply(SegmentList& list, const Step& step, bool forward) {
    applyDelta(list.labels_, step.delta, forward);
    if (step.segmentsBefore) list.setSegments(forward ? *step.segmentsAfter : *step.segmentsBefore);
}

const Step& History::push(Step step) {
    static const Step kEmpty;
    if (step.empty()) return kEmpty;
    for (const Step& s : redo_) bytes_ -= s.bytes();
    redo_.clear();
    bytes_ += step.bytes();
    undo_.push_back(std::move(step));
    while (bytes_ > cap_ && undo_.size() > 1) {
        bytes_ -= undo_.front().bytes();
        undo_.pop_front();
    }
    return undo_.back();
}

const Step* History::undo(SegmentList& list) {
    if (undo_.empty()) return nullptr;
    apply(list, undo_.back(), false);
    redo_.push_back(std::move(undo_.back()));
    undo_.pop_back();
    return &redo_.back();
}

const Step* History::redo(SegmentList& list) {
    if (redo_.empty()) return nullptr;
    apply(list, redo_.back(), true);
    undo_.push_back(std::move(redo_.back()));
    redo_.pop_back();
    return &undo_.back();
}

void History::clear() {
    undo_.clear();
    redo_.clear();
    bytes_ = 0;
}

}  // namespace lsms::edit
