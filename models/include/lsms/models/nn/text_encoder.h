#pragma once
// Text side of LSMS. TORCH HEADER: not for code that includes Qt.
//
// TextEncoder is the interface the network talks to, so a BERT-sized
// encoder (pretrained weights loaded into the same contract) can replace the
// small transformer later without touching the vision side.
#include "lsms/models/config.h"

#include <torch/torch.h>

namespace lsms::models {

struct TextFeatures {
    torch::Tensor words;     // [B, L, D] per-token features
    torch::Tensor padding;   // [B, L] bool, true where the token is padding
    torch::Tensor sentence;  // [B, D] one vector per expression
    torch::Tensor ids;       // [B, L] the BERT token ids encoded
};

// BERT id -> embedding row ([bertVocabSize] int64) for a compact vocabulary
// holding only `vocabIds`; every other id reads the row of [UNK].
torch::Tensor vocabularyRows(const std::vector<std::int64_t>& vocabIds, std::int64_t bertVocabSize,
                             std::int64_t unkId);

class TextEncoderInterface : public torch::nn::Module {
public:
    // ids: [B, L] int64 BERT token ids; attention: [B, L], 1 for real tokens.
    virtual TextFeatures encode(const torch::Tensor& ids, const torch::Tensor& attention) = 0;
    virtual int outputDim() const = 0;
    // Multiply-adds x 2 for one expression of `length` tokens.
    virtual std::int64_t flops(int length) const = 0;
};

// A small transformer over WordPiece embeddings. Only the rows of the BERT
// vocabulary listed in options.vocabIds are stored; other ids read [UNK].
class SmallTextEncoderImpl : public TextEncoderInterface {
public:
    explicit SmallTextEncoderImpl(TextEncoderOptions options);
    TextFeatures encode(const torch::Tensor& ids, const torch::Tensor& attention) override;
    int outputDim() const override { return options_.dim; }
    std::int64_t flops(int length) const override;
    const TextEncoderOptions& options() const { return options_; }

private:
    TextEncoderOptions options_;
    torch::Tensor rowOf_;  // buffer [bertVocabSize]: BERT id -> embedding row
    torch::nn::Embedding tokens_{nullptr}, positions_{nullptr};
    torch::nn::LayerNorm inputNorm_{nullptr}, outputNorm_{nullptr};
    torch::nn::TransformerEncoder layers_{nullptr};
};
TORCH_MODULE(SmallTextEncoder);

// The BERT ids of every token the expression lexicon produces, plus the
// special tokens: the rows a phantom-trained encoder needs.
class WordPieceTokenizer;
std::vector<std::int64_t> lexiconVocabIds(const WordPieceTokenizer& tokenizer);

}  // namespace lsms::models

namespace lsms::models {

// Tokenizes prompts into [B, maxLength] ids and attention tensors.
struct TokenBatch {
    torch::Tensor ids, attention;
};
TokenBatch tokenizeBatch(const WordPieceTokenizer& tokenizer, const std::vector<std::string>& prompts, int maxLength);

}  // namespace lsms::models
