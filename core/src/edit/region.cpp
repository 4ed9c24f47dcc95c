#include "lsms/core/edit/region.h"

#include <algorithm>

namespace lsms::edit {

Box boundingBox(const LabelVolume& labels, std::uint16_t label) {
    const auto& s = labels.geometry.size;
    Box b{{s[0], s[1], s[2]}, {0, 0, 0}};
    const std::uint16_t* p = labels.data.data();
    for (std::size_t k = 0; k < s[2]; ++k)
        for (std::size_t j = 0; j < s[1]; ++j, p += s[0]) {
            const std::uint16_t* first = std::find(p, p + s[0], label);
            if (first == p + s[0]) continue;
            const std::size_t i0 = std::size_t(first - p);
            std::size_t i1 = s[0];
            while (p[i1 - 1] != label) --i1;
            b.lo = {std::min(b.lo[0], i0), std::min(b.lo[1], j), std::min(b.lo[2], k)};
            b.hi = {std::max(b.hi[0], i1), std::max(b.hi[1], j + 1), std::max(b.hi[2], k + 1)};
        }
    if (b.empty()) return Box{};
    return b;
}

Box grown(const Box& box, const std::array<std::size_t, 3>& margin, const Geometry& g) {
    Box r;
    for (int a = 0; a < 3; ++a) {
        r.lo[a] = box.lo[a] > margin[a] ? box.lo[a] - margin[a] : 0;
        r.hi[a] = std::min(g.size[a], box.hi[a] + margin[a]);
    }
    return r;
}

}  // namespace lsms::edit
