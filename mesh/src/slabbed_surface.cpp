#include "lsms/mesh/slabbed_surface.h"

#include <vtkAppendPolyData.h>

#include <algorithm>
#include <stdexcept>

namespace lsms::mesh {

SlabbedSurface::SlabbedSurface(std::size_t slabSlices, int smoothingIterations)
    : slabSlices_(slabSlices), iterations_(smoothingIterations), surface_(vtkSmartPointer<vtkPolyData>::New()) {
    if (slabSlices_ < 2) throw std::invalid_argument("a slab needs at least two slices");
}

std::size_t SlabbedSurface::update(const LabelVolume& labels, std::uint16_t label, SliceSpan changed) {
    const long n = long(slabSlices_), nz = long(labels.geometry.size[2]);
    // Slab c spans slices [c*n - 1, c*n + n - 1]; the last one reaches slice nz.
    const long lastSlab = nz / n;
    long from = 0, to = lastSlab;
    if (changed.first < changed.end) {
        // Slice z lies in slab (z + 1) / n, and also in the one below when it is that slab's first.
        const long first = long(changed.first), last = long(std::min<std::size_t>(changed.end, std::size_t(nz))) - 1;
        from = std::max(0L, (first + 1) / n - ((first + 1) % n == 0 ? 1 : 0));
        to = std::min(lastSlab, (last + 1) / n);
    }
    std::size_t built = 0;
    for (long c = from; c <= to; ++c) {
        SliceSpan found;
        auto s = buildSlabSurface(labels, label, c * n - 1, c * n + n - 1, iterations_, &found);
        ++built;
        if (found.first < found.end)
            slabs_[c] = {s, found};
        else
            slabs_.erase(c);
    }
    auto append = vtkSmartPointer<vtkAppendPolyData>::New();
    for (const auto& [c, slab] : slabs_) append->AddInputData(slab.surface);
    if (slabs_.empty()) {
        surface_ = vtkSmartPointer<vtkPolyData>::New();
    } else {
        append->Update();
        surface_ = vtkSmartPointer<vtkPolyData>::New();
        surface_->ShallowCopy(append->GetOutput());
    }
    return built;
}

SliceSpan SlabbedSurface::slices() const {
    if (slabs_.empty()) return {};
    SliceSpan s{slabs_.begin()->second.found.first, 0};
    for (const auto& [c, slab] : slabs_) {
        s.first = std::min(s.first, slab.found.first);
        s.end = std::max(s.end, slab.found.end);
    }
    return s;
}

}  // namespace lsms::mesh
