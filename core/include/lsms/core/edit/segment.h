#pragma once
// Metadata of one editable segment. The voxels live in the SegmentList's
// label volume; a segment owns the voxels whose label equals its `label`.
#include <cstdint>
#include <string>
#include <vector>

namespace lsms::edit {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

enum class ReviewStatus { NotReviewed, Reviewed, Flagged };

// DICOM-SEG SegmentAlgorithmType: an AI segment that a person has edited is
// no longer purely automatic, and the exported SEG must say so.
enum class Algorithm { Automatic, Semiautomatic, Manual };

struct Segment {
    std::uint16_t label = 0;  // voxel value, 1..65535
    std::string name;         // defaults to the prompt for AI segments
    Rgb colour;
    bool visible = true;
    double opacity = 0.5;
    bool locked = false;
    ReviewStatus review = ReviewStatus::NotReviewed;
    Algorithm algorithm = Algorithm::Manual;
    std::string prompt;  // the AI prompt that produced it, empty for manual segments
    bool operator==(const Segment&) const = default;
};

// First colour of a fixed palette of well-separated colours that no segment in
// `existing` uses; beyond the palette, golden-angle hues.
Rgb defaultColour(const std::vector<Segment>& existing);

std::string toString(ReviewStatus s);
std::string toString(Algorithm a);
// Throw lsms::InputError on unknown text.
ReviewStatus reviewStatusFromString(const std::string& s);
Algorithm algorithmFromString(const std::string& s);

}  // namespace lsms::edit
