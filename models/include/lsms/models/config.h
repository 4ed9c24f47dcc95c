#pragma once
// Configuration of the LSMS network: one Options struct per module, all
// torch-free so the UI and the checkpoint format can use them. A whole
// configuration round-trips through a "key = value" text stored inside
// each checkpoint.
#include "lsms/models/training_domain.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lsms::models {

struct TextEncoderOptions {
    // BERT ids with an embedding row, in row order; any other id maps to
    // [UNK]'s row. Empty means "the ids of the expression lexicon".
    std::vector<std::int64_t> vocabIds;
    std::int64_t bertVocabSize = 30522;
    std::int64_t unkId = 100;
    int dim = 96;
    int layers = 2;
    int heads = 4;
    int feedForward = 192;
    int maxLength = 24;
    double dropout = 0.1;
};

struct SvlaOptions {
    int channels = 32;
    int textDim = 96;  // 0: no language branch (text-blind baseline)
    int heads = 2;
    int feedForwardRatio = 4;
    // Each block's output scaled and shifted per channel by the sentence
    // embedding (FiLM), on top of the word cross-attention. Off in the
    // weights trained before it existed.
    bool sentenceFilm = false;
};

struct VisualEncoderOptions {
    int inChannels = 3;  // 2.5D: previous, current and next slice
    std::array<int, 4> channels{32, 64, 128, 160};
    std::array<int, 4> depths{2, 2, 2, 2};
    std::array<int, 4> heads{1, 2, 4, 4};
    int textDim = 96;  // 0: text-blind
    int feedForwardRatio = 4;
    bool sentenceFilm = false;  // see SvlaOptions
};

struct DecoderOptions {
    std::array<int, 4> encoderChannels{32, 64, 128, 160};
    int channels = 64;        // per decoder stage
    int sourceChannels = 24;  // each encoder scale is projected to this before fusion
    // > 0: a last stage at 1/2 resolution, fed by the stem's first
    // convolution (that many channels), so logits come every 2 pixels
    // instead of every 4. Set by LsmsOptions::halfResolution.
    int halfChannels = 0;
};

struct MaskHeadOptions {
    int inChannels = 64;
    int hidden = 32;
    int upsample = 4;  // decoder output is at 1/4 of the input size
};

// The referring scorer (nn/referring_scorer.h): which 3D components of an
// answer the sentence's kind, lobe and segment words let through. Absent
// from checkpoints made before it existed, which then load without one.
struct ScorerOptions {
    bool enabled = false;
    int hidden = 64;
    // Propagated from the text encoder: the scorer has its own embedding of
    // the same vocabulary rows, since the words it needs (kinds, lobes,
    // segment numbers) are those the per-slice masks learnt to ignore.
    int textDim = 96;
    std::vector<std::int64_t> vocabIds;
    std::int64_t bertVocabSize = 30522;
    std::int64_t unkId = 100;
};

// Field of view of the training phantoms' slices (mm), whatever imageSize.
inline constexpr double kTrainingFieldMm = 384.0;

struct LsmsOptions {
    TextEncoderOptions text;
    VisualEncoderOptions visual;
    DecoderOptions decoder;
    MaskHeadOptions head;
    ScorerOptions scorer;
    bool useLanguage = true;  // false: the text-blind baseline
    bool sentenceFilm = false;  // sentence FiLM in every SVLA block (with language only)
    int imageSize = 256;      // the network sees imageSize x imageSize pixels
    // In-plane spacing of those pixels (mm): every CT is resampled to it
    // (network_grid.h). 0 (models made before it was recorded) becomes the
    // spacing those were trained at, a kTrainingFieldMm field over imageSize.
    double inputSpacingMm = 0;
    // The decoder ends at 1/2 of the input (DecoderOptions::halfChannels)
    // and the mask head upsamples x2; off: it ends at 1/4 (x4).
    bool halfResolution = false;
    int embedDim = 64;        // joint space of the contrastive loss
    double windowLowHu = -100;
    double windowHighHu = 250;
    // Neighbouring slices of the 2.5D input are about this far apart (mm);
    // at inference the slice offset is chosen to match.
    double contextSpacingMm = 3.5;
    // What the network was trained on ("domain.*" keys). Files without those
    // keys get legacyTrainingDomain (they were all trained on phantoms).
    TrainingDomain domain;

    // Keeps the per-module options consistent with the top-level choices
    // (channels, text dimension, language on/off) and fills inputSpacingMm.
    void propagate();
    std::string toText() const;
    // Throws ModelError on unknown keys or malformed values.
    static LsmsOptions fromText(const std::string& text);
};

// The default network (<= 5 M parameters, <= 3 GFLOPs per 256x256 slice).
LsmsOptions defaultOptions();
// A very small network for tests and smoke runs (64x64 input).
LsmsOptions tinyOptions();
// The same network without its language branches.
LsmsOptions textBlind(LsmsOptions options);

}  // namespace lsms::models
