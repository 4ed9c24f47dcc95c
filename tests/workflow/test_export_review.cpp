// Which segments an export must call unreviewed, and how the DICOM-SEG says
// it (lsms/workflow/export_review.h).
#include "lsms/workflow/export_review.h"

#include <catch2/catch.hpp>

using namespace lsms;
using edit::Algorithm;
using edit::ReviewStatus;

namespace {
edit::Segment segment(std::uint16_t label, Algorithm algorithm, ReviewStatus review) {
    edit::Segment s;
    s.label = label;
    s.name = "segment " + std::to_string(label);
    s.algorithm = algorithm;
    s.review = review;
    return s;
}
}  // namespace

TEST_CASE("unreviewed AI segments are those made by an algorithm and not yet reviewed", "[workflow][review]") {
    const std::vector<edit::Segment> all = {
        segment(1, Algorithm::Automatic, ReviewStatus::NotReviewed),
        segment(2, Algorithm::Automatic, ReviewStatus::Reviewed),
        segment(3, Algorithm::Manual, ReviewStatus::NotReviewed),  // drawn by hand: the author's own reading
        segment(4, Algorithm::Semiautomatic, ReviewStatus::NotReviewed),
        segment(5, Algorithm::Automatic, ReviewStatus::Flagged),
        segment(6, Algorithm::Automatic, ReviewStatus::NotReviewed),
    };
    // Only the exported labels count, in the order asked for.
    const auto found = workflow::unreviewedAiSegments(all, {6, 1, 2, 3, 4, 5});
    REQUIRE(found.size() == 3);
    CHECK(found[0]->label == 6);
    CHECK(found[1]->label == 1);
    CHECK(found[2]->label == 4);
    CHECK(workflow::unreviewedAiSegments(all, {2, 3, 5}).empty());
    CHECK(workflow::unreviewedAiSegments(all, {99}).empty());  // an unknown label is no segment
    CHECK(workflow::isUnreviewedAiSegment(all[0]));
    CHECK_FALSE(workflow::isUnreviewedAiSegment(all[2]));
}

TEST_CASE("the SEG series description says how many segments are not reviewed", "[workflow][review]") {
    const std::string base = SegExportOptions{}.seriesDescription;
    CHECK(workflow::segSeriesDescription(0, 3) == base);
    const std::string two = workflow::segSeriesDescription(2, 3);
    CHECK(two == base + " (NOT REVIEWED: 2 of 3 segments)");
    CHECK(two.size() <= 64);
    CHECK(workflow::segSeriesDescription(1, 1, "") == "NOT REVIEWED: 1 of 1 segment");
    // A base too long to share the 64 characters gives way to the mark.
    const std::string longBase(60, 'x');
    CHECK(workflow::segSeriesDescription(1, 2, longBase) == "NOT REVIEWED: 1 of 2 segments");
    CHECK(workflow::segSeriesDescription(0, 2, std::string(80, 'y')).size() == 64);
}

TEST_CASE("an unreviewed segment's description starts with NOT REVIEWED and fits DICOM LO", "[workflow][review]") {
    CHECK(workflow::unreviewedSegmentDescription("the largest lesion") == "NOT REVIEWED: the largest lesion");
    CHECK(workflow::unreviewedSegmentDescription("") == "NOT REVIEWED");
    // 2-byte UTF-8 characters: the cut never splits one.
    std::string prompt;
    for (int i = 0; i < 40; ++i) prompt += "\xC3\xA9";  // é
    const std::string cut = workflow::unreviewedSegmentDescription(prompt);
    CHECK(cut.size() <= 64);
    CHECK(cut.rfind("NOT REVIEWED: ", 0) == 0);
    CHECK((cut.size() - 14) % 2 == 0);
    CHECK((static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80);  // ends on a whole é
}
