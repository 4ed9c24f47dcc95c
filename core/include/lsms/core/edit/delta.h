#pragma once
// Compact encoding of a label change: for every maximal run of consecutive
// changed voxels with the same (old, new) pair, four unsigned LEB128 varints:
// gap from the end of the previous run, run length, old label, new label.
// A 10 mm brush stroke is a few hundred runs, a few kilobytes.
#include "lsms/core/volume.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace lsms::edit {

class DeltaWriter {
public:
    explicit DeltaWriter(std::vector<std::uint8_t>& out) : out_(out) {}
    // Voxels must come in increasing index order.
    void add(std::size_t index, std::uint16_t oldValue, std::uint16_t newValue);
    // Writes the pending run; returns the number of voxels written in total.
    std::size_t finish();

private:
    void flush();
    std::vector<std::uint8_t>& out_;
    std::size_t end_ = 0;  // one past the last written run
    std::size_t runStart_ = 0, runLength_ = 0, total_ = 0;
    std::uint16_t old_ = 0, new_ = 0;
};

// Calls `run(start, length, oldValue, newValue)` for each run, in increasing
// index order. Throws lsms::InputError for a truncated or corrupt delta.
void forEachRun(const std::vector<std::uint8_t>& delta,
                const std::function<void(std::size_t start, std::size_t length, std::size_t oldValue, std::size_t newValue)>& run);

// Applies the delta: forward writes the new labels, backward the old ones.
// Throws lsms::InputError if the delta does not fit the volume.
void applyDelta(LabelVolume& labels, const std::vector<std::uint8_t>& delta, bool forward);

// The labels a delta takes voxels from or gives voxels to (0 included when
// the background changed), ascending; what must be measured again.
std::vector<std::uint16_t> labelsTouched(const std::vector<std::uint8_t>& delta);

}  // namespace lsms::edit
