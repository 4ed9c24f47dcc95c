#include "sliced_labels.h"

#include "lsms/core/edit/delta.h"
#include "lsms/core/error.h"
#include "varint.h"

#include <algorithm>

namespace lsms::edit::detail {

SlicedLabels::SlicedLabels(const LabelVolume& labels) : geometry_(labels.geometry), slices_(labels.geometry.size[2]) {
    const std::size_t plane = geometry_.size[0] * geometry_.size[1];
    for (std::size_t k = 0; k < slices_.size(); ++k) encode(k, labels.data.data() + k * plane);
}

// Runs of (length, value) over the slice; an all-background slice is empty.
void SlicedLabels::encode(std::size_t k, const std::uint16_t* in) {
    const std::size_t plane = geometry_.size[0] * geometry_.size[1];
    std::vector<std::uint8_t>& out = slices_[k];
    out.clear();
    if (std::all_of(in, in + plane, [](std::uint16_t v) { return v == 0; })) {
        out.shrink_to_fit();
        return;
    }
    for (std::size_t i = 0; i < plane;) {
        const std::uint16_t v = in[i];
        std::size_t j = i + 1;
        while (j < plane && in[j] == v) ++j;
        putVarint(out, j - i);
        putVarint(out, v);
        i = j;
    }
    out.shrink_to_fit();
}

void SlicedLabels::decode(std::size_t k, std::uint16_t* out) const {
    const std::size_t plane = geometry_.size[0] * geometry_.size[1];
    const std::vector<std::uint8_t>& in = slices_.at(k);
    if (in.empty()) {
        std::fill_n(out, plane, std::uint16_t(0));
        return;
    }
    std::size_t pos = 0, i = 0;
    while (pos < in.size()) {
        const std::size_t length = getVarint(in, pos);
        const auto value = std::uint16_t(getVarint(in, pos));
        std::fill_n(out + i, length, value);
        i += length;
    }
}

void SlicedLabels::apply(const std::vector<std::uint8_t>& delta, bool forward) {
    const std::size_t plane = geometry_.size[0] * geometry_.size[1], n = plane * geometry_.size[2];
    std::vector<std::uint16_t> scratch(plane);
    std::size_t open = SIZE_MAX;  // the slice decoded in scratch
    auto flush = [&] {
        if (open != SIZE_MAX) encode(open, scratch.data());
    };
    forEachRun(delta, [&](std::size_t start, std::size_t length, std::size_t oldValue, std::size_t newValue) {
        if (start > n || length > n - start || oldValue > 0xffff || newValue > 0xffff)
            throw InputError("label delta does not fit the volume");
        const auto v = std::uint16_t(forward ? newValue : oldValue);
        // A run may cross slice boundaries: each slice gets its part.
        for (std::size_t at = start, end = start + length; at < end;) {
            const std::size_t k = at / plane, sliceEnd = std::min(end, (k + 1) * plane);
            if (k != open) {
                flush();
                decode(k, scratch.data());
                open = k;
            }
            std::fill(scratch.begin() + std::ptrdiff_t(at - k * plane), scratch.begin() + std::ptrdiff_t(sliceEnd - k * plane), v);
            at = sliceEnd;
        }
    });
    flush();
}

std::size_t SlicedLabels::bytes() const {
    std::size_t b = 0;
    for (const auto& s : slices_) b += s.size();
    return b;
}

}  // namespace lsms::edit::detail
