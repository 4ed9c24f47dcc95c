// The confidence sentence of an answer (lsms/workflow/answer_confidence.h).
#include "lsms/workflow/answer_confidence.h"

#include <catch2/catch.hpp>

using lsms::workflow::confidenceSentence;

TEST_CASE("answer confidence: the sentence gives the mean probability, its reading and the word filter", "[confidence]") {
    CHECK(confidenceSentence(-1, -1, false).empty());
    const std::string high = confidenceSentence(0.914, -1, false);
    CHECK(high.find("Confidence high") == 0);
    CHECK(high.find("0.91") != std::string::npos);
    CHECK(high.find("word filter") == std::string::npos);
    const std::string low = confidenceSentence(0.6, 0.305, false);
    CHECK(low.find("Confidence low") == 0);
    CHECK(low.find("0.60") != std::string::npos);
    CHECK(low.find("word filter's lowest rating of a kept lesion 0.31") != std::string::npos);
    CHECK(confidenceSentence(0.75, -1, false).find("Confidence moderate") == 0);
    // Off the training data the numbers stay, the reading goes.
    const std::string off = confidenceSentence(0.96, 1.0, true);
    CHECK(off.find("Confidence unknown") == 0);
    CHECK(off.find("0.96") != std::string::npos);
    CHECK(off.find("unlike the training data") != std::string::npos);
    CHECK(off.find("high") == std::string::npos);
}
