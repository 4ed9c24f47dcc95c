#pragma once
// How sure the model was of an answer, as the sentence both front ends add
// to the answer message. The numbers come from models::SegmentationAnswer.
#include <string>

namespace lsms::workflow {

// meanProbability: the network's mean probability over the answer's voxels
// (-1: nothing kept, which yields an empty sentence); lowestReferringScore:
// the referring scorer's lowest rating of a kept lesion (-1: not used);
// unlikeTrainingData: the series raised domain flags (input_domain.h), and
// the sentence then gives the numbers without calling them high or low.
std::string confidenceSentence(double meanProbability, double lowestReferringScore, bool unlikeTrainingData);

}  // namespace lsms::workflow
