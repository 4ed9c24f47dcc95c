// The training domain in the model file's configuration text: recorded
// ranges round-trip, files written before it existed fall back to the
// phantom domain (marked assumed), bad values are refused, and a network
// continued on other data records both.
#include "lsms/core/error.h"
#include "lsms/models/config.h"
#include "lsms/models/training_domain.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace lsms::models;

TEST_CASE("training domain: recorded ranges round-trip through the configuration text", "[domain]") {
    auto o = tinyOptions();
    o.domain.trainedOn = TrainedOn::Real;
    o.domain.pixelSpacingMm = {0.62, 0.98};
    o.domain.liverHu = {48.5, 131};
    const auto back = LsmsOptions::fromText(o.toText());
    CHECK(back.domain.trainedOn == TrainedOn::Real);
    CHECK(back.domain.pixelSpacingMm.lo == 0.62);
    CHECK(back.domain.pixelSpacingMm.hi == 0.98);
    CHECK(back.domain.liverHu.lo == 48.5);
    CHECK_FALSE(back.domain.noiseHu.known());  // not recorded stays not recorded
    CHECK_FALSE(back.domain.assumed);
    CHECK(back.toText() == o.toText());
}

TEST_CASE("training domain: a model file without it is taken as phantom-trained, and says it is assumed", "[domain]") {
    // The configuration text as written before the domain existed.
    std::istringstream in(defaultOptions().toText());
    std::string old, line;
    while (std::getline(in, line))
        if (line.rfind("domain.", 0) != 0) old += line + "\n";
    REQUIRE(old.find("domain.") == std::string::npos);
    const auto o = LsmsOptions::fromText(old);
    CHECK(o.domain.trainedOn == TrainedOn::Phantoms);
    CHECK(o.domain.phantomsOnly());
    CHECK(o.domain.assumed);
    CHECK(o.domain.sliceSpacingMm.lo == 2.5);
    CHECK(o.domain.sliceSpacingMm.hi == 5.0);
    CHECK(o.domain.liverHu.lo == 95);
    CHECK(o.domain.noiseHu.hi == 18);
    // The coarsest pixel it knows is its own input pixel.
    CHECK(o.domain.pixelSpacingMm.hi == Approx(o.inputSpacingMm));
}

TEST_CASE("training domain: bad values and unknown keys are refused", "[domain]") {
    CHECK_THROWS_AS(LsmsOptions::fromText("domain.trained_on = dreams\n"), lsms::ModelError);
    CHECK_THROWS_AS(LsmsOptions::fromText("domain.liver_hu = 100\n"), lsms::ModelError);
    CHECK_THROWS_AS(LsmsOptions::fromText("domain.liver_hu = 120,100\n"), lsms::ModelError);
    CHECK_THROWS_AS(LsmsOptions::fromText("domain.noise_hu = 8,lots\n"), lsms::ModelError);
    CHECK_THROWS_AS(LsmsOptions::fromText("domain.colour = 1,2\n"), lsms::ModelError);
}

TEST_CASE("training domain: phantoms continued on real CT is mixed, with both ranges", "[domain]") {
    TrainingDomain real;
    real.trainedOn = TrainedOn::Real;
    real.liverHu = {50, 140};
    real.sliceSpacingMm = {0.625, 5};
    const auto both = combine(phantomTrainingDomain(2.0), real);
    CHECK(both.trainedOn == TrainedOn::Mixed);
    CHECK_FALSE(both.phantomsOnly());
    CHECK(both.liverHu.lo == 50);
    CHECK(both.liverHu.hi == 140);
    CHECK(both.sliceSpacingMm.lo == 0.625);
    CHECK(both.noiseHu.lo == 8);  // only the phantoms recorded noise
    CHECK(combine(phantomTrainingDomain(2.0), phantomTrainingDomain(1.5)).trainedOn == TrainedOn::Phantoms);
}
