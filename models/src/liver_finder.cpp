#include "lsms/models/liver_finder.h"

#include "lsms/core/error.h"
#include "lsms/models/components.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/fine_trainer.h"
#include "lsms/models/paths.h"
#include "lsms/models/tokenizer.h"
#include "torch_boundary.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace lsms::models {

namespace {

// Mirrors columns and/or rows of each slice in place (its own inverse).
template <class T>
void flipInPlane(T* data, const Geometry& g, bool columns, bool rows) {
    const std::size_t nx = g.size[0], ny = g.size[1];
    for (std::size_t k = 0; k < g.size[2]; ++k) {
        T* s = data + k * nx * ny;
        if (columns)
            for (std::size_t j = 0; j < ny; ++j) std::reverse(s + j * nx, s + (j + 1) * nx);
        if (rows)
            for (std::size_t j = 0; j < ny / 2; ++j) std::swap_ranges(s + j * nx, s + (j + 1) * nx, s + (ny - 1 - j) * nx);
    }
}

template <class T>
void flipInPlane(Volume<T>& v, bool columns, bool rows) {
    flipInPlane(v.data.data(), v.geometry, columns, rows);
}

void flipInPlane(CtVolume& v, bool columns, bool rows) {
    if (std::int16_t* s = v.data.int16Data())
        flipInPlane(s, v.geometry, columns, rows);
    else
        flipInPlane(v.data.floatData(), v.geometry, columns, rows);
}

// Background of each axial slice not reachable from the slice's border
// (4-connected) becomes foreground.
void fillSliceHoles(MaskVolume& m) {
    const auto& g = m.geometry;
    const long nx = long(g.size[0]), ny = long(g.size[1]);
    std::vector<std::uint8_t> outside(std::size_t(nx * ny));
    std::vector<long> stack;
    for (std::size_t k = 0; k < g.size[2]; ++k) {
        std::uint8_t* s = m.data.data() + k * std::size_t(nx * ny);
        if (std::none_of(s, s + nx * ny, [](std::uint8_t v) { return v != 0; })) continue;
        std::fill(outside.begin(), outside.end(), 0);
        stack.clear();
        auto seed = [&](long n) {
            if (!s[n] && !outside[std::size_t(n)]) {
                outside[std::size_t(n)] = 1;
                stack.push_back(n);
            }
        };
        for (long i = 0; i < nx; ++i) seed(i), seed((ny - 1) * nx + i);
        for (long j = 0; j < ny; ++j) seed(j * nx), seed(j * nx + nx - 1);
        while (!stack.empty()) {
            const long n = stack.back();
            stack.pop_back();
            const long i = n % nx, j = n / nx;
            if (i > 0) seed(n - 1);
            if (i + 1 < nx) seed(n + 1);
            if (j > 0) seed(n - nx);
            if (j + 1 < ny) seed(n + nx);
        }
        for (long n = 0; n < nx * ny; ++n)
            if (!outside[std::size_t(n)]) s[n] = 1;
    }
}

}  // namespace

struct LiverFinder::Impl {
    LsmsNet net{nullptr};
    torch::Device device = torch::kCPU;
    // The pass reads no words, but the network's forward takes encoded text.
    WordPieceTokenizer tokenizer = WordPieceTokenizer::fromFile(defaultVocabPath());
};

LiverFinder::LiverFinder(const std::filesystem::path& modelFile, const std::string& device) {
    auto impl = std::make_unique<Impl>();
    torchBoundary("loading the liver model", [&] {
        impl->device = selectDevice(device);
        impl->net = loadCheckpoint(modelFile, impl->device);
    });
    if (impl->net->options().useLanguage)
        throw ModelError(modelFile.string() + " reads words: it is not a liver (coarse) pass");
    impl_ = std::move(impl);
}

LiverFinder::~LiverFinder() = default;
LiverFinder::LiverFinder(LiverFinder&&) noexcept = default;
LiverFinder& LiverFinder::operator=(LiverFinder&&) noexcept = default;

std::string LiverFinder::deviceName() const { return impl_->device.str(); }

LiverAnswer LiverFinder::find(const CtVolume& ct, const LiverOptions& options) const {
    const auto start = std::chrono::steady_clock::now();
    const auto& g = ct.geometry;
    if (g.voxelCount() == 0 || ct.data.size() != g.voxelCount()) throw InputError("empty or inconsistent CT volume");
    if (!(g.spacing[0] > 0) || !(g.spacing[1] > 0) || !(g.spacing[2] > 0))
        throw InputError("the CT's voxel spacing must be positive");
    // The network was trained with the patient's left on the image's right
    // and anterior at the top (LPS columns and rows), as networkGrid() maps.
    const bool flipColumns = g.direction[0][0] < 0, flipRows = g.direction[1][1] < 0;
    const CtVolume* input = &ct;
    CtVolume flipped;
    if (flipColumns || flipRows) {
        flipped = ct;
        flipInPlane(flipped, flipColumns, flipRows);
        input = &flipped;
    }
    const long lo[3] = {0, 0, 0}, hi[3] = {long(g.size[0]) - 1, long(g.size[1]) - 1, long(g.size[2]) - 1};
    ProbabilityVolume prob = torchBoundary("finding the liver", [&] { return finePass(impl_->net, impl_->tokenizer, *input, lo, hi, "liver", impl_->device, options.batch,
                                      options.progress); });
    flipped = CtVolume();
    if (flipColumns || flipRows) flipInPlane(prob, flipColumns, flipRows);

    LiverAnswer a;
    ConsolidationOptions co;
    co.minVolumeMl = 50;  // a liver is a litre or more; smaller pieces are not it
    a.mask = consolidate(prob, Selection::One, co).mask;
    fillSliceHoles(a.mask);
    std::size_t voxels = 0;
    bool first = false, last = false;
    const std::size_t sv = g.sliceVoxels();
    for (std::size_t n = 0; n < a.mask.data.size(); ++n) {
        if (!a.mask.data[n]) continue;
        ++voxels;
        first |= n < sv;
        last |= n >= a.mask.data.size() - sv;
    }
    a.volumeMl = double(voxels) * g.voxelVolumeMm3() / 1000.0;
    a.reachesSeriesEnd = first || last;
    if (voxels == 0) a.notes.push_back("No liver was found in this series.");
    else if (a.reachesSeriesEnd)
        a.notes.push_back("The liver reaches the first or last slice: the series may not hold all of it, so its volume is a lower bound.");
    a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return a;
}

}  // namespace lsms::models
