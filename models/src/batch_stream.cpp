#include "lsms/models/nn/batch_stream.h"

#include "lsms/core/error.h"
#include "splitmix.h"

namespace lsms::models {

BatchStream::BatchStream(const PhantomSliceSampler& data, const WordPieceTokenizer& tokenizer, int imageSize,
                         int maxLength, BatchStreamOptions options)
    : data_(data), tokenizer_(tokenizer), imageSize_(imageSize), maxLength_(maxLength), options_(options) {
    if (options_.batch < 1) throw InputError("a batch needs at least one sample");
    if (options_.workers < 0) throw InputError("the number of batch workers cannot be negative");
    if (options_.lookahead <= 0) options_.lookahead = 2 * std::max(1, options_.workers);
    for (int w = 0; w < options_.workers; ++w) workers_.emplace_back([this] { work(); });
}

BatchStream::~BatchStream() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    for (auto& t : workers_) t.join();
}

SampleBatch BatchStream::make(std::uint64_t index) const {
    const auto samples = drawSamples(data_, options_.batch, splitmix(options_.seed ^ splitmix(index)), options_.pairs);
    auto b = makeBatch(samples, 0, samples.size(), imageSize_, tokenizer_, maxLength_);
    if (options_.pinned) {
        b.images = b.images.pin_memory();
        b.targets = b.targets.pin_memory();
        b.distractors = b.distractors.pin_memory();
    }
    return b;
}

void BatchStream::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] {
            return stopping_ || error_ || claimed_ < nextIndex_ + std::uint64_t(options_.lookahead);
        });
        if (stopping_ || error_) return;
        const std::uint64_t index = claimed_++;
        lock.unlock();
        try {
            auto b = make(index);
            lock.lock();
            ready_.emplace(index, std::move(b));
        } catch (...) {
            lock.lock();
            error_ = std::current_exception();
        }
        changed_.notify_all();
    }
}

SampleBatch BatchStream::next() {
    if (workers_.empty()) return make(nextIndex_++);
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return error_ || ready_.count(nextIndex_) > 0; });
    if (error_) std::rethrow_exception(error_);
    auto node = ready_.extract(nextIndex_++);
    lock.unlock();
    changed_.notify_all();
    return std::move(node.mapped());
}

}  // namespace lsms::models
