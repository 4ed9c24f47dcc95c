#include "lsms/core/edit/delta.h"

#include "lsms/core/error.h"
#include "varint.h"

#include <algorithm>
#include <cstdint>

namespace lsms::edit {

using detail::getVarint;
using detail::putVarint;

void DeltaWriter::add(std::size_t index, std::uint16_t oldValue, std::uint16_t newValue) {
    if (runLength_ && index == runStart_ + runLength_ && oldValue == old_ && newValue == new_) {
        ++runLength_;
        return;
    }
    flush();
    runStart_ = index;
    runLength_ = 1;
    old_ = oldValue;
    new_ = newValue;
}

void DeltaWriter::flush() {
    if (!runLength_) return;
    putVarint(out_, runStart_ - end_);
    putVarint(out_, runLength_);
    putVarint(out_, old_);
    putVarint(out_, new_);
    end_ = runStart_ + runLength_;
    total_ += runLength_;
    runLength_ = 0;
}

std::size_t DeltaWriter::finish() {
    flush();
    return total_;
}

void forEachRun(const std::vector<std::uint8_t>& delta,
                const std::function<void(std::size_t, std::size_t, std::size_t, std::size_t)>& run) {
    std::size_t pos = 0, end = 0;
    while (pos < delta.size()) {
        const std::size_t gap = getVarint(delta, pos);
        const std::size_t length = getVarint(delta, pos);
        const std::size_t oldValue = getVarint(delta, pos);
        const std::size_t newValue = getVarint(delta, pos);
        if (gap > SIZE_MAX - end || length > SIZE_MAX - (end + gap)) throw InputError("corrupt label delta");
        const std::size_t start = end + gap;
        run(start, length, oldValue, newValue);
        end = start + length;
    }
}

void applyDelta(LabelVolume& labels, const std::vector<std::uint8_t>& delta, bool forward) {
    const std::size_t n = labels.data.size();
    forEachRun(delta, [&](std::size_t start, std::size_t length, std::size_t oldValue, std::size_t newValue) {
        if (start > n || length > n - start || oldValue > 0xffff || newValue > 0xffff)
            throw InputError("label delta does not fit the volume");
        const std::uint16_t v = std::uint16_t(forward ? newValue : oldValue);
        std::fill_n(labels.data.begin() + std::ptrdiff_t(start), length, v);
    });
}

std::vector<std::uint16_t> labelsTouched(const std::vector<std::uint8_t>& delta) {
    std::vector<bool> seen(65536, false);
    std::size_t pos = 0;
    while (pos < delta.size()) {
        getVarint(delta, pos);  // gap
        getVarint(delta, pos);  // length
        for (int side = 0; side < 2; ++side) {
            const std::size_t v = getVarint(delta, pos);
            if (v > 0xffff) throw InputError("label delta does not fit the volume");
            seen[v] = true;
        }
    }
    std::vector<std::uint16_t> out;
    for (std::size_t v = 0; v < seen.size(); ++v)
        if (seen[v]) out.push_back(std::uint16_t(v));
    return out;
}

}  // namespace lsms::edit
