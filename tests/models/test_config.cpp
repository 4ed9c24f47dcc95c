#include "lsms/core/error.h"
#include "lsms/models/config.h"

#include <catch2/catch.hpp>

using namespace lsms::models;

TEST_CASE("config: text form round-trips every field", "[config]") {
    auto o = tinyOptions();
    o.text.vocabIds = {0, 100, 101, 102, 2922};
    o.visual.channels = {8, 16, 24, 40};
    o.windowLowHu = -123.5;
    o.useLanguage = false;
    o.propagate();
    auto back = LsmsOptions::fromText(o.toText());
    CHECK(back.toText() == o.toText());
    CHECK(back.text.vocabIds == o.text.vocabIds);
    CHECK(back.visual.channels == o.visual.channels);
    CHECK(back.decoder.encoderChannels == o.visual.channels);  // propagated
    CHECK(back.visual.textDim == 0);
    CHECK(back.windowLowHu == -123.5);
}

TEST_CASE("config: sentence FiLM is stored, off for configurations written before it", "[config]") {
    auto o = tinyOptions();
    o.sentenceFilm = true;
    o.propagate();
    CHECK(o.visual.sentenceFilm);
    const auto back = LsmsOptions::fromText(o.toText());
    CHECK(back.sentenceFilm);
    CHECK(back.visual.sentenceFilm);
    CHECK_FALSE(textBlind(o).visual.sentenceFilm);
    // The shipped weights' configuration has no such line.
    std::string old = o.toText();
    old.erase(old.find("sentence_film = 1\n"), std::string("sentence_film = 1\n").size());
    CHECK_FALSE(LsmsOptions::fromText(old).sentenceFilm);
}

TEST_CASE("config: malformed text is a ModelError", "[config]") {
    CHECK_THROWS_AS(LsmsOptions::fromText("no_such_key = 1\n"), lsms::ModelError);
    CHECK_THROWS_AS(LsmsOptions::fromText("image_size = big\n"), lsms::ModelError);
    CHECK_THROWS_AS(LsmsOptions::fromText("visual.channels = 1,2\n"), lsms::ModelError);
    CHECK_THROWS_AS(LsmsOptions::fromText("garbage\n"), lsms::ModelError);
}
