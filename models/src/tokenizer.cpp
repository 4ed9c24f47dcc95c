#include "lsms/models/tokenizer.h"

#include "lsms/core/error.h"

#include <fstream>

namespace lsms::models {

namespace {

// UTF-8 decoding that never throws: invalid bytes become U+FFFD so a
// malformed prompt degrades to [UNK] instead of failing.
std::vector<char32_t> decodeUtf8(const std::string& s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
        if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
        bool ok = true;
        for (int k = 1; k <= extra; ++k) {
            const unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc >> 6) != 2) ok = false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        out.push_back(ok ? cp : 0xFFFD);
        i += ok ? static_cast<std::size_t>(extra) + 1 : 1;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool isWhitespace(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F;
}

bool isControl(char32_t c) {
    if (c == '\t' || c == '\n' || c == '\r') return false;
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xFFFD || c == 0 ||
           (c >= 0x200B && c <= 0x200F);
}

// BERT treats all non-alphanumeric ASCII as punctuation (so "$" and "^"
// split) plus the Unicode punctuation blocks.
bool isPunctuation(char32_t c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
        return true;
    return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) || (c >= 0x3001 && c <= 0x3003) ||
           c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF;
}

bool isCjk(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2CEAF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// Lower-case and strip accents (what NFD + dropping combining marks does)
// for the Latin letters radiology text uses, without a Unicode library.
// '?' in the tables: no ASCII base letter, keep the character.
char32_t foldLatin(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    static const char* latin1 = "aaaaaa?ceeeeiiii?nooooo??uuuuy??aaaaaa?ceeeeiiii?nooooo??uuuuy?y";
    static const char* extA =
        "aaaaaaccccccccdd??eeeeeeeeeegggggggghh??iiiiiiiii???jjkk?llllll????nnnnnn???oooooo??rrrrrrsssssssstttt??"
        "uuuuuuuuuuuuwwyyyzzzzzz?";
    char folded = '?';
    if (c <= 0xFF) folded = latin1[c - 0xC0];
    else if (c <= 0x17F) folded = extA[c - 0x100];
    if (folded != '?') return static_cast<char32_t>(folded);
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;  // AE, ETH, O-slash, THORN
    if (c >= 0x300 && c <= 0x36F) return 0;                   // combining diacritics
    if (c >= 0x391 && c <= 0x3A9) return c + 32;              // Greek capitals
    if (c >= 0x410 && c <= 0x42F) return c + 32;              // Cyrillic capitals
    return c;
}

}  // namespace

WordPieceTokenizer WordPieceTokenizer::fromFile(const std::filesystem::path& vocabFile) {
    std::ifstream in(vocabFile, std::ios::binary);
    if (!in) throw IoError("cannot read vocabulary file " + vocabFile.string());
    std::vector<std::string> vocab;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        vocab.push_back(line);
    }
    return WordPieceTokenizer(std::move(vocab));
}

WordPieceTokenizer::WordPieceTokenizer(std::vector<std::string> vocabulary) : vocabulary_(std::move(vocabulary)) {
    for (std::size_t i = 0; i < vocabulary_.size(); ++i)
        index_.emplace(vocabulary_[i], static_cast<std::int64_t>(i));  // first occurrence wins
    auto need = [&](const char* t) {
        auto it = index_.find(t);
        if (it == index_.end()) throw InputError(std::string("vocabulary lacks the special token ") + t);
        return it->second;
    };
    pad_ = need("[PAD]");
    unk_ = need("[UNK]");
    cls_ = need("[CLS]");
    sep_ = need("[SEP]");
}

std::vector<std::string> WordPieceTokenizer::basicTokens(const std::string& text) const {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) out.push_back(std::move(current));
        current.clear();
    };
    for (char32_t c : decodeUtf8(text)) {
        if (isControl(c)) continue;
        if (isWhitespace(c)) {
            flush();
            continue;
        }
        c = foldLatin(c);
        if (c == 0) continue;
        if (isPunctuation(c) || isCjk(c)) {
            flush();
            appendUtf8(current, c);
            flush();
            continue;
        }
        appendUtf8(current, c);
    }
    flush();
    return out;
}

std::vector<std::string> WordPieceTokenizer::wordPieces(const std::string& word) const {
    // Google's limit: longer "words" are almost always garbage.
    if (decodeUtf8(word).size() > 100) return {vocabulary_[unk_]};
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (start < word.size()) {
        std::size_t end = word.size();
        std::string found;
        while (start < end) {
            std::string sub = word.substr(start, end - start);
            if (start > 0) sub = "##" + sub;
            if (index_.count(sub)) {
                found = std::move(sub);
                break;
            }
            // Step back one whole UTF-8 code point.
            do {
                --end;
            } while (end > start && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80);
        }
        if (found.empty()) return {vocabulary_[unk_]};
        pieces.push_back(std::move(found));
        start = end;
    }
    return pieces;
}

std::vector<std::string> WordPieceTokenizer::tokenize(const std::string& text) const {
    std::vector<std::string> out;
    for (const auto& w : basicTokens(text))
        for (auto& p : wordPieces(w)) out.push_back(std::move(p));
    return out;
}

Encoding WordPieceTokenizer::encode(const std::string& text, std::size_t maxLength) const {
    if (maxLength < 2) throw InputError("maximum token length must be at least 2");
    Encoding e;
    e.tokens = tokenize(text);
    if (e.tokens.size() > maxLength - 2) {
        e.tokens.resize(maxLength - 2);
        e.truncated = true;
    }
    e.ids.push_back(cls_);
    for (const auto& t : e.tokens) e.ids.push_back(id(t));
    e.ids.push_back(sep_);
    e.attention.assign(e.ids.size(), 1);
    e.ids.resize(maxLength, pad_);
    e.attention.resize(maxLength, 0);
    return e;
}

std::int64_t WordPieceTokenizer::id(const std::string& token) const {
    auto it = index_.find(token);
    return it == index_.end() ? unk_ : it->second;
}

const std::string& WordPieceTokenizer::token(std::int64_t id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= vocabulary_.size()) return vocabulary_[unk_];
    return vocabulary_[static_cast<std::size_t>(id)];
}

}  // namespace lsms::models
