#pragma once
// RECIST long and short axes as a reader reports them: as measured on the
// segment (measurements.h), or with end points the reader has dragged, which
// then count as edited. The axes lie on one axial slice.
#include "lsms/core/edit/measurements.h"

#include <array>

namespace lsms::edit {

struct RecistAxes {
    std::array<Vec3, 2> longAxis{};   // continuous voxel indices, k = slice
    std::array<Vec3, 2> shortAxis{};
    std::size_t slice = 0;
    double longMm = 0, shortMm = 0;
    AxisOutline outline = AxisOutline::None;  // of the measurement they started from
    bool edited = false;
    bool empty() const { return outline == AxisOutline::None; }
};

enum class AxisEnd { LongA, LongB, ShortA, ShortB };

RecistAxes recistAxes(const SegmentMeasurements& m);

// Distance in mm between two continuous voxel indices.
double distanceMm(const Geometry& g, const Vec3& a, const Vec3& b);

// Moves one end point to `to`, kept on the axes' slice and inside the volume,
// re-measures both lengths in mm and marks the axes edited. The other end
// points stay where they are. Throws lsms::InputError for empty axes.
void moveAxisEnd(RecistAxes& axes, const Geometry& g, AxisEnd end, const Vec3& to);

}  // namespace lsms::edit
