#include "lsms/models/metrics.h"

#include "lsms/core/error.h"

#include <algorithm>
#include <map>

namespace lsms::models {

double Overlap::iou() const {
    const auto u = unionCount();
    return u == 0 ? 1.0 : double(intersection) / double(u);
}

double Overlap::dice() const {
    const auto s = predicted + target;
    return s == 0 ? 1.0 : 2.0 * double(intersection) / double(s);
}

Overlap overlap(const std::uint8_t* predicted, const std::uint8_t* target, std::size_t n) {
    Overlap o;
    for (std::size_t i = 0; i < n; ++i) {
        const bool p = predicted[i] != 0, t = target[i] != 0;
        o.predicted += p;
        o.target += t;
        o.intersection += p && t;
    }
    return o;
}

void SliceMetricAccumulator::add(const Overlap& o) {
    const double iou = o.iou();
    ++n_;
    iouSum_ += iou;
    diceSum_ += o.dice();
    interSum_ += o.intersection;
    unionSum_ += o.unionCount();
    p50_ += iou > 0.5;
    p70_ += iou > 0.7;
    p90_ += iou > 0.9;
}

SliceMetrics SliceMetricAccumulator::result() const {
    SliceMetrics m;
    m.samples = n_;
    if (n_ == 0) return m;
    const double n = double(n_);
    m.mIoU = iouSum_ / n;
    m.dice = diceSum_ / n;
    // All-empty evaluation sets have no union at all: every answer was right.
    m.oIoU = unionSum_ == 0 ? 1.0 : double(interSum_) / double(unionSum_);
    m.precisionAt50 = double(p50_) / n;
    m.precisionAt70 = double(p70_) / n;
    m.precisionAt90 = double(p90_) / n;
    return m;
}

ReferringJudgement judgeReferring(const MaskVolume& predicted, const LabelVolume& labels,
                                  const std::vector<int>& referred) {
    if (predicted.geometry.size != labels.geometry.size || predicted.data.size() != labels.data.size())
        throw InputError("prediction and labels are on different grids");
    std::vector<bool> isReferred;
    for (int id : referred) {
        if (id <= 0) throw InputError("lesion ids start at 1");
        if (std::size_t(id) >= isReferred.size()) isReferred.resize(std::size_t(id) + 1, false);
        isReferred[std::size_t(id)] = true;
    }
    auto referredLabel = [&](std::uint16_t v) { return v < isReferred.size() && isReferred[v]; };

    Overlap set;
    // Per lesion: voxels, and voxels also predicted.
    std::map<std::uint16_t, std::pair<std::int64_t, std::int64_t>> perLesion;
    for (std::size_t i = 0; i < predicted.data.size(); ++i) {
        const bool p = predicted.data[i] != 0;
        const std::uint16_t l = labels.data[i];
        const bool t = l != 0 && referredLabel(l);
        set.predicted += p;
        set.target += t;
        set.intersection += p && t;
        if (l != 0) {
            auto& e = perLesion[l];
            e.first += 1;
            e.second += p;
        }
    }
    ReferringJudgement j;
    j.dice = set.dice();
    j.predictedVoxels = set.predicted;
    bool otherHit = false;
    for (const auto& [label, counts] : perLesion) {
        if (counts.second == 0) continue;
        const double iou = double(counts.second) / double(set.predicted + counts.first - counts.second);
        j.lesionIoU.emplace_back(int(label), iou);
        if (!referredLabel(label) && iou >= 0.5) otherHit = true;
    }
    j.correct = referred.empty() ? set.predicted == 0 : set.iou() >= 0.5 && !otherHit;
    return j;
}

}  // namespace lsms::models

#include "lsms/models/json_writer.h"

namespace lsms::models {

std::string toJson(const SliceMetrics& m) {
    return json::Object()
        .add("samples", static_cast<unsigned long long>(m.samples))
        .add("mIoU", m.mIoU)
        .add("oIoU", m.oIoU)
        .add("dice", m.dice)
        .add("precision@0.5", m.precisionAt50)
        .add("precision@0.7", m.precisionAt70)
        .add("precision@0.9", m.precisionAt90)
        .str();
}

}  // namespace lsms::models
