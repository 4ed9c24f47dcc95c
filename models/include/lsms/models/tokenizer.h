#pragma once
// BERT (uncased) text preparation: basic tokenization (lower-casing, accent
// stripping, punctuation and CJK split) followed by greedy longest-match
// WordPiece over a vocabulary file, as in Google's reference tokenizer.
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace lsms::models {

struct Encoding {
    std::vector<std::int64_t> ids;       // [CLS] tokens... [SEP] [PAD]...; size == maxLength
    std::vector<std::uint8_t> attention;  // 1 for real tokens (incl. [CLS]/[SEP]), 0 for padding
    std::vector<std::string> tokens;      // the real tokens, for display and tests
    bool truncated = false;
};

class WordPieceTokenizer {
public:
    // One token per line; the line number (from 0) is the id. Throws
    // IoError if the file cannot be read, InputError if it lacks the
    // special tokens.
    static WordPieceTokenizer fromFile(const std::filesystem::path& vocabFile);
    explicit WordPieceTokenizer(std::vector<std::string> vocabulary);

    // Basic tokenization: the words and punctuation marks of `text`.
    std::vector<std::string> basicTokens(const std::string& text) const;
    // WordPiece pieces of one basic token ("[UNK]" if it cannot be covered).
    std::vector<std::string> wordPieces(const std::string& word) const;
    std::vector<std::string> tokenize(const std::string& text) const;

    // [CLS] + pieces + [SEP], truncated to fit and padded to maxLength.
    Encoding encode(const std::string& text, std::size_t maxLength) const;

    std::int64_t id(const std::string& token) const;  // unkId() if absent
    const std::string& token(std::int64_t id) const;
    std::size_t size() const { return vocabulary_.size(); }
    std::int64_t padId() const { return pad_; }
    std::int64_t unkId() const { return unk_; }
    std::int64_t clsId() const { return cls_; }
    std::int64_t sepId() const { return sep_; }

private:
    std::vector<std::string> vocabulary_;
    std::unordered_map<std::string, std::int64_t> index_;
    std::int64_t pad_ = 0, unk_ = 0, cls_ = 0, sep_ = 0;
};

}  // namespace lsms::models
