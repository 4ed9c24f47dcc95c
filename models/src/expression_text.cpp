#include "expression_text.h"

#include <array>

namespace lsms::models::detail {

using phantom::LesionKind;
using phantom::Lobe;

namespace {

using Words = std::vector<std::string>;

const Words kNouns{"lesion", "lesion", "lesion", "tumor", "nodule", "mass", "focal lesion"};
const Words kNounsPlural{"lesions", "lesions", "lesions", "tumors", "nodules", "masses", "focal lesions"};
const Words kLargest{"largest", "biggest", "largest", "dominant", "greatest"};
const Words kSmallest{"smallest", "tiniest", "smallest", "least large"};
const Words kVerbs{"", "", "", "show ", "segment ", "find ", "highlight ", "where is "};

const Words& adjectives(LesionKind k) {
    static const Words met{"hypodense", "hypoattenuating", "low-density", "hypodense"};
    static const Words enh{"hyperdense", "hyperattenuating", "enhancing", "hyperdense"};
    static const Words cyst{"cystic", "fluid-density", "cystic"};
    static const Words ring{"ring-enhancing", "rim-enhancing", "ring enhancing"};
    switch (k) {
        case LesionKind::Metastasis: return met;
        case LesionKind::Enhancing: return enh;
        case LesionKind::Cyst: return cyst;
        case LesionKind::RingEnhancing: return ring;
    }
    return met;
}

// Kinds that have their own noun ("the largest cyst").
std::optional<std::pair<std::string, std::string>> kindNoun(LesionKind k) {
    if (k == LesionKind::Metastasis) return std::pair<std::string, std::string>{"metastasis", "metastases"};
    if (k == LesionKind::Cyst) return std::pair<std::string, std::string>{"cyst", "cysts"};
    return std::nullopt;
}

const Words& lobeWords(Lobe l) {
    static const Words right{"right lobe", "right hepatic lobe", "right liver lobe", "right lobe"};
    static const Words left{"left lobe", "left hepatic lobe", "left liver lobe", "left lobe"};
    static const Words caudate{"caudate lobe", "caudate", "caudate lobe"};
    return l == Lobe::Right ? right : l == Lobe::Left ? left : caudate;
}

const std::array<const char*, 9> kRoman{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII"};

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937_64& rng) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

bool coin(std::mt19937_64& rng, double p = 0.5) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

std::string segmentWords(int s, std::mt19937_64& rng) {
    const std::string roman = kRoman[std::size_t(s)], arabic = std::to_string(s);
    switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
        case 0: return "segment " + roman;
        case 1: return "couinaud segment " + roman;
        case 2: return "segment " + arabic;
        case 3: return "s" + arabic;
        case 4: return "seg " + roman;
        default: return "segment " + roman;
    }
}

// "in segment VII of the right lobe", or the shorthand "right lobe, segment VII".
std::string location(const Query& q, bool shorthand, std::mt19937_64& rng) {
    std::string seg = q.segment ? segmentWords(*q.segment, rng) : "";
    std::string lobe = q.lobe ? pick(lobeWords(*q.lobe), rng) : "";
    if (shorthand) {
        if (!seg.empty() && !lobe.empty()) return lobe + ", " + seg;
        return seg.empty() ? lobe : seg;
    }
    if (!seg.empty() && !lobe.empty()) return "in " + seg + " of the " + lobe;
    if (!seg.empty()) return "in " + seg;
    if (!lobe.empty()) return "in the " + lobe;
    return "";
}

// "hypodense lesion(s)", "cyst(s)", "lesion(s)".
std::string kindPhrase(const Query& q, bool plural, std::mt19937_64& rng) {
    if (q.kind) {
        if (auto noun = kindNoun(*q.kind); noun && coin(rng)) return plural ? noun->second : noun->first;
        return pick(adjectives(*q.kind), rng) + " " + pick(plural ? kNounsPlural : kNouns, rng);
    }
    return pick(plural ? kNounsPlural : kNouns, rng);
}

std::string join(const std::string& a, const std::string& b, const char* sep = " ") {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return a + sep + b;
}

std::string renderSingle(const Query& q, std::mt19937_64& rng) {
    const std::string rank = q.rank == Query::Rank::Largest    ? pick(kLargest, rng)
                             : q.rank == Query::Rank::Smallest ? pick(kSmallest, rng)
                                                               : "";
    const std::string noun = kindPhrase(q, false, rng);
    const bool hasLocation = q.lobe || q.segment;
    switch (std::uniform_int_distribution<int>(0, hasLocation ? 4 : 2)(rng)) {
        case 0:  // the largest hypodense lesion in segment VII
            return join("the " + join(rank, noun), location(q, false, rng));
        case 1:  // largest hypodense lesion, segment VII
            return join(join(rank, noun), location(q, true, rng), ", ");
        case 2:  // the hypodense lesion in segment VII that is largest / the biggest of the cysts
            if (!rank.empty()) {
                if (coin(rng))
                    return join("the " + rank + " of the " + kindPhrase(q, true, rng), location(q, false, rng));
                return join("the " + noun, location(q, false, rng)) + " that is " + rank;
            }
            return join("the " + noun, location(q, false, rng));
        case 3:  // in the right lobe, the smallest cyst
            return location(q, false, rng) + ", the " + join(rank, noun);
        default:  // segment VII: largest hypodense lesion
            return location(q, true, rng) + ": " + join(rank, noun);
    }
}

std::string renderSet(const Query& q, std::mt19937_64& rng) {
    const bool hasLocation = q.lobe || q.segment;
    if (q.mode == Query::Mode::All) {
        switch (std::uniform_int_distribution<int>(0, hasLocation ? 3 : 2)(rng)) {
            case 0: return join("all " + kindPhrase(q, true, rng), location(q, false, rng));
            case 1: return join("all the " + kindPhrase(q, true, rng), location(q, false, rng));
            case 2: return join("every " + kindPhrase(q, false, rng), location(q, false, rng));
            default: return location(q, true, rng) + ": all " + kindPhrase(q, true, rng);
        }
    }
    std::string number = q.count == 2 ? (coin(rng) ? "both" : "the two") : "the three";
    if (hasLocation && coin(rng, 0.3)) return location(q, true, rng) + ", " + number + " " + kindPhrase(q, true, rng);
    return join(number + " " + kindPhrase(q, true, rng), location(q, false, rng));
}

}  // namespace

