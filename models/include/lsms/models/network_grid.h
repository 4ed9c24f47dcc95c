#pragma once
// The one way a CT reaches the network and its answer comes back: each slice
// is resampled to the model's fixed in-plane spacing with its aspect ratio
// kept, then padded with air or cropped around the body to the network's
// S x S field (never stretched), with columns and rows flipped where needed
// so that patient left lies on the image right as in training. Answers are
// mapped back onto the series' own grid by the same map. Torch-free, so
// training data, inference and tests share it.
#include "lsms/core/volume.h"

#include <array>
#include <cstddef>
#include <vector>

namespace lsms::models {

// One in-plane axis of the map: network pixel n (0..size-1) is centred on the
// CT index coordinate first + n * step, counted from the flipped end when
// `flip` is set.
struct GridAxis {
    std::size_t ctSize = 0;
    std::size_t size = 0;  // network pixels
    double first = 0;      // CT index coordinate (flipped order) of network pixel 0
    double step = 1;       // CT pixels per network pixel (network spacing / CT spacing)
    bool flip = false;
    // CT index coordinate (unflipped) of network pixel n's centre.
    double ctCoordinate(double n) const;
};

struct NetworkGrid {
    std::array<GridAxis, 2> axis;  // 0: columns, 1: rows
    double spacingMm = 0;          // network pixel spacing, both axes
    std::size_t size() const { return axis[0].size; }
    // True when the network pixels are the CT's pixels (a phantom rendered on
    // the training grid): resampling is then a copy.
    bool identity() const;
};

// The map for a CT volume. The body (voxels above -500 HU) is centred in the
// network's field; a field that fits is kept whole, one that does not is
// cropped around the body without padding. Throws InputError for an empty
// volume or a non-positive size or spacing.
NetworkGrid networkGrid(const CtVolume& ct, int size, double spacingMm);

// The network's input as a grid in patient space (size x size x the CT's
// slices): where each network pixel lies, for training data resampled to it.
Geometry networkGeometry(const NetworkGrid& grid, const Geometry& ct);

// Precomputed separable weights for one direction of the map (CT to network
// or back): a linear interpolation kernel widened to the pixel ratio when
// shrinking, so a fine grid is averaged, not point-sampled. Samples outside
// the source field contribute nothing; an output pixel with no source pixel
// takes `outside`.
class GridResampler {
public:
    enum class Direction { ToNetwork, FromNetwork };
    GridResampler(const NetworkGrid& grid, Direction direction);
    std::size_t inWidth() const { return inW_; }
    std::size_t inHeight() const { return inH_; }
    std::size_t outWidth() const { return outW_; }
    std::size_t outHeight() const { return outH_; }
    // in: inWidth x inHeight, out: outWidth x outHeight (row-major, x fastest).
    void resample(const float* in, float* out, float outside = 0.f) const;
    // Nearest source pixel (labels); 0 where no source pixel covers the output.
    void nearest(const std::uint16_t* in, std::uint16_t* out) const;

private:
    struct Taps {
        std::size_t begin = 0;  // into weights_ / index_
        std::size_t count = 0;
        long nearest = -1;  // source index, -1: outside
    };
    std::vector<Taps> taps_[2];
    std::vector<std::size_t> index_;
    std::vector<float> weights_;
    std::size_t inW_ = 0, inH_ = 0, outW_ = 0, outH_ = 0;
    void build(int a, std::size_t inN, std::size_t outN, double first, double step, bool flipIn, bool flipOut);
};

}  // namespace lsms::models
