#include "lsms/models/nn/inference.h"

#include "lsms/core/error.h"
#include "lsms/models/component_features.h"
#include "lsms/models/edge_refinement.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/phantom_slices.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace lsms::models {

LsmsModel loadModel(const std::filesystem::path& modelFile, const std::string& device,
                    const std::filesystem::path& vocabFile) {
    LsmsModel m;
    m.device = selectDevice(device);
    m.net = loadCheckpoint(modelFile, m.device);
    m.tokenizer = std::make_shared<const WordPieceTokenizer>(WordPieceTokenizer::fromFile(vocabFile));
    if (std::int64_t(m.tokenizer->size()) != m.net->options().text.bertVocabSize)
        throw ModelError("model " + modelFile.string() + " was trained with a " +
                         std::to_string(m.net->options().text.bertVocabSize) + "-token vocabulary, but " +
                         vocabFile.string() + " has " + std::to_string(m.tokenizer->size()));
    return m;
}

SegmentResult segmentVolume(LsmsModel& model, const CtVolume& ct, const std::string& prompt,
                            const SegmentOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const auto& g = ct.geometry;
    if (g.voxelCount() == 0 || ct.data.size() != g.voxelCount()) throw InputError("empty or inconsistent CT volume");
    if (options.batch < 1) throw InputError("batch size must be at least 1");
    auto& net = model.net;
    const auto& opt = net->options();
    const std::int64_t nx = std::int64_t(g.size[0]), ny = std::int64_t(g.size[1]), nz = std::int64_t(g.size[2]);
    const std::int64_t S = opt.imageSize;

    SegmentResult r;
    // Neighbours about as far apart as in training, whatever the slice spacing.
    r.sliceOffset = std::size_t(std::max(1.0, std::round(opt.contextSpacingMm / std::max(g.spacing[2], 1e-3))));
    // The network's pixels have the spacing it was trained at, whatever the
    // series' pixel size and field; the map also flips in-plane orientations
    // other than LPS so "left lobe" keeps its meaning.
    r.grid = networkGrid(ct, int(S), opt.inputSpacingMm);
    r.flippedColumns = r.grid.axis[0].flip;
    r.flippedRows = r.grid.axis[1].flip;
    const GridResampler toNetwork(r.grid, GridResampler::Direction::ToNetwork);
    const GridResampler fromNetwork(r.grid, GridResampler::Direction::FromNetwork);

    net->eval();
    torch::NoGradGuard noGrad;
    const auto tokens = tokenizeBatch(*model.tokenizer, {prompt}, opt.text.maxLength);
    const TextFeatures text = net->encodeText(tokens.ids.to(model.device), tokens.attention.to(model.device));
    if (options.selection)
        r.selection = *options.selection;
    else if (auto logits = net->selectionLogits(text); logits.defined())
        r.selection = Selection(logits.argmax(1).item<std::int64_t>());

    r.probability = ProbabilityVolume(g, 0);
    const SliceWindow window{opt.windowLowHu, opt.windowHighHu};
    const float air = window(-1000.f);  // what lies beyond the series' field
    const std::size_t plane = g.sliceVoxels(), netPlane = std::size_t(S * S);
    const auto offset = std::int64_t(r.sliceOffset);
    std::vector<float> host;
    for (std::int64_t k0 = 0; k0 < nz; k0 += options.batch) {
        if (options.cancel && options.cancel->load()) throw Cancelled();
        const std::int64_t b = std::min<std::int64_t>(options.batch, nz - k0);
        // Each CT slice is windowed and resampled to the network's grid once;
        // the 2.5D channels (k - offset, k, k + offset, clamped as in
        // extract25D) are gathered on the device.
        const std::int64_t lo = std::max<std::int64_t>(0, k0 - offset), hi = std::min(nz - 1, k0 + b - 1 + offset);
        host.resize(std::size_t(hi - lo + 1) * netPlane);
        at::parallel_for(lo, hi + 1, 1, [&](std::int64_t from, std::int64_t to) {
            std::vector<float> windowed(plane);
            for (std::int64_t k = from; k < to; ++k) {
                windowSlice(ct, std::size_t(k), window, windowed.data());
                toNetwork.resample(windowed.data(), host.data() + std::size_t(k - lo) * netPlane, air);
            }
        });
        std::vector<std::int64_t> channels;
        for (std::int64_t k = k0; k < k0 + b; ++k)
            for (std::int64_t c : {std::max<std::int64_t>(0, k - offset), k, std::min(nz - 1, k + offset)})
                channels.push_back(c - lo);
        auto raw = torch::from_blob(host.data(), {hi - lo + 1, S, S}, torch::kFloat).to(model.device);
        auto x = raw.index_select(0, torch::tensor(channels).to(model.device)).view({b, 3, S, S});
        auto p = torch::sigmoid(net->forward(x, text).logits).to(torch::kCPU, torch::kFloat).contiguous();
        const float* pd = p.data_ptr<float>();
        at::parallel_for(0, b, 1, [&](std::int64_t from, std::int64_t to) {
            std::vector<float> back(plane);
            for (std::int64_t s = from; s < to; ++s) {
                fromNetwork.resample(pd + std::size_t(s) * netPlane, back.data(), 0.f);
                // Zeros are not written: the volume starts zeroed, and pages
                // the network leaves empty then cost no memory.
                auto* q = r.probability.slice(std::size_t(k0 + s));
                for (std::size_t i = 0; i < plane; ++i)
                    if (const auto v = std::uint8_t(std::clamp(std::lround(back[i] * 255.0f), 0L, 255L))) q[i] = v;
            }
        });
        if (options.progress && !options.progress(std::size_t(k0 + b), std::size_t(nz))) throw Cancelled();
    }
    const auto slicesDone = std::chrono::steady_clock::now();
    r.sliceSeconds = std::chrono::duration<double>(slicesDone - start).count();
    auto labelled = labelComponents(r.probability, options.consolidation.threshold, options.consolidation.growThreshold);
    std::vector<bool> candidates;
    if (auto scorer = net->scorer(); scorer && options.useScorer && !labelled.empty()) {
        auto features = describeComponents(ct, labelled);
        const auto n = std::int64_t(features.size());
        auto f = torch::from_blob(features.data(), {1, n, kComponentFeatures}, torch::kFloat).to(model.device);
        auto p = torch::sigmoid(scorer->forward(text, f)).to(torch::kCPU).contiguous();
        candidates.assign(features.size() + 1, false);
        for (std::int64_t c = 0; c < n; ++c) {
            const double score = p[0][c].item<double>();
            labelled.components[std::size_t(c)].referringScore = score;
            candidates[std::size_t(c) + 1] = score >= options.consolidation.referringThreshold;
        }
    }
    auto c = choose(labelled, g, r.selection, options.consolidation, candidates);
    r.mask = std::move(c.mask);
    r.components = std::move(c.components);
    r.kept = std::move(c.kept);
    if (options.refineEdges)
        for (int l : r.kept) {
            const auto e = refineEdge(ct, labelled, l, r.mask, options.edges);
            for (auto& comp : r.components)
                if (comp.label == l) {
                    comp.voxels = comp.voxels + e.added - e.removed;
                    comp.volumeMl = double(comp.voxels) * g.voxelVolumeMm3() / 1000.0;
                }
        }
    r.candidates = leftOut(labelled, g, r.kept, r.mask, options.consolidation);
    if (!options.keepProbability) r.probability = {};
    const auto end = std::chrono::steady_clock::now();
    r.consolidationSeconds = std::chrono::duration<double>(end - slicesDone).count();
    r.seconds = std::chrono::duration<double>(end - start).count();
    return r;
}

}  // namespace lsms::models
