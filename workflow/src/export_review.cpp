#include "lsms/workflow/export_review.h"

#include <algorithm>

namespace lsms::workflow {

namespace {
constexpr std::size_t kMaxLo = 64;  // DICOM LO: at most 64 characters

// Cut at a character boundary of UTF-8, never inside a multi-byte sequence.
std::string cutLo(const std::string& s) {
    if (s.size() <= kMaxLo) return s;
    std::size_t n = kMaxLo;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}
}  // namespace

bool isUnreviewedAiSegment(const edit::Segment& segment) {
    return segment.review == edit::ReviewStatus::NotReviewed && segment.algorithm != edit::Algorithm::Manual;
}

std::vector<const edit::Segment*> unreviewedAiSegments(const std::vector<edit::Segment>& segments,
                                                       const std::vector<std::uint16_t>& labels) {
    std::vector<const edit::Segment*> out;
    for (std::uint16_t label : labels) {
        const auto it = std::find_if(segments.begin(), segments.end(), [&](const edit::Segment& s) { return s.label == label; });
        if (it != segments.end() && isUnreviewedAiSegment(*it)) out.push_back(&*it);
    }
    return out;
}

std::string segSeriesDescription(std::size_t unreviewed, std::size_t exported, const std::string& base) {
    if (unreviewed == 0) return cutLo(base);
    const std::string mark = "NOT REVIEWED: " + std::to_string(unreviewed) + " of " + std::to_string(exported) +
                             (exported == 1 ? " segment" : " segments");
    // The mark is what matters; the base gives way when both do not fit.
    if (base.empty()) return cutLo(mark);
    const std::string both = base + " (" + mark + ")";
    return both.size() <= kMaxLo ? both : cutLo(mark);
}

std::string unreviewedSegmentDescription(const std::string& description) {
    return cutLo(description.empty() ? std::string("NOT REVIEWED") : "NOT REVIEWED: " + description);
}

}  // namespace lsms::workflow
