#include "lsms/models/config.h"

#include "lsms/core/error.h"

#include <functional>
#include <map>
#include <sstream>

namespace lsms::models {

void LsmsOptions::propagate() {
    const int textDim = useLanguage ? text.dim : 0;
    visual.textDim = textDim;
    visual.sentenceFilm = useLanguage && sentenceFilm;
    decoder.encoderChannels = visual.channels;
    head.inChannels = decoder.channels;
    decoder.halfChannels = halfResolution ? visual.channels[0] / 2 : 0;
    head.upsample = halfResolution ? 2 : 4;
    scorer.textDim = text.dim;
    scorer.vocabIds = text.vocabIds;
    scorer.bertVocabSize = text.bertVocabSize;
    scorer.unkId = text.unkId;
    // The scorer reads the sentence: the text-blind baseline has none.
    if (!useLanguage) scorer.enabled = false;
    if (!(inputSpacingMm > 0) && imageSize > 0) inputSpacingMm = kTrainingFieldMm / imageSize;
}

namespace {

template <typename T>
std::string joinValues(const T& values) {
    std::ostringstream os;
    bool first = true;
    for (const auto& v : values) {
        os << (first ? "" : ",") << v;
        first = false;
    }
    return os.str();
}

std::vector<long long> parseList(const std::string& key, const std::string& value) {
    std::vector<long long> out;
    std::stringstream ss(value);
    std::string item;
    while (std::getline(ss, item, ',')) {
        try {
            std::size_t used = 0;
            out.push_back(std::stoll(item, &used));
            if (used != item.size()) throw std::invalid_argument(item);
        } catch (const std::exception&) {
            throw ModelError("model configuration: bad value '" + value + "' for " + key);
        }
    }
    return out;
}

// One table of fields so writing and reading cannot drift apart.
struct Field {
    std::function<std::string(const LsmsOptions&)> get;
    std::function<void(LsmsOptions&, const std::string&)> set;
};

double parseNumber(const std::string& key, const std::string& v) {
    try {
        std::size_t used = 0;
        double d = std::stod(v, &used);
        if (used == v.size()) return d;
    } catch (const std::exception&) {
    }
    throw ModelError("model configuration: bad value '" + v + "' for " + key);
}

// Each entry is an accessor lambda returning a reference into the options;
// getters reuse it through const_cast because they only read.
std::map<std::string, Field> fields() {
    std::map<std::string, Field> f;
    auto num = [&f](const std::string& key, auto ref) {
        f[key] = {[ref](const LsmsOptions& o) {
                      std::ostringstream os;
                      os.precision(17);
                      os << ref(const_cast<LsmsOptions&>(o));
                      return os.str();
                  },
                  [ref, key](LsmsOptions& o, const std::string& v) {
                      using T = std::remove_reference_t<decltype(ref(o))>;
                      ref(o) = static_cast<T>(parseNumber(key, v));
                  }};
    };
    auto arr = [&f](const std::string& key, auto ref) {
        f[key] = {[ref](const LsmsOptions& o) { return joinValues(ref(const_cast<LsmsOptions&>(o))); },
                  [ref, key](LsmsOptions& o, const std::string& v) {
                      auto values = parseList(key, v);
                      auto& target = ref(o);
                      using Container = std::remove_reference_t<decltype(target)>;
                      if constexpr (requires { target.push_back(0); }) {
                          target.assign(values.begin(), values.end());
                      } else {
                          if (values.size() != std::tuple_size_v<Container>)
                              throw ModelError("model configuration: " + key + " needs " +
                                               std::to_string(std::tuple_size_v<Container>) + " values");
                          for (std::size_t i = 0; i < values.size(); ++i)
                              target[i] = static_cast<typename Container::value_type>(values[i]);
                      }
                  }};
    };
    num("use_language", [](LsmsOptions& o) -> bool& { return o.useLanguage; });
    num("sentence_film", [](LsmsOptions& o) -> bool& { return o.sentenceFilm; });
    num("image_size", [](LsmsOptions& o) -> int& { return o.imageSize; });
    num("half_resolution", [](LsmsOptions& o) -> bool& { return o.halfResolution; });
    num("embed_dim", [](LsmsOptions& o) -> int& { return o.embedDim; });
    num("window_low_hu", [](LsmsOptions& o) -> double& { return o.windowLowHu; });
    num("window_high_hu", [](LsmsOptions& o) -> double& { return o.windowHighHu; });
    num("input_spacing_mm", [](LsmsOptions& o) -> double& { return o.inputSpacingMm; });
    num("context_spacing_mm", [](LsmsOptions& o) -> double& { return o.contextSpacingMm; });
    arr("text.vocab_ids", [](LsmsOptions& o) -> auto& { return o.text.vocabIds; });
    num("text.bert_vocab_size", [](LsmsOptions& o) -> std::int64_t& { return o.text.bertVocabSize; });
    num("text.unk_id", [](LsmsOptions& o) -> std::int64_t& { return o.text.unkId; });
    num("text.dim", [](LsmsOptions& o) -> int& { return o.text.dim; });
    num("text.layers", [](LsmsOptions& o) -> int& { return o.text.layers; });
    num("text.heads", [](LsmsOptions& o) -> int& { return o.text.heads; });
    num("text.feed_forward", [](LsmsOptions& o) -> int& { return o.text.feedForward; });
    num("text.max_length", [](LsmsOptions& o) -> int& { return o.text.maxLength; });
    num("text.dropout", [](LsmsOptions& o) -> double& { return o.text.dropout; });
    num("visual.in_channels", [](LsmsOptions& o) -> int& { return o.visual.inChannels; });
    arr("visual.channels", [](LsmsOptions& o) -> auto& { return o.visual.channels; });
    arr("visual.depths", [](LsmsOptions& o) -> auto& { return o.visual.depths; });
    arr("visual.heads", [](LsmsOptions& o) -> auto& { return o.visual.heads; });
    num("visual.feed_forward_ratio", [](LsmsOptions& o) -> int& { return o.visual.feedForwardRatio; });
    num("decoder.channels", [](LsmsOptions& o) -> int& { return o.decoder.channels; });
    num("decoder.source_channels", [](LsmsOptions& o) -> int& { return o.decoder.sourceChannels; });
    num("head.hidden", [](LsmsOptions& o) -> int& { return o.head.hidden; });
    num("head.upsample", [](LsmsOptions& o) -> int& { return o.head.upsample; });
    num("scorer.enabled", [](LsmsOptions& o) -> bool& { return o.scorer.enabled; });
    num("scorer.hidden", [](LsmsOptions& o) -> int& { return o.scorer.hidden; });
    return f;
}

}  // namespace

std::string LsmsOptions::toText() const {
    std::ostringstream os;
    for (const auto& [key, field] : fields()) os << key << " = " << field.get(*this) << "\n";
    for (const auto& [key, value] : domain.toKeys()) os << key << " = " << value << "\n";
    return os.str();
}

LsmsOptions LsmsOptions::fromText(const std::string& text) {
    LsmsOptions o;
    const auto table = fields();
    std::istringstream in(text);
    std::string line;
    bool domainRecorded = false;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto eq = line.find(" = ");
        if (eq == std::string::npos) throw ModelError("model configuration: malformed line '" + line + "'");
        std::string key = line.substr(0, eq), value = line.substr(eq + 3);
        if (isTrainingDomainKey(key)) {
            o.domain.setKey(key, value);
            domainRecorded = true;
            continue;
        }
        auto it = table.find(key);
        if (it == table.end()) throw ModelError("model configuration: unknown key '" + key + "'");
        it->second.set(o, value);
    }
    o.propagate();
    if (!domainRecorded) o.domain = legacyTrainingDomain(o.inputSpacingMm);
    return o;
}

LsmsOptions defaultOptions() {
    LsmsOptions o;
    o.propagate();
    return o;
}

LsmsOptions tinyOptions() {
    LsmsOptions o;
    o.imageSize = 64;
    o.text.dim = 32;
    o.text.layers = 1;
    o.text.heads = 2;
    o.text.feedForward = 64;
    o.text.dropout = 0.0;
    o.visual.channels = {16, 24, 32, 48};
    o.visual.depths = {1, 1, 1, 1};
    o.visual.heads = {1, 1, 2, 2};
    o.visual.feedForwardRatio = 2;
    o.decoder.channels = 24;
    o.decoder.sourceChannels = 8;
    o.head.hidden = 16;
    o.embedDim = 16;
    o.propagate();
    return o;
}

LsmsOptions textBlind(LsmsOptions options) {
    options.useLanguage = false;
    options.propagate();
    return options;
}

}  // namespace lsms::models
