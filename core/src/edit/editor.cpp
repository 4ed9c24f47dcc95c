#include "lsms/core/edit/editor.h"

namespace lsms::edit {

Editor::Editor(SegmentList list, std::size_t undoCapBytes) : list_(std::move(list)), history_(undoCapBytes) {}

bool Editor::commit(Edit& edit) {
    Step step = edit.commit();
    if (step.empty()) return false;
    const Step& stored = history_.push(std::move(step));
    notify(stored, true);
    return true;
}

bool Editor::undo() {
    const Step* s = history_.undo(list_);
    if (s) notify(*s, false);
    return s != nullptr;
}

bool Editor::redo() {
    const Step* s = history_.redo(list_);
    if (s) notify(*s, true);
    return s != nullptr;
}

void Editor::notify(const Step& step, bool forward) {
    ++revision_;
    const Change change{step, forward, list_, revision_};
    for (const Listener& l : listeners_) l(change);
}

}  // namespace lsms::edit
