// lsms bench model: size, analytic FLOPs, latency per slice (batch 1 and
// batched), whole-volume time on a 512x512x200 phantom and peak memory.
// --dump/--compare write and check the logits of a fixed input, so a GPU
// run can be compared with a CPU run (scripts/gpu_check.sh); --exact turns
// TF32 off on CUDA for that comparison, since TF32 convolutions (LibTorch's
// default, and what inference uses) differ from fp32 by about 1e-2 on
// probabilities and would hide a real discrepancy of that size.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/models/nn/checkpoint.h"
#include "lsms/models/nn/inference.h"
#include "lsms/models/paths.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && __has_include(<cuda_runtime_api.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#define LSMS_HAVE_CUDA_STATS 1
#endif

namespace lsms::cli {

namespace {

using namespace lsms::models;
using Clock = std::chrono::steady_clock;

double peakHostMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

double peakDeviceMb(const torch::Device& d) {
#ifdef LSMS_HAVE_CUDA_STATS
    if (d.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(d.has_index() ? d.index() : 0);
        return double(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
    }
#endif
    (void)d;
    return 0;
}

// Seconds per call of fn, after warm-up; fn must return a tensor to force
// completion (reading one value synchronises the device).
template <typename F>
double timeIt(F fn, int repeats) {
    for (int i = 0; i < 2; ++i) fn().sum().template item<float>();
    const auto t0 = Clock::now();
    for (int i = 0; i < repeats; ++i) fn().sum().template item<float>();
    return std::chrono::duration<double>(Clock::now() - t0).count() / repeats;
}

}  // namespace

int cmdBenchModel(const Argv& argv) {
    Args args(argv, {"device", "model", "vocab", "batch", "repeats", "volume-size", "volume-slices", "dump", "compare"},
              {"skip-volume", "exact"});
    args.expectPositionals(0, 0,
                           "lsms bench model [--device cpu|cuda|auto] [--model FILE] [--batch N] [--repeats N]\n"
                           "                 [--volume-size PX] [--volume-slices N] [--skip-volume] [--dump FILE] [--compare FILE]\n"
                           "                 [--exact]   (CUDA: fp32 without TF32, for --dump/--compare)");
    const auto device = selectDevice(args.value("device", "auto"));
    const int batch = int(args.integer("batch", 8));
    const int repeats = int(args.integer("repeats", 5));
    if (batch < 1 || repeats < 1) throw InputError("--batch and --repeats must be at least 1");
    const bool exact = args.flag("exact");
    if (exact) {
        at::globalContext().setAllowTF32CuDNN(false);
        at::globalContext().setAllowTF32CuBLAS(false);
    }

    LsmsModel model;
    model.device = device;
    model.tokenizer = std::make_shared<const WordPieceTokenizer>(
        WordPieceTokenizer::fromFile(args.value("vocab", defaultVocabPath().string())));
    std::string source;
    const std::string modelFile =
        args.value("model", std::filesystem::exists(defaultModelPath()) ? defaultModelPath().string() : "");
    if (!modelFile.empty()) {
        model.net = loadCheckpoint(modelFile, device);
        source = modelFile;
    } else {
        // Untrained default network, seeded so CPU and GPU runs hold the same weights.
        auto o = defaultOptions();
        o.text.vocabIds = lexiconVocabIds(*model.tokenizer);
        torch::manual_seed(0);
        model.net = LsmsNet(o);
        model.net->to(device);
        model.net->eval();
        source = "default configuration, seeded random weights";
    }
    auto& net = model.net;
    const int S = net->options().imageSize;
    std::printf("device            %s%s\n", device.is_cuda() ? "CUDA" : "CPU",
                device.is_cuda() ? (at::globalContext().allowTF32CuDNN() ? " (TF32 convolutions allowed)" : " (fp32, TF32 off)")
                                 : "");
    std::printf("model             %s\n", source.c_str());
    std::printf("parameters        %lld\n", (long long)net->parameterCount());
    std::printf("GFLOPs per slice  %.3f (analytic, %dx%d, %d-token prompt)\n", double(net->flopsPerSlice()) / 1e9, S, S,
                net->options().text.maxLength);
    if (S != 256) {
        auto o = net->options();
        o.imageSize = 256;
        std::printf("GFLOPs at 256x256 %.3f (same network, for comparison with the goal)\n",
                    double(LsmsNet(o)->flopsPerSlice()) / 1e9);
    }

    torch::NoGradGuard noGrad;
    torch::manual_seed(1);
    const auto fixed = torch::rand({batch, 3, S, S});
    const auto tokens = tokenizeBatch(*model.tokenizer, {"largest hypodense lesion, segment VII"}, net->options().text.maxLength);
    const auto text = net->encodeText(tokens.ids.to(device), tokens.attention.to(device));
    const auto one = fixed.index({torch::indexing::Slice(0, 1)}).to(device);
    const auto many = fixed.to(device);
    const double t1 = timeIt([&] { return net->forward(one, text).logits; }, repeats);
    const double tb = timeIt([&] { return net->forward(many, text).logits; }, repeats);
    std::printf("latency batch 1   %.2f ms per slice\n", t1 * 1e3);
    std::printf("latency batch %-3d %.2f ms per slice\n", batch, tb * 1e3 / batch);

    const auto logits = torch::sigmoid(net->forward(many, text).logits).to(torch::kCPU).contiguous();
    if (args.has("dump")) {
        std::ofstream out(args.value("dump"), std::ios::binary);
        out.write(reinterpret_cast<const char*>(logits.data_ptr<float>()), std::streamsize(logits.numel() * sizeof(float)));
        if (!out) throw IoError("cannot write " + args.value("dump"));
    }
    if (args.has("compare")) {
        std::ifstream in(args.value("compare"), std::ios::binary);
        std::vector<float> ref(std::size_t(logits.numel()));
        in.read(reinterpret_cast<char*>(ref.data()), std::streamsize(ref.size() * sizeof(float)));
        if (!in) throw InputError("cannot read " + std::to_string(ref.size()) + " values from " + args.value("compare"));
        const auto diff = (logits - torch::from_blob(ref.data(), logits.sizes())).abs().max().item<float>();
        std::printf("max |p - p_ref|   %.3g (probabilities vs %s)\n", double(diff), args.value("compare").c_str());
    }

    if (!args.flag("skip-volume")) {
        phantom::PhantomOptions po;
        po.seed = 42;
        po.columns = po.rows = int(args.integer("volume-size", 512));
        po.slices = int(args.integer("volume-slices", 200));
        po.pixelSpacingMm = 0.75;
        po.sliceThicknessMm = 1.25;
        const auto g0 = Clock::now();
        const auto ph = phantom::generatePhantom(po);
        const double gen = std::chrono::duration<double>(Clock::now() - g0).count();
        SegmentOptions so;
        so.batch = batch;
        const auto r = segmentVolume(model, ph.ct, "the largest lesion", so);
        std::printf("whole volume      %.2f s for %dx%dx%d (%.1f ms per slice; phantom generation %.1f s not included)\n",
                    r.seconds, po.columns, po.rows, po.slices, r.seconds * 1e3 / po.slices, gen);
        std::printf("  of which        %.2f s slices through the network, %.2f s 3D consolidation\n", r.sliceSeconds,
                    r.consolidationSeconds);
    }
    std::printf("peak host memory  %.0f MB (resident)\n", peakHostMb());
#ifdef LSMS_HAVE_CUDA_STATS
    if (device.is_cuda()) std::printf("peak GPU memory   %.0f MB (allocated by torch)\n", peakDeviceMb(device));
#else
    if (device.is_cuda()) std::printf("peak GPU memory   n/a (built without CUDA headers; see nvidia-smi)\n");
#endif
    return 0;
}

}  // namespace lsms::cli
