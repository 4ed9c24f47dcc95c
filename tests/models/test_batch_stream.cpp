#include "lsms/core/error.h"
#include "lsms/models/nn/batch_stream.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

namespace {

struct Fixture {
    WordPieceTokenizer tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    PhantomSliceSampler sampler{renderCases({31, 32}, 48), 48, SliceWindow{}};
};

bool same(const SampleBatch& a, const SampleBatch& b) {
    return a.images.equal(b.images) && a.targets.equal(b.targets) && a.selection.equal(b.selection) &&
           a.tokens.ids.equal(b.tokens.ids) && a.tokens.attention.equal(b.tokens.attention);
}

}  // namespace

TEST_CASE("batch stream: the same batches in the same order for any number of workers", "[batch_stream]") {
    Fixture f;
    BatchStreamOptions o;
    o.batch = 3;
    o.seed = 77;
    std::vector<SampleBatch> inline_;
    {
        BatchStream s(f.sampler, f.tok, 48, 24, o);
        for (int i = 0; i < 6; ++i) inline_.push_back(s.next());
    }
    o.workers = 3;
    o.lookahead = 4;
    BatchStream threaded(f.sampler, f.tok, 48, 24, o);
    for (int i = 0; i < 6; ++i) {
        INFO("batch " << i);
        CHECK(same(threaded.next(), inline_[std::size_t(i)]));
    }
    CHECK(inline_[0].images.sizes() == torch::IntArrayRef{3, 3, 48, 48});
    // Consecutive batches differ, and another seed gives other batches.
    CHECK_FALSE(same(inline_[0], inline_[1]));
    o.seed = 78;
    o.workers = 0;
    BatchStream other(f.sampler, f.tok, 48, 24, o);
    CHECK_FALSE(same(other.next(), inline_[0]));
}

TEST_CASE("batch stream: bad options are refused, a worker's error reaches next()", "[batch_stream]") {
    Fixture f;
    BatchStreamOptions o;
    o.batch = 0;
    CHECK_THROWS_AS(BatchStream(f.sampler, f.tok, 48, 24, o), lsms::InputError);
    o.batch = 2;
    o.workers = -1;
    CHECK_THROWS_AS(BatchStream(f.sampler, f.tok, 48, 24, o), lsms::InputError);
    // A network size that does not match the phantoms' grid fails in makeBatch,
    // on a worker thread; the error must come out of next(), not terminate.
    o.workers = 2;
    BatchStream wrong(f.sampler, f.tok, 64, 24, o);
    CHECK_THROWS(wrong.next());
}

TEST_CASE("phantom cases: rendering many at once matches rendering them one by one", "[batch_stream]") {
    const auto together = renderCases({41, 42, 43}, 40, 3);
    REQUIRE(together.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto alone = renderCase(41 + i, 40, 1);
        CHECK(together[i].phantom.ct.data == alone.phantom.ct.data);
        CHECK(together[i].phantom.labels.data == alone.phantom.labels.data);
        CHECK(together[i].liverSlices == alone.liverSlices);
    }
}
