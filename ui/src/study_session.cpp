// Explicit session files (File → Save/Open session). The same format as the
// autosave recovery files; opening goes through adoptSegments, so it is one
// undo step and locked segments stay as they are.
#include "lsms/ui/study.h"

#include "lsms/core/edit/session.h"
#include "lsms/core/error.h"

namespace lsms::ui {

void Study::saveSession(const std::filesystem::path& path) {
    if (!hasVolume()) throw InputError("no study is open");
    edit::saveSession(path, editor_->list(), series_.metadata.seriesInstanceUid);
    markSaved();
}

void Study::openSession(const std::filesystem::path& path) {
    requireIdle();
    const edit::Session session = edit::loadSession(path);  // throws before anything changes
    const std::string& open = series_.metadata.seriesInstanceUid;
    if (session.seriesInstanceUid != open)
        throw InputError("the session belongs to series " + session.seriesInstanceUid + ", not to the open series " + open +
                         "; the segments are unchanged");
    if (!session.list.geometry().sameGrid(ct_.geometry, 1e-3))
        throw InputError("the session's grid does not match the open series; the segments are unchanged");
    adoptSegments(session.list, tr("open session"));
}

}  // namespace lsms::ui
