#pragma once
// Saved editing sessions (docs/session-format.md): a text header with the
// grid and segment metadata, then the label map as zlib-compressed
// little-endian uint16. Writes are atomic: a crash leaves the old file or the
// new one, never a torn one.
#include "lsms/core/edit/segment_list.h"

#include <filesystem>
#include <functional>
#include <string>

namespace lsms::edit {

struct Session {
    std::string seriesInstanceUid;  // the CT series the labels belong to
    SegmentList list;
};

// Throw lsms::IoError on write/read failure, lsms::InputError on a malformed file.
void saveSession(const std::filesystem::path& path, const SegmentList& list, const std::string& seriesInstanceUid);
void saveSession(const std::filesystem::path& path, const LabelVolume& labels, const std::vector<Segment>& segments,
                 const std::string& seriesInstanceUid);
// The same from labels handed over one axial slice at a time: `slice(k, out)`
// fills out[0 .. size[0]*size[1]) with slice k (the autosave's compact copy).
using SliceSource = std::function<void(std::size_t k, std::uint16_t* out)>;
void saveSession(const std::filesystem::path& path, const Geometry& grid, const SliceSource& slice,
                 const std::vector<Segment>& segments, const std::string& seriesInstanceUid);
Session loadSession(const std::filesystem::path& path);

// Crash recovery files, one per series under `dir`.
std::filesystem::path recoveryPath(const std::filesystem::path& dir, const std::string& seriesInstanceUid);
bool hasRecovery(const std::filesystem::path& dir, const std::string& seriesInstanceUid);
Session restore(const std::filesystem::path& dir, const std::string& seriesInstanceUid);
// Removes the recovery file and any half-written temporary next to it.
void discard(const std::filesystem::path& dir, const std::string& seriesInstanceUid);

}  // namespace lsms::edit
