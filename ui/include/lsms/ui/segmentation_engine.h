#pragma once
// What the viewer needs from a segmentation model. Torch-free on purpose: Qt
// code never sees LibTorch headers.
#include "lsms/core/error.h"
#include "lsms/core/volume.h"
#include "lsms/workflow/liver_context.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lsms::ui {

struct SegmentationRequest {
    std::string prompt;
    int firstSlice = -1;  // axial slice range; -1 = whole volume
    int lastSlice = -1;
    // The model's referring scorer lets through only the lesions whose kind,
    // lobe and segment the sentence names; false keeps every lesion the
    // network marks (the scorer was trained on phantoms only).
    bool filterBySentence = true;
    // Kept lesions' edges placed on the CT's intensities (the network's own
    // edges when false; models/edge_refinement.h).
    bool edgesOnCt = true;
};

// progress(done, total) is called from the worker thread; returning false
// cancels (the engine then throws lsms::Cancelled).
using EngineProgress = std::function<bool(std::size_t done, std::size_t total)>;

// An answer and what the user should read with it (how sure the model was).
struct EngineAnswer {
    MaskVolume mask;
    std::string note;  // empty if nothing
    // Lesions found but left out by the sentence or the selection, on the
    // CT's grid; no grid (or no voxels) when there are none. Offered to the
    // reader, never added by themselves.
    MaskVolume candidates;
};

class SegmentationEngine {
public:
    virtual ~SegmentationEngine() = default;
    virtual std::string deviceName() const = 0;
    virtual MaskVolume segment(const CtVolume& ct, const SegmentationRequest& request, const EngineProgress& progress) = 0;
    // The answer with its note; an engine without one answers segment()'s mask.
    virtual EngineAnswer answer(const CtVolume& ct, const SegmentationRequest& request, const EngineProgress& progress) {
        return {segment(ct, request, progress), {}, {}};
    }
    // What the user must keep in mind whenever this model is used (e.g. it
    // was trained on phantoms only); empty if nothing.
    virtual std::string modelNotice() const { return {}; }
    // The ways a loaded series lies outside what the model was trained on,
    // one sentence each (workflow/input_domain.h); cheap enough for the UI thread.
    virtual std::vector<std::string> inputFlags(const CtVolume& ct) const {
        (void)ct;
        return {};
    }
    // What the user must know about a prompt before its answer is trusted
    // (e.g. the model reads only its start); empty if nothing. Never throws:
    // a prompt the model refuses fails in segment() with the reason.
    virtual std::string promptNote(const std::string& prompt) const {
        (void)prompt;
        return {};
    }
    // The liver pass behind the liver context (volume, tumour burden, lesion
    // locations): whether this engine has one, and why not.
    virtual bool findsLiver() const { return false; }
    virtual std::string liverProblem() const { return "this model has no liver pass"; }
    // Throws ModelError when there is no liver pass, Cancelled, InputError
    // for an unusable CT.
    virtual workflow::LiverContext findLiver(const CtVolume& ct, const EngineProgress& progress) {
        (void)ct;
        (void)progress;
        throw ModelError(liverProblem());
    }
};

// The LSMS network from a model file; device "auto", "cpu" or "cuda".
// Throws lsms::ModelError for a missing, corrupt or mismatched file.
std::unique_ptr<SegmentationEngine> createModelEngine(const std::filesystem::path& modelFile, const std::string& device = "auto");
std::filesystem::path defaultModelPath();

}  // namespace lsms::ui
