#pragma once
// A label volume kept run-length encoded slice by slice, for the autosave
// writer's own copy: an empty slice costs nothing and a slice with a few
// lesions a few hundred bytes, where a plain copy would hold two bytes for
// every voxel (150 MB at 512x512x300). Deltas are applied slice by slice;
// the session is written from one decoded slice at a time.
#include "lsms/core/volume.h"

#include <cstdint>
#include <vector>

namespace lsms::edit::detail {

class SlicedLabels {
public:
    explicit SlicedLabels(const LabelVolume& labels);
    const Geometry& geometry() const { return geometry_; }
    // As applyDelta on a plain volume; throws InputError if it does not fit.
    void apply(const std::vector<std::uint8_t>& delta, bool forward);
    // Slice k decoded into `out` (size[0] * size[1] values).
    void decode(std::size_t k, std::uint16_t* out) const;
    std::size_t bytes() const;  // the encoded slices' size

private:
    void encode(std::size_t k, const std::uint16_t* in);
    Geometry geometry_;
    std::vector<std::vector<std::uint8_t>> slices_;  // empty: all background
};

}  // namespace lsms::edit::detail
