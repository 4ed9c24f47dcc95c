#include "lsms/models/strict_referring.h"

#include "lsms/core/error.h"
#include "lsms/models/components.h"
#include "lsms/models/lesion_detection.h"

#include <algorithm>
#include <map>

namespace lsms::models {

double StrictJudgement::meanReferredDice() const {
    if (referredDice.empty()) return 0;
    double s = 0;
    for (const auto& [id, d] : referredDice) s += d;
    return s / double(referredDice.size());
}

StrictJudgement judgeStrict(const MaskVolume& answer, const LabelVolume& labels, const std::vector<int>& referred) {
    if (answer.geometry.size != labels.geometry.size || answer.data.size() != labels.data.size())
        throw InputError("answer and labels are on different grids");
    for (int id : referred)
        if (id <= 0) throw InputError("lesion ids start at 1");
    StrictJudgement j;
    const bool any = std::any_of(answer.data.begin(), answer.data.end(), [](auto v) { return v != 0; });
    if (referred.empty()) {
        j.correct = !any;
        return j;
    }
    // Every piece counts, however small: a speckle on a lesion is part of the answer.
    ProbabilityVolume marked(answer.geometry, 0);
    for (std::size_t i = 0; i < marked.data.size(); ++i) marked.data[i] = answer.data[i] ? 255 : 0;
    const auto detection = findLesions(labelComponents(marked, 0.5), labels, 0.0);
    std::map<int, double> iou;
    for (const auto& f : detection.lesions) iou[f.id] = f.iou;

    std::map<int, std::pair<std::int64_t, std::int64_t>> cover;  // id -> voxels, voxels in the answer
    for (std::size_t i = 0; i < labels.data.size(); ++i)
        if (const int l = labels.data[i]) {
            auto& c = cover[l];
            ++c.first;
            c.second += answer.data[i] != 0;
        }
    for (int id : referred) {
        const double u = iou.count(id) ? iou[id] : 0.0;
        j.referredDice.emplace_back(id, 2 * u / (1 + u));
        if (u < 0.5) j.missed.push_back(id);
    }
    for (const auto& [id, c] : cover)
        if (std::find(referred.begin(), referred.end(), id) == referred.end() && 2 * c.second >= c.first)
            j.taken.push_back(id);
    j.correct = j.missed.empty() && j.taken.empty();
    return j;
}

}  // namespace lsms::models
