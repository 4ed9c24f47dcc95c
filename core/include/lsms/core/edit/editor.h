#pragma once
// What the viewer holds per study: the segments, their undo history and the
// listeners (autosave, views) told about every committed change, undo and redo.
#include "lsms/core/edit/undo.h"

#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <vector>

namespace lsms::edit {

// A change that reached the SegmentList: `step` was applied forward (commit,
// redo) or backward (undo); `list` is the state after it.
struct Change {
    const Step& step;
    bool forward;
    const SegmentList& list;
    std::uint64_t revision;
};

class Editor {
public:
    explicit Editor(SegmentList list, std::size_t undoCapBytes = History::kDefaultCapBytes);

    const SegmentList& list() const { return list_; }
    const History& history() const { return history_; }
    std::uint64_t revision() const { return revision_; }

    // One gesture: make the edit, let tools write through it, then commit.
    Edit begin(std::string description) { return Edit(list_, std::move(description)); }
    // The same for a gesture that spans many events (a brush stroke held by the UI).
    std::unique_ptr<Edit> beginHeld(std::string description) { return std::make_unique<Edit>(list_, std::move(description)); }
    // Commits the edit into the history; returns false if it changed nothing.
    bool commit(Edit& edit);
    bool undo();
    bool redo();

    using Listener = std::function<void(const Change&)>;
    void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }

private:
    void notify(const Step& step, bool forward);
    SegmentList list_;
    History history_;
    std::uint64_t revision_ = 0;
    std::vector<Listener> listeners_;
};

}  // namespace lsms::edit
