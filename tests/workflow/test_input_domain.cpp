// Whether a series looks like the training data (lsms/workflow/input_domain.h),
// on generation-1 phantoms rendered on the training grid of a 192-pixel
// network, as the shipped model was trained: such a phantom raises no flag,
// and the same phantom with more noise, other slice or pixel spacing, or its
// HU shifted raises the flag that names it (and, where the change touches
// nothing else, only that one).
#include "lsms/core/phantom.h"
#include "lsms/models/config.h"
#include "lsms/models/phantom_slices.h"
#include "lsms/models/training_domain.h"
#include "lsms/workflow/input_domain.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace lsms;
using namespace lsms::workflow;

namespace {

constexpr int kSize = 192;

models::LsmsOptions phantomModel() {
    auto o = models::defaultOptions();
    o.imageSize = kSize;
    o.inputSpacingMm = 0;
    o.propagate();
    o.domain = models::phantomTrainingDomain(o.inputSpacingMm);
    return o;
}

phantom::Phantom render(std::uint64_t seed, double noise = -1) {
    auto o = models::trainingGrid(seed, kSize);
    o.noiseSigmaHu = noise;
    return phantom::generatePhantom(o);
}

bool mentions(const std::vector<std::string>& flags, const std::string& word) {
    return std::any_of(flags.begin(), flags.end(), [&](const std::string& f) { return f.find(word) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& flags) {
    std::string s;
    for (const auto& f : flags) s += f + "\n";
    return s;
}

double medianLiverHu(const phantom::Phantom& p) {
    std::vector<float> v;
    for (std::size_t i = 0; i < p.ct.data.size(); ++i)
        if (p.liver.data[i] && !p.labels.data[i]) v.push_back(p.ct.data[i]);
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

TEST_CASE("input domain: phantoms on the training grid raise no flag, and their noise and liver level are measured",
          "[input_domain]") {
    const auto model = phantomModel();
    for (std::uint64_t seed : {3u, 11u, 27u, 40u}) {
        for (double noise : {9.0, 17.0}) {
            const auto p = render(seed, noise);
            const auto a = measureInput(p.ct, model);
            INFO("seed " << seed << ", noise " << noise << ": measured noise " << a.noiseHu << ", liver-like "
                         << a.liverHu << " (true " << medianLiverHu(p) << "), " << a.patches << " patches");
            REQUIRE(a.measured());
            CHECK(a.noiseHu == Approx(noise).epsilon(0.12));
            CHECK(std::abs(a.liverHu - medianLiverHu(p)) < 6);
            const auto flags = domainFlags(a, model.domain);
            INFO(joined(flags));
            CHECK(flags.empty());
        }
    }
}

TEST_CASE("input domain: added noise is flagged as noise, and as nothing else", "[input_domain]") {
    const auto model = phantomModel();
    auto p = render(11, 12);
    std::mt19937 rng(5);
    std::normal_distribution<float> extra(0, 30);
    for (std::size_t i = 0; i < p.ct.data.size(); ++i) p.ct.data.set(i, std::round(p.ct.data[i] + extra(rng)));
    const auto a = measureInput(p.ct, model);
    const auto flags = domainFlags(a, model.domain);
    INFO(joined(flags) << "noise " << a.noiseHu);
    CHECK(a.noiseHu > 25);
    REQUIRE(flags.size() == 1);
    CHECK(mentions(flags, "noise"));
}

TEST_CASE("input domain: thin slices and coarse pixels are flagged as such", "[input_domain]") {
    const auto model = phantomModel();
    SECTION("1 mm slices") {
        auto o = models::trainingGrid(11, kSize);
        o.sliceThicknessMm = 1.0;
        o.slices = 260;
        const auto flags = checkInputDomain(phantom::generatePhantom(o).ct, model);
        INFO(joined(flags));
        CHECK(mentions(flags, "Slices 1 mm apart"));
        CHECK_FALSE(mentions(flags, "Pixels"));
    }
    SECTION("4 mm pixels") {
        auto o = models::trainingGrid(11, kSize);
        o.columns = o.rows = kSize / 2;
        o.pixelSpacingMm *= 2;
        const auto flags = checkInputDomain(phantom::generatePhantom(o).ct, model);
        INFO(joined(flags));
        CHECK(mentions(flags, "Pixels of 4 mm are coarser"));
        CHECK_FALSE(mentions(flags, "Slices"));
    }
}

TEST_CASE("input domain: a shifted HU level is flagged as the liver-like level, and as nothing else", "[input_domain]") {
    const auto model = phantomModel();
    for (float shift : {-50.f, 45.f}) {
        auto p = render(27, 12);
        for (std::size_t i = 0; i < p.ct.data.size(); ++i)
            if (p.ct.data[i] > -900) p.ct.data.set(i, p.ct.data[i] + shift);  // tissue only, as a calibration or contrast change would
        const auto a = measureInput(p.ct, model);
        const auto flags = domainFlags(a, model.domain);
        INFO("shift " << shift << ": liver-like " << a.liverHu << "\n" << joined(flags));
        REQUIRE(flags.size() == 1);
        CHECK(mentions(flags, "Liver-like"));
    }
}

TEST_CASE("input domain: the notice says when a model knows only phantoms", "[input_domain]") {
    CHECK(modelNotice(models::phantomTrainingDomain(2)).find("synthetic phantoms only") != std::string::npos);
    CHECK(modelNotice(models::legacyTrainingDomain(2)).find("assumed, not recorded") != std::string::npos);
    models::TrainingDomain real;
    real.trainedOn = models::TrainedOn::Real;
    CHECK(modelNotice(real).empty());
    // A real-CT domain with nothing recorded checks nothing.
    const auto a = measureInput(render(3).ct, phantomModel());
    CHECK(domainFlags(a, real).empty());
}
