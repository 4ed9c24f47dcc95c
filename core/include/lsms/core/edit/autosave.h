#pragma once
// Background autosave to the recovery file of a series. The editing thread
// only queues each committed change (its delta, a few KB); a writer thread
// keeps its own copy of the labels, run-length encoded slice by slice (a few
// MB where a plain copy is 2 bytes a voxel), applies the queued deltas and
// writes the session at most `delay` after the first unsaved change, so a
// burst of strokes costs one write and the UI never waits for zlib or the disk.
#include "lsms/core/edit/editor.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace lsms::edit {

namespace detail {
class SlicedLabels;
}

class Autosaver {
public:
    // Starts from `list` (copied once) and writes nothing until a change comes.
    // The folder is made private to the user (0700); if it cannot be made,
    // lastError() says so from the start.
    Autosaver(std::filesystem::path dir, std::string seriesInstanceUid, const SegmentList& list,
              std::chrono::milliseconds delay = std::chrono::seconds(10));
    // Writes what is pending, then stops the thread.
    ~Autosaver();
    Autosaver(const Autosaver&) = delete;
    Autosaver& operator=(const Autosaver&) = delete;

    // Registers with the editor: every commit, undo and redo is queued.
    void attach(Editor& editor);
    void changed(const Change& change);
    // Blocks until everything queued so far is on disk.
    void flush();
    // Revision of the last state written (Change::revision), 0 before any.
    std::uint64_t savedRevision() const;
    // The last write error, empty if none (autosave must never throw into the UI).
    std::string lastError() const;
    // Bytes of the writer's copy of the labels (the benchmark's memory figure).
    std::size_t copyBytes() const;
    // Called on the writer thread whenever lastError() changes (a write failed,
    // or the next one worked again), so that the user learns at once that their
    // work is not being kept. Set it before the first change.
    void onErrorChanged(std::function<void(const std::string& error)> listener);

private:
    struct Pending {
        std::vector<std::uint8_t> delta;
        bool forward;
        std::vector<Segment> segments;
        std::uint64_t revision;
    };
    void run();

    const std::filesystem::path path_;
    const std::string uid_;
    const std::chrono::milliseconds delay_;
    std::unique_ptr<detail::SlicedLabels> labels_;  // writer thread only (and copyBytes under the mutex)
    std::vector<Segment> segments_;  // writer thread only
    mutable std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::deque<Pending> queue_;
    std::chrono::steady_clock::time_point firstPending_;
    bool stop_ = false, flushNow_ = false, writing_ = false;
    std::uint64_t saved_ = 0;
    std::string error_;
    std::function<void(const std::string&)> errorListener_;
    std::thread thread_;
};

}  // namespace lsms::edit
