#pragma once
// Small hand-made grids for the editing tests.
#include "lsms/core/edit/editor.h"

#include <cstdint>
#include <string>

namespace lsms::edit::test {

inline Geometry grid(std::size_t nx, std::size_t ny, std::size_t nz, Vec3 spacing = {1, 1, 1}) {
    Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = spacing;
    return g;
}

// Adds a manual segment called `name` in its own committed step.
inline std::uint16_t addSegment(Editor& editor, const std::string& name, bool locked = false,
                                Algorithm algorithm = Algorithm::Manual) {
    Edit e = editor.begin("add " + name);
    Segment s;
    s.name = name;
    s.locked = locked;
    s.algorithm = algorithm;
    const std::uint16_t label = e.addSegment(s);
    editor.commit(e);
    return label;
}

// Sets the box [lo, hi) to `label` directly (no lock checks): fixtures only.
inline void fillBox(Editor& editor, std::uint16_t label, std::array<std::size_t, 3> lo,
                    std::array<std::size_t, 3> hi) {
    Edit e = editor.begin("fixture");
    const Geometry& g = e.geometry();
    for (std::size_t k = lo[2]; k < hi[2]; ++k)
        for (std::size_t j = lo[1]; j < hi[1]; ++j)
            for (std::size_t i = lo[0]; i < hi[0]; ++i) e.set(i + g.size[0] * (j + g.size[1] * k), label);
    editor.commit(e);
}

inline std::size_t count(const SegmentList& list, std::uint16_t label) { return list.voxelCount(label); }

}  // namespace lsms::edit::test
