#include "lsms/core/edit/autosave.h"

#include "lsms/core/edit/delta.h"
#include "lsms/core/edit/session.h"
#include "lsms/core/atomic_file.h"
#include "sliced_labels.h"

#include <system_error>

namespace lsms::edit {

Autosaver::Autosaver(std::filesystem::path dir, std::string seriesInstanceUid, const SegmentList& list,
                     std::chrono::milliseconds delay)
    : path_(recoveryPath(dir, seriesInstanceUid)),
      uid_(std::move(seriesInstanceUid)),
      delay_(delay),
      labels_(std::make_unique<detail::SlicedLabels>(list.labels())),
      segments_(list.segments()) {
    try {
        ensurePrivateFolder(dir);
    } catch (const std::exception& e) {
        error_ = std::string("autosave: ") + e.what();
    }
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

std::size_t Autosaver::copyBytes() const {
    std::lock_guard lock(mutex_);
    return writing_ ? 0 : labels_->bytes();  // being changed by the writer: not now
}

std::uint64_t Autosaver::savedRevision() const {
    std::lock_guard lock(mutex_);
    return saved_;
}

std::string Autosaver::lastError() const {
    std::lock_guard lock(mutex_);
    return error_;
}

void Autosaver::onErrorChanged(std::function<void(const std::string&)> listener) {
    std::lock_guard lock(mutex_);
    errorListener_ = std::move(listener);
}

void Autosaver::run() {
    // After a failed write the labels here are newer than the file: try again
    // every kRetry even if the user changes nothing (the disk may have room again).
    constexpr auto kRetry = std::chrono::seconds(10);
    std::unique_lock lock(mutex_);
    std::uint64_t applied = 0;
    bool unsaved = false;
    std::chrono::steady_clock::time_point retryAt;
    for (;;) {
        wake_.wait(lock, [&] { return stop_ || !queue_.empty() || unsaved; });
        if (queue_.empty() && !unsaved) return;  // stopping with nothing pending
        // Coalesce: wait until the oldest unsaved change is `delay_` old.
        const auto due = queue_.empty() ? retryAt : firstPending_ + delay_;
        // flush() hurries queued changes only: a failed write is retried when due,
        // not in a loop while someone waits.
        wake_.wait_until(lock, due, [&] { return stop_ || (flushNow_ && !queue_.empty()); });
        std::deque<Pending> batch;
        batch.swap(queue_);
        writing_ = true;
        lock.unlock();
        std::string error;
        try {
            for (const Pending& p : batch) {
                labels_->apply(p.delta, p.forward);
                segments_ = p.segments;
                applied = p.revision;
            }
            const detail::SlicedLabels& copy = *labels_;
            saveSession(
                path_, copy.geometry(), [&copy](std::size_t k, std::uint16_t* out) { copy.decode(k, out); }, segments_, uid_);
        } catch (const std::exception& e) {
            error = e.what();
        }
        lock.lock();
        const bool errorChanged = error != error_;
        error_ = error;
        const auto listener = errorListener_;
        // Told before flush() returns, without the lock (the listener may ask lastError()).
        if (errorChanged && listener) {
            lock.unlock();
            listener(error);
            lock.lock();
        }
        writing_ = false;
        unsaved = !error.empty();
        if (!unsaved) saved_ = applied;
        retryAt = std::chrono::steady_clock::now() + kRetry;
        // Changes that came during the write start a new delay from now.
        if (!queue_.empty()) firstPending_ = std::chrono::steady_clock::now();
        done_.notify_all();
        if (stop_ && queue_.empty()) return;  // one last try only: no retry loop when closing
    }
}

}  // namespace lsms::edit
