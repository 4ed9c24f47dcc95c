#pragma once
// Undo/redo of committed Steps under a memory cap. Undo restores the exact
// earlier state (locks included: a lock is itself an undoable step).
#include "lsms/core/edit/edit.h"

#include <cstddef>
#include <deque>
#include <string>

namespace lsms::edit {

class History {
public:
    static constexpr std::size_t kDefaultCapBytes = std::size_t(256) << 20;
    explicit History(std::size_t capBytes = kDefaultCapBytes) : cap_(capBytes) {}

    // Records a step (empty steps are ignored) and clears the redo stack; then
    // drops the oldest steps while over the cap (the newest step is always kept).
    // Returns the stored step; push an empty step and the reference is to a dummy.
    const Step& push(Step step);
    // Return the step undone/redone, or nullptr when there is none.
    const Step* undo(SegmentList& list);
    const Step* redo(SegmentList& list);

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    std::size_t undoCount() const { return undo_.size(); }
    std::size_t redoCount() const { return redo_.size(); }
    std::string undoDescription() const { return undo_.empty() ? std::string() : undo_.back().description; }
    std::string redoDescription() const { return redo_.empty() ? std::string() : redo_.back().description; }
    std::size_t bytesUsed() const { return bytes_; }
    std::size_t capBytes() const { return cap_; }
    void clear();

private:
    static void apply(SegmentList& list, const Step& step, bool forward);
    std::size_t cap_;
    std::size_t bytes_ = 0;
    std::deque<Step> undo_;
    std::deque<Step> redo_;
};

}  // namespace lsms::edit
