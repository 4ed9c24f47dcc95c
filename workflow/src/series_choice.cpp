#include "lsms/workflow/series_choice.h"

#include "lsms/core/error.h"

#include <algorithm>

namespace lsms::workflow {

namespace {

bool passes(const SeriesInfo& s, const SeriesChoice& c) {
    if (!s.problem.empty()) return false;
    if (!c.modality.empty() && s.metadata.modality != c.modality) return false;
    if (c.grid && !c.grid->sameGrid(s.geometry, c.gridTolerance)) return false;
    return true;
}

std::string replaced(std::string text, const std::string& key, const std::string& value) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
        text.replace(at, key.size(), value);
    return text;
}

}  // namespace

std::vector<const SeriesInfo*> loadableSeries(const ScanResult& scan, const SeriesChoice& choice) {
    std::vector<const SeriesInfo*> out;
    for (const auto& s : scan.series)
        if (passes(s, choice)) out.push_back(&s);
    if (!choice.preferredSeriesUid.empty())
        std::stable_partition(out.begin(), out.end(), [&](const SeriesInfo* s) {
            return s->metadata.seriesInstanceUid == choice.preferredSeriesUid;
        });
    return out;
}

std::size_t chooseSeries(const ScanResult& scan, const SeriesChoice& choice, const std::string& where) {
    const auto found = loadableSeries(scan, choice);
    if (found.empty()) throw InputError("no loadable " + choice.what + " in " + where);
    std::size_t pick = 0;
    if (choice.index) {
        if (*choice.index >= found.size())
            throw InputError("--series " + std::to_string(*choice.index) + " is out of range: " + where + " has " +
                             std::to_string(found.size()) + " loadable " + choice.what);
        pick = *choice.index;
    } else if (found.size() > 1 && !choice.firstOfSeveral) {
        throw InputError(std::to_string(found.size()) + " loadable " + choice.what + " found in " + where + "; " +
                         replaced(choice.howToChoose, "{last}", std::to_string(found.size() - 1)));
    }
    return std::size_t(found[pick] - scan.series.data());
}

}  // namespace lsms::workflow
