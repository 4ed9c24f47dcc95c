#include "lsms/core/ct_volume.h"

#include <algorithm>
#include <stdexcept>

namespace lsms {

bool narrowToInt16(const float* in, std::size_t n, std::int16_t* out) {
    for (std::size_t i = 0; i < n; ++i) {
        if (!fitsInt16(in[i])) return false;
        out[i] = std::int16_t(in[i]);
    }
    return true;
}

HuValues::HuValues(std::size_t n, Storage storage) : int16_(storage == Storage::Int16) {
    if (int16_)
        short_.resize(n);
    else
        float_.resize(n);
}

HuValues::HuValues(std::size_t n, float fill) : float_(n, fill) {}

HuValues::FloatBuffer& HuValues::floatBuffer() {
    if (int16_) throw std::logic_error("the CT is stored as int16; its float buffer was asked for");
    return float_;
}

void HuValues::set(std::size_t i, float v) {
    if (int16_ && !fitsInt16(v)) toFloat();
    if (int16_)
        short_[i] = std::int16_t(v);
    else
        float_[i] = v;
}

void HuValues::fill(float v) {
    if (int16_ && !fitsInt16(v)) toFloat();
    if (int16_)
        std::fill(short_.begin(), short_.end(), std::int16_t(v));
    else
        std::fill(float_.begin(), float_.end(), v);
}

void HuValues::copyTo(std::size_t first, std::size_t count, float* out) const {
    if (int16_)
        std::copy_n(short_.begin() + std::ptrdiff_t(first), count, out);
    else
        std::copy_n(float_.begin() + std::ptrdiff_t(first), count, out);
}

bool HuValues::compact() {
    if (int16_) return true;
    Int16Buffer s(float_.size());
    if (!narrowToInt16(float_.data(), float_.size(), s.data())) return false;
    FloatBuffer().swap(float_);
    short_ = std::move(s);
    int16_ = true;
    return true;
}

void HuValues::toFloat() {
    if (!int16_) return;
    FloatBuffer f(short_.size());
    std::copy(short_.begin(), short_.end(), f.begin());
    Int16Buffer().swap(short_);
    float_ = std::move(f);
    int16_ = false;
}

bool operator==(const HuValues& a, const HuValues& b) {
    if (a.size() != b.size()) return false;
    if (a.int16_ && b.int16_) return a.short_ == b.short_;
    if (!a.int16_ && !b.int16_) return a.float_ == b.float_;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

const float* CtVolume::sliceHu(std::size_t k, std::vector<float>& scratch) const {
    const std::size_t n = geometry.sliceVoxels();
    if (const float* f = data.floatData()) return f + k * n;
    scratch.resize(n);
    data.copyTo(k * n, n, scratch.data());
    return scratch.data();
}

float* CtVolume::floatSlice(std::size_t k) {
    return data.floatBuffer().data() + k * geometry.sliceVoxels();
}

CtVolume CtVolume::slab(std::size_t first, std::size_t count) const {
    if (first + count > geometry.size[2]) throw std::logic_error("slab beyond the volume's slices");
    Geometry g = geometry;
    g.size[2] = count;
    g.origin = geometry.indexToWorld({0, 0, double(first)});
    CtVolume out(g, Uninitialized{}, data.storage());
    const std::size_t n = geometry.sliceVoxels();
    if (const std::int16_t* s = data.int16Data())
        std::copy_n(s + first * n, count * n, out.data.int16Data());
    else
        std::copy_n(data.floatData() + first * n, count * n, out.data.floatData());
    return out;
}

Volume<float> CtVolume::toFloatVolume() const {
    Volume<float> v(geometry, Uninitialized{});
    data.copyTo(0, data.size(), v.data.data());
    return v;
}

}  // namespace lsms
