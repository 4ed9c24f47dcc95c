// A failure inside LibTorch (a TORCH_CHECK of the library, a shape mismatch)
// reaches the callers of the models library's public entry points as a
// one-line lsms::ModelError, never as c10::Error, which main() would report
// as an internal error.
#include "lsms/core/error.h"
#include "lsms/models/config.h"
#include "lsms/models/nn/scorer_trainer.h"
#include "lsms/models/nn/text_encoder.h"
#include "lsms/models/tokenizer.h"

#include <catch2/catch.hpp>

#include <string>

using namespace lsms::models;

TEST_CASE("models: a torch-level failure in a public entry point is a one-line ModelError", "[errors][scorer]") {
    const auto tok = WordPieceTokenizer::fromFile(LSMS_TEST_VOCAB);
    auto o = tinyOptions();
    o.text.vocabIds = lexiconVocabIds(tok);
    o.scorer.enabled = false;
    o.propagate();
    LsmsNet noScorer(o);
    // validateScorer's own TORCH_CHECK: the network has no referring scorer.
    std::vector<ScorerCase> cases(1);
    std::string message;
    try {
        validateScorer(noScorer, tok, cases, 4, 1, torch::kCPU);
    } catch (const lsms::ModelError& e) {
        message = e.what();
    } catch (const c10::Error&) {
        FAIL("c10::Error crossed the models boundary");
    }
    CHECK(message == "validating the referring scorer failed inside LibTorch: the network has no referring scorer");
    CHECK(message.find('\n') == std::string::npos);
}
