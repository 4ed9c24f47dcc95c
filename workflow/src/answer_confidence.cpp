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

std::string confidenceSentence(double meanProbability, double lowestReferringScore) {
    if (meanProbability < 0) return {};
    // Every kept voxel passed the 0.5 threshold, so the mean lies in 0.5-1;
    // the words say so, since the probabilities are not calibrated.
    const char* reading = meanProbability >= 0.85 ? "high" : meanProbability >= 0.7 ? "moderate" : "low";
    std::string s = "Confidence " + std::string(reading) + ": mean network probability " + twoDigits(meanProbability) +
                    " over the answer's voxels (0.5–1 once thresholded; not calibrated)";
    if (lowestReferringScore >= 0)
        s += "; the word filter rated the kept lesion(s) " + twoDigits(lowestReferringScore) + " or more";
    return s + ".";
}

}  // namespace lsms::workflow
