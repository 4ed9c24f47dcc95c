#pragma once
// Which of a case's lesions the network finds at all, whatever the words:
// the 3D components of its thresholded probability (for the prompt "all
// lesions", see evaluation.h) matched to the ground-truth lesions. It tells a
// detection limit (a lesion not marked, or marked far too little) from a
// choice gone wrong (a lesion marked, then dropped or passed over for
// another). Not a strict ceiling: the network's output depends on the
// sentence, so another prompt can mark a lesion "all lesions" missed.
#include "lsms/core/volume.h"
#include "lsms/models/components.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lsms::models {

struct LesionFinding {
    int id = 0;
    double diameterMm = 0;       // longest axial diameter of the label (RECIST)
    std::int64_t voxels = 0;
    double iou = 0;              // the lesion vs the union of the components touching it
    // The network's confidence in it: the highest mean probability of the
    // components touching it (0: untouched).
    double score = 0;
    bool touched() const { return iou > 0; }
    bool found() const { return iou >= 0.5; }  // the referring judgement's IoU bar
};

struct CaseDetection {
    std::vector<LesionFinding> lesions;  // by id
    int components = 0;                  // of at least minVolumeMl
    int falseComponents = 0;             // of those, touching no lesion
    std::vector<double> falseScores;     // their mean probabilities
};

// Components smaller than minVolumeMl are ignored, as the answer ignores
// them (ConsolidationOptions::minVolumeMl). Throws InputError if the grids
// differ.
CaseDetection findLesions(const LabelledComponents& found, const LabelVolume& truth, double minVolumeMl);

struct DetectionBin {
    std::string range;  // of the longest axial diameter, e.g. "10-20 mm"
    int lesions = 0, touched = 0, found = 0;
};

// One point of the FROC curve: the share of lesions found when only pieces
// of at least some confidence are kept, the most that keeps false pieces
// per volume at or below `falsePerVolume`.
struct FrocPoint {
    double falsePerVolume = 0;
    double sensitivity = 0;
};

struct DetectionReport {
    int cases = 0, lesions = 0, touched = 0, found = 0;
    int components = 0, falseComponents = 0;
    std::vector<DetectionBin> byDiameter;  // < 10, 10-20, 20-40, >= 40 mm
    std::vector<FrocPoint> froc;           // at 0.5, 1 and 2 false pieces per volume
};

class DetectionAccumulator {
public:
    DetectionAccumulator();
    void add(const CaseDetection& c);
    const DetectionReport& result() const { return r_; }

private:
    DetectionReport r_;
    std::vector<double> foundScores_, falseScores_;
};

// {"cases":..,"lesions":..,"touched":..,"found":..,"components":..,"false_components":..,"by_diameter":[...]}
std::string toJson(const DetectionReport& r);

}  // namespace lsms::models
