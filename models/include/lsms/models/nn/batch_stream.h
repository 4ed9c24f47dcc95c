#pragma once
// Training batches made ahead of the network by worker threads. TORCH HEADER.
// Batch i is drawn with its own generator seeded from (seed, i), so the
// sequence of batches is the same for any number of workers (0 = made on
// the calling thread): a GPU run and a CPU run of one seed see the same data.
#include "lsms/models/nn/trainer.h"

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace lsms::models {

struct BatchStreamOptions {
    int batch = 8;
    std::uint64_t seed = 1;
    int workers = 0;     // threads making batches; 0: made in next()
    int lookahead = 0;   // batches made ahead; 0: 2 per worker
    bool pinned = false; // page-locked host memory, for asynchronous copies to a GPU
    bool pairs = false;  // drawSamples' contrast pairs
};

class BatchStream {
public:
    BatchStream(const PhantomSliceSampler& data, const WordPieceTokenizer& tokenizer, int imageSize, int maxLength,
                BatchStreamOptions options);
    ~BatchStream();
    BatchStream(const BatchStream&) = delete;
    BatchStream& operator=(const BatchStream&) = delete;

    // The next batch in order; rethrows what a worker threw.
    SampleBatch next();

private:
    SampleBatch make(std::uint64_t index) const;
    void work();

    const PhantomSliceSampler& data_;
    const WordPieceTokenizer& tokenizer_;
    int imageSize_, maxLength_;
    BatchStreamOptions options_;
    std::uint64_t nextIndex_ = 0;  // next batch next() returns
    std::uint64_t claimed_ = 0;    // next batch a worker starts
    std::map<std::uint64_t, SampleBatch> ready_;
    std::exception_ptr error_;
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::thread> workers_;
};

}  // namespace lsms::models
