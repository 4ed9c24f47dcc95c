#pragma once
// The CT of a study in Hounsfield units (rescaled values for other modalities).
// Scanners write CT as whole numbers in 16 bits, so the voxels are kept as
// int16 whenever every value is a whole number in its range: half the memory of
// float, exact. A series with fractional or larger values (a fractional rescale
// slope, 32-bit or float pixels) keeps float. Readers go through `data[i]`,
// `at()` or `sliceHu()` and never depend on which storage a volume has.
#include "lsms/core/voxels.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <vector>

namespace lsms {

// A value int16 storage holds exactly.
inline bool fitsInt16(float v) {
    return v >= float(std::numeric_limits<std::int16_t>::min()) && v <= float(std::numeric_limits<std::int16_t>::max()) &&
           float(std::int16_t(v)) == v;
}

// Copies `n` values to int16 while every one fits exactly; returns false at the
// first that does not (what was copied before it is left in `out`).
bool narrowToInt16(const float* in, std::size_t n, std::int16_t* out);

// The voxels, read as float whatever their storage.
class HuValues {
public:
    using Int16Buffer = Volume<std::int16_t>::Buffer;
    using FloatBuffer = Volume<float>::Buffer;
    enum class Storage : std::uint8_t { Int16, Float };

    HuValues() = default;
    HuValues(std::size_t n, Storage storage);          // uninitialised
    HuValues(std::size_t n, float fill);               // float storage
    explicit HuValues(FloatBuffer values) : float_(std::move(values)) {}

    float operator[](std::size_t i) const { return int16_ ? float(short_[i]) : float_[i]; }

    // Reads the values in order as float, for the standard algorithms.
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = float;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = float;
        const_iterator() = default;
        const_iterator(const HuValues* v, std::size_t i) : v_(v), i_(i) {}
        float operator*() const { return (*v_)[i_]; }
        const_iterator& operator++() { return ++i_, *this; }
        const_iterator operator++(int) { const_iterator t = *this; ++i_; return t; }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
    private:
        const HuValues* v_ = nullptr;
        std::size_t i_ = 0;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }
    std::size_t size() const { return int16_ ? short_.size() : float_.size(); }
    bool empty() const { return size() == 0; }
    Storage storage() const { return int16_ ? Storage::Int16 : Storage::Float; }
    bool isInt16() const { return int16_; }
    std::size_t bytes() const { return int16_ ? short_.size() * sizeof(std::int16_t) : float_.size() * sizeof(float); }

    // Direct access for code that fills or scans the whole buffer: null for the other storage.
    const std::int16_t* int16Data() const { return int16_ ? short_.data() : nullptr; }
    std::int16_t* int16Data() { return int16_ ? short_.data() : nullptr; }
    const float* floatData() const { return int16_ ? nullptr : float_.data(); }
    float* floatData() { return int16_ ? nullptr : float_.data(); }
    // The float buffer of a float volume; throws std::logic_error on int16 storage (a programming error).
    FloatBuffer& floatBuffer();

    // Writes one value; a value int16 cannot hold exactly turns the storage to float.
    void set(std::size_t i, float v);
    void fill(float v);
    void copyTo(std::size_t first, std::size_t count, float* out) const;
    // Float storage becomes int16 when every value fits it exactly; returns whether it did.
    bool compact();
    void toFloat();

    // Equal values, whatever the storage of each side.
    friend bool operator==(const HuValues& a, const HuValues& b);

private:
    bool int16_ = false;
    Int16Buffer short_;
    FloatBuffer float_;
};

struct CtVolume {
    using Storage = HuValues::Storage;
    Geometry geometry;
    HuValues data;

    CtVolume() = default;
    // Float storage, for volumes built value by value; compact() narrows them.
    explicit CtVolume(const Geometry& g, float fill = 0.f) : geometry(g), data(g.voxelCount(), fill) {}
    CtVolume(const Geometry& g, Uninitialized, Storage storage = Storage::Float)
        : geometry(g), data(g.voxelCount(), storage) {}
    explicit CtVolume(Volume<float>&& v) : geometry(v.geometry), data(std::move(v.data)) {}

    std::size_t index(std::size_t i, std::size_t j, std::size_t k) const {
        return i + geometry.size[0] * (j + geometry.size[1] * k);
    }
    float at(std::size_t i, std::size_t j, std::size_t k) const { return data[index(i, j, k)]; }
    void set(std::size_t i, std::size_t j, std::size_t k, float v) { data.set(index(i, j, k), v); }
    void fill(float v) { data.fill(v); }

    // Slice k as floats: the volume's own memory when it stores float, else
    // converted into `scratch` (resized as needed).
    const float* sliceHu(std::size_t k, std::vector<float>& scratch) const;
    // Slice k of a float volume, to write; throws std::logic_error on int16 storage (a programming error).
    float* floatSlice(std::size_t k);
    // Slices [first, first + count) as a volume of their own, in the same storage.
    CtVolume slab(std::size_t first, std::size_t count) const;
    bool compact() { return data.compact(); }
    Volume<float> toFloatVolume() const;
};

}  // namespace lsms
