#include "lsms/workflow/answer_confidence.h"

#include <cmath>
#include <string>

namespace lsms::workflow {

namespace {
std::string twoDigits(double v) {
    const long h = std::lround(v * 100);
    return std::to_string(h / 100) + "." + (h % 100 < 10 ? "0" : "") + std::to_string(h % 100);
}
}  // namespace

std::string confidenceSentence(double meanProbability, double lowestReferringScore, bool unlikeTrainingData) {
    if (meanProbability < 0) return {};
    // Every kept voxel passed the 0.5 threshold, so the mean lies in 0.5-1;
    // the words say so, since the probabilities are not calibrated.
    const std::string numbers = "mean network probability " + twoDigits(meanProbability) +
                                " over the answer's voxels (0.5–1 once thresholded; not calibrated)" +
                                (lowestReferringScore >= 0
                                     ? "; the word filter's lowest rating of a kept lesion " + twoDigits(lowestReferringScore)
                                     : std::string());
    // Off its training data a network is often sure and wrong (a phantom
    // model marked normal liver on real CT at 0.96): no reading is given.
    if (unlikeTrainingData)
        return "Confidence unknown: " + numbers + ", but this series is unlike the training data (see the notice), " +
               "where these numbers say little about whether the answer is right.";
    const char* reading = meanProbability >= 0.85 ? "high" : meanProbability >= 0.7 ? "moderate" : "low";
    return "Confidence " + std::string(reading) + ": " + numbers + ".";
}

}  // namespace lsms::workflow
