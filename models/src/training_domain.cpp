#include "lsms/models/training_domain.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <sstream>

namespace lsms::models {

std::string toString(TrainedOn t) {
    switch (t) {
        case TrainedOn::Unknown: return "unknown";
        case TrainedOn::Phantoms: return "phantoms";
        case TrainedOn::Real: return "real";
        case TrainedOn::Mixed: return "mixed";
    }
    return "unknown";
}

TrainedOn trainedOnFromString(const std::string& s) {
    for (auto t : {TrainedOn::Unknown, TrainedOn::Phantoms, TrainedOn::Real, TrainedOn::Mixed})
        if (toString(t) == s) return t;
    throw ModelError("model configuration: bad value '" + s + "' for domain.trained_on (phantoms, real, mixed or unknown)");
}

ValueRange ValueRange::hull(const ValueRange& a, const ValueRange& b) {
    if (!a.known()) return b;
    if (!b.known()) return a;
    return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)};
}

namespace {

// Each range is one key, "lo,hi"; an unrecorded range is left out.
const char* const kRangeKeys[] = {"domain.pixel_spacing_mm", "domain.slice_spacing_mm", "domain.liver_hu",
                                  "domain.noise_hu"};

ValueRange& rangeFor(TrainingDomain& d, const std::string& key) {
    if (key == kRangeKeys[0]) return d.pixelSpacingMm;
    if (key == kRangeKeys[1]) return d.sliceSpacingMm;
    if (key == kRangeKeys[2]) return d.liverHu;
    return d.noiseHu;
}

// 15 digits: a range reads back as written ("0.6", not 0.59999999999999998).
std::string number(double v) {
    std::ostringstream os;
    os.precision(15);
    os << v;
    return os.str();
}

}  // namespace

bool isTrainingDomainKey(const std::string& key) {
    return key == "domain.trained_on" || std::find(std::begin(kRangeKeys), std::end(kRangeKeys), key) != std::end(kRangeKeys);
}

std::map<std::string, std::string> TrainingDomain::toKeys() const {
    std::map<std::string, std::string> keys;
    keys["domain.trained_on"] = toString(trainedOn);
    for (const char* key : kRangeKeys) {
        const ValueRange& r = rangeFor(const_cast<TrainingDomain&>(*this), key);
        if (r.known()) keys[key] = number(r.lo) + "," + number(r.hi);
    }
    return keys;
}

void TrainingDomain::setKey(const std::string& key, const std::string& value) {
    if (key == "domain.trained_on") {
        trainedOn = trainedOnFromString(value);
        return;
    }
    if (!isTrainingDomainKey(key)) throw ModelError("model configuration: unknown key '" + key + "'");
    const auto bad = [&] { return ModelError("model configuration: bad value '" + value + "' for " + key + " (lo,hi)"); };
    const auto comma = value.find(',');
    if (comma == std::string::npos) throw bad();
    double lo = 0, hi = 0;
    try {
        std::size_t a = 0, b = 0;
        const std::string first = value.substr(0, comma), second = value.substr(comma + 1);
        lo = std::stod(first, &a);
        hi = std::stod(second, &b);
        if (a != first.size() || b != second.size()) throw bad();
    } catch (const std::exception&) {
        throw bad();
    }
    if (!(lo <= hi)) throw bad();
    rangeFor(*this, key) = {lo, hi};
}

TrainingDomain phantomTrainingDomain(double inputSpacingMm) {
    TrainingDomain d;
    d.trainedOn = TrainedOn::Phantoms;
    // Pixels: training phantoms are rendered on the network's own grid
    // (phantom_slices.cpp trainingGrid: 384 mm over imageSize pixels), and at
    // inference every series is resampled to it, a finer one averaged down
    // (network_grid.h GridResampler). So any pixel from the finest the
    // phantom generator draws (core/src/phantom.cpp chooseGrid: 0.6-0.9 mm,
    // the grids the viewer's phantom studies use) to the training pixel
    // reaches the network as pixels it knows; a coarser one would be
    // interpolated up, blurrier than anything it saw.
    d.pixelSpacingMm = {std::min(0.6, inputSpacingMm), std::max(0.6, inputSpacingMm)};
    // Slices are not resampled: the 2.5D input stacks the series' own slices,
    // and trainingGrid draws their spacing uniformly in 2.5-5 mm.
    d.sliceSpacingMm = {2.5, 5.0};
    // Generation 1 has one portal-venous appearance: the liver drawn
    // uniformly in 95-115 HU (core/src/phantom_anatomy.cpp, Anatomy::Anatomy,
    // t_.liver), homogeneous apart from its vessels.
    d.liverHu = {95, 115};
    // generatePhantom (core/src/phantom.cpp) adds noise of SD 8-18 HU
    // (drawnNoise), on the training grid itself, so that is its SD at the
    // network's input.
    d.noiseHu = {8, 18};
    return d;
}

TrainingDomain legacyTrainingDomain(double inputSpacingMm) {
    TrainingDomain d = phantomTrainingDomain(inputSpacingMm);
    d.assumed = true;
    return d;
}

TrainingDomain combine(const TrainingDomain& first, const TrainingDomain& then) {
    TrainingDomain d;
    if (first.trainedOn == TrainedOn::Unknown || then.trainedOn == TrainedOn::Unknown)
        d.trainedOn = TrainedOn::Unknown;
    else
        d.trainedOn = first.trainedOn == then.trainedOn ? first.trainedOn : TrainedOn::Mixed;
    d.pixelSpacingMm = ValueRange::hull(first.pixelSpacingMm, then.pixelSpacingMm);
    d.sliceSpacingMm = ValueRange::hull(first.sliceSpacingMm, then.sliceSpacingMm);
    d.liverHu = ValueRange::hull(first.liverHu, then.liverHu);
    d.noiseHu = ValueRange::hull(first.noiseHu, then.noiseHu);
    d.assumed = first.assumed || then.assumed;
    return d;
}

}  // namespace lsms::models