std::vector<const phantom::LesionTruth*> filterLesions(const Query& q, const std::vector<phantom::LesionTruth>& lesions) {
    std::vector<const phantom::LesionTruth*> out;
    for (const auto& l : lesions) {
        if (q.kind && l.kind != *q.kind) continue;
        if (q.lobe && l.lobe != *q.lobe) continue;
        if (q.segment && l.couinaud != *q.segment) continue;
        out.push_back(&l);
    }
    return out;
}

std::string render(const Query& q, std::mt19937_64& rng) {
    std::string text = pick(kVerbs, rng) + (q.mode == Query::Mode::Single ? renderSingle(q, rng) : renderSet(q, rng));
    // Shorthand prompts drop the article now and then, as typed prompts do.
    if (text.rfind("the ", 0) == 0 && coin(rng, 0.2)) text = text.substr(4);
    return text;
}

std::vector<std::string> allPhrases() {
    Words out;
    for (const Words* w : {&kNouns, &kNounsPlural, &kLargest, &kSmallest, &kVerbs}) out.insert(out.end(), w->begin(), w->end());
    for (auto k : {LesionKind::Metastasis, LesionKind::Enhancing, LesionKind::Cyst, LesionKind::RingEnhancing}) {
        out.insert(out.end(), adjectives(k).begin(), adjectives(k).end());
        if (auto n = kindNoun(k)) {
            out.push_back(n->first);
            out.push_back(n->second);
        }
    }
    for (auto l : {Lobe::Right, Lobe::Left, Lobe::Caudate}) out.insert(out.end(), lobeWords(l).begin(), lobeWords(l).end());
    for (int s = 1; s <= 8; ++s) {
        out.push_back(kRoman[std::size_t(s)]);
        out.push_back(std::to_string(s));
        out.push_back("s" + std::to_string(s));
    }
    for (const char* w : {"the", "in", "of", "all", "every", "both", "two", "three", "that", "is", "segment",
                          "couinaud", "seg", ",", ":", "."})
        out.push_back(w);
    return out;
}

}  // namespace lsms::models::detail
