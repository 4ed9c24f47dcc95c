#include "lsms/core/edit/autosave.h"

#include "lsms/core/edit/delta.h"
#include "lsms/core/edit/session.h"

#include <system_error>

namespace lsms::edit {

Autosaver::Autosaver(std::filesystem::path dir, std::string seriesInstanceUid, const SegmentList& list,
                     std::chrono::milliseconds delay)
    : path_(recoveryPath(dir, seriesInstanceUid)),
      uid_(std::move(seriesInstanceUid)),
      delay_(delay),
      labels_(list.labels()),
      segments_(list.segments()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    thread_ = std::thread([this] { run(); });
}

Autosaver::~Autosaver() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Autosaver::attach(Editor& editor) {
    editor.addListener([this](const Change& c) { changed(c); });
}

void Autosaver::changed(const Change& change) {
    Pending p{change.step.delta, change.forward, change.list.segments(), change.revision};
    {
        std::lock_guard lock(mutex_);
        if (queue_.empty() && !writing_) firstPending_ = std::chrono::steady_clock::now();
        queue_.push_back(std::move(p));
    }
    wake_.notify_all();
}

void Autosaver::flush() {
    std::unique_lock lock(mutex_);
    flushNow_ = true;
    wake_.notify_all();
    done_.wait(lock, [&] { return queue_.empty() && !writing_; });
    flushNow_ = false;
}

std::uint64_t Autosaver::savedRevision() const {
    std::lock_guard lock(mutex_);
    return saved_;
}

std::string Autosaver::lastError() const {
    std::lock_guard lock(mutex_);
    return error_;
}

void Autosaver::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping with nothing pending
        // Coalesce: wait until the oldest unsaved change is `delay_` old.
        wake_.wait_until(lock, firstPending_ + delay_, [&] { return stop_ || flushNow_; });
        std::deque<Pending> batch;
        batch.swap(queue_);
        writing_ = true;
        lock.unlock();
        std::string error;
        for (const Pending& p : batch) {
            applyDelta(labels_, p.delta, p.forward);
            segments_ = p.segments;
        }
        try {
            saveSession(path_, labels_, segments_, uid_);
        } catch (const std::exception& e) {
            error = e.what();
        }
        lock.lock();
        writing_ = false;
        if (error.empty()) saved_ = batch.back().revision;
        error_ = error;
        // Changes that came during the write start a new delay from now.
        if (!queue_.empty()) firstPending_ = std::chrono::steady_clock::now();
        done_.notify_all();
        if (stop_ && queue_.empty()) return;
    }
}

}  // namespace lsms::edit
