#include "lsms/models/paraphrases.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>

namespace lsms::models {

using phantom::LesionKind;
using phantom::LesionTruth;
using phantom::Lobe;

namespace {

using Words = std::vector<std::string>;

template <typename T>
const T& any(const std::vector<T>& v, std::mt19937_64& rng) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

bool chance(std::mt19937_64& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

// How a reader names each kind: adjectives before a noun, and nouns that
// stand alone.
const Words& kindAdjectives(LesionKind k) {
    static const Words met{"low attenuation", "hypoenhancing", "hypoattenuating", "hypodense", "dark"};
    static const Words enh{"hypervascular", "arterially enhancing", "avidly enhancing", "bright", "hyperenhancing"};
    static const Words cyst{"simple", "water density", "fluid attenuation", "non-enhancing cystic"};
    static const Words ring{"rim enhancing", "peripherally enhancing", "target-like", "ring-like enhancing"};
    switch (k) {
        case LesionKind::Metastasis: return met;
        case LesionKind::Enhancing: return enh;
        case LesionKind::Cyst: return cyst;
        case LesionKind::RingEnhancing: return ring;
    }
    return met;
}

const Words& kindNouns(LesionKind k, bool plural) {
    static const Words met{"met", "metastasis", "secondary"}, mets{"mets", "metastases", "secondaries"};
    static const Words enh{"HCC", "hypervascular focus", "flash-filling lesion"},
        enhs{"HCCs", "hypervascular foci", "flash-filling lesions"};
    static const Words cyst{"cyst", "simple cyst", "fluid collection"}, cysts{"cysts", "simple cysts", "fluid collections"};
    static const Words ring{"target lesion", "rim-enhancing mass", "abscess-like lesion"},
        rings{"target lesions", "rim-enhancing masses", "abscess-like lesions"};
    switch (k) {
        case LesionKind::Metastasis: return plural ? mets : met;
        case LesionKind::Enhancing: return plural ? enhs : enh;
        case LesionKind::Cyst: return plural ? cysts : cyst;
        case LesionKind::RingEnhancing: return plural ? rings : ring;
    }
    return met;
}

const Words kGeneric{"lesion", "focal lesion", "abnormality", "focus", "finding", "nodule", "mass"};
const Words kGenericPlural{"lesions", "focal lesions", "abnormalities", "foci", "findings", "nodules", "masses"};

const Words& lobeNames(Lobe l) {
    static const Words right{"right hemiliver", "R lobe", "right side of the liver", "right liver"};
    static const Words left{"left hemiliver", "L lobe", "left side of the liver", "left liver"};
    static const Words caudate{"caudate", "caudate (segment 1)", "segment I region", "caudate process"};
    return l == Lobe::Right ? right : l == Lobe::Left ? left : caudate;
}

const std::array<const char*, 9> kRomanNumerals{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII"};

// "segment 7", "S7", "seg. VII", "segment 4a" (IV is split into a and b by
// readers; the phantom has one IV, so either half names it).
std::string segmentName(int s, std::mt19937_64& rng) {
    const std::string arabic = std::to_string(s), roman = kRomanNumerals[std::size_t(s)];
    const std::string half = s == 4 && chance(rng, 0.5) ? (chance(rng, 0.5) ? "a" : "b") : "";
    switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
        case 0: return "S" + arabic + half;
        case 1: return "segment " + arabic + half;
        case 2: return "seg. " + roman + half;
        case 3: return "Couinaud " + arabic + half;
        default: return "hepatic segment " + roman + half;
    }
}

// "2 cm" or "18 mm", as a report gives a lesion's longest diameter.
std::string sizeName(double mm, std::mt19937_64& rng) {
    if (mm >= 15 && chance(rng, 0.6)) {
        const double cm = std::round(mm / 5) / 2;  // to 0.5 cm
        char buf[16];
        std::snprintf(buf, sizeof buf, cm == std::floor(cm) ? "%.0f cm" : "%.1f cm", cm);
        return buf;
    }
    return std::to_string(int(std::lround(mm))) + " mm";
}

// A typo now and then, as typed: two letters swapped or one dropped, in a
// word of five letters or more.
std::string withTypo(std::string text, std::mt19937_64& rng) {
    std::vector<std::pair<std::size_t, std::size_t>> words;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t j = i;
        while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
        if (j - i >= 5) words.emplace_back(i, j - i);
        i = j == i ? i + 1 : j;
    }
    if (words.empty()) return text;
    const auto [at, len] = any(words, rng);
    const std::size_t k = at + 1 + std::uniform_int_distribution<std::size_t>(0, len - 3)(rng);
    if (chance(rng, 0.5)) std::swap(text[k], text[k + 1]);
    else text.erase(k, 1);
    return text;
}

struct Description {
    std::optional<LesionKind> kind;
    std::optional<Lobe> lobe;
    std::optional<int> segment;
};

bool matches(const Description& d, const LesionTruth& l) {
    return (!d.kind || l.kind == *d.kind) && (!d.lobe || l.lobe == *d.lobe) && (!d.segment || l.couinaud == *d.segment);
}

std::vector<int> idsMatching(const Description& d, const std::vector<LesionTruth>& lesions) {
    std::vector<int> ids;
    for (const auto& l : lesions)
        if (matches(d, l)) ids.push_back(l.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::string where(const Description& d, std::mt19937_64& rng) {
    if (d.segment) return segmentName(*d.segment, rng);
    if (d.lobe) return any(lobeNames(*d.lobe), rng);
    return "";
}

std::string noun(const Description& d, bool plural, std::mt19937_64& rng) {
    if (!d.kind) return any(plural ? kGenericPlural : kGeneric, rng);
    if (chance(rng, 0.5)) return any(kindNouns(*d.kind, plural), rng);
    return any(kindAdjectives(*d.kind), rng) + " " + any(plural ? kGenericPlural : kGeneric, rng);
}

// One lesion: "S7 cyst", "2 cm hypoattenuating lesion in segment 4a",
// "hypervascular focus, R lobe".
std::string oneLesion(const Description& d, const std::string& size, std::mt19937_64& rng) {
    const std::string n = noun(d, false, rng), w = where(d, rng);
    const std::string sized = size.empty() ? n : size + " " + n;
    if (w.empty()) return chance(rng, 0.5) ? sized : "the " + sized;
    switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0: return w + " " + sized;
        case 1: return sized + " in " + w;
        case 2: return sized + ", " + w;
        default: return w + " - " + sized;
    }
}

ReferringExpression make(std::string text, std::vector<int> targets, std::string category) {
    ReferringExpression e;
    e.text = std::move(text);
    e.targets = std::move(targets);
    e.category = std::move(category);
    return e;
}

Description describeLesion(const LesionTruth& l, std::mt19937_64& rng) {
    Description d;
    if (chance(rng, 0.7)) d.kind = l.kind;
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    if (u < 0.45) d.segment = l.couinaud;
    else if (u < 0.8) d.lobe = l.lobe;
    return d;
}

}  // namespace

ReferringExpression generateParaphrase(const std::vector<LesionTruth>& lesions, std::mt19937_64& rng) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    ReferringExpression e;
    if (!lesions.empty() && u < 0.45) {
        // One lesion by what it looks like and where, with its size when the
        // words alone name several.
        const auto& l = any(lesions, rng);
        for (int attempt = 0; attempt < 6 && e.text.empty(); ++attempt) {
            const auto d = describeLesion(l, rng);
            const auto ids = idsMatching(d, lesions);
            if (ids.size() == 1) e = make(oneLesion(d, chance(rng, 0.3) ? sizeName(l.longestAxialDiameterMm, rng) : "", rng), ids, "single");
        }
        if (e.text.empty()) {
            // Ranked among all: "the dominant mass", "smallest focus in the right liver".
            Description d;
            if (chance(rng, 0.5)) d.lobe = l.lobe;
            auto pool = idsMatching(d, lesions);
            auto volume = [&](int id) {
                return std::find_if(lesions.begin(), lesions.end(), [&](const LesionTruth& t) { return t.id == id; })->volumeMl;
            };
            const bool largest = chance(rng, 0.6);
            const int id = *std::max_element(pool.begin(), pool.end(), [&](int a, int b) {
                return largest ? volume(a) < volume(b) : volume(a) > volume(b);
            });
            static const Words big{"dominant", "index", "largest", "biggest"}, small{"smallest", "tiniest", "least bulky"};
            const std::string w = where(d, rng);
            std::string text = (chance(rng, 0.5) ? "the " : "") + any(largest ? big : small, rng) + " " +
                               any(kGeneric, rng) + (w.empty() ? "" : (chance(rng, 0.5) ? " of the " : ", ") + w);
            e = make(std::move(text), {id}, "rank");
        }
    } else if (!lesions.empty() && u < 0.75) {
        // Every lesion of a kind or place: "all mets in the left hemiliver",
        // "any cysts?", "both HCCs".
        Description d;
        const auto& l = any(lesions, rng);
        if (chance(rng, 0.6)) d.kind = l.kind;
        if (chance(rng, 0.5)) d.lobe = l.lobe;
        const auto ids = idsMatching(d, lesions);
        const std::string w = where(d, rng);
        const std::string place = w.empty() ? "" : " in the " + w;
        if (ids.size() == 2 && chance(rng, 0.4)) {
            e = make("both " + noun(d, true, rng) + place, ids, "count");
        } else {
            static const Words lead{"all ", "every one of the ", "any ", "outline all ", "mark the "};
            std::string text = any(lead, rng) + noun(d, true, rng) + place;
            if (chance(rng, 0.2)) text += "?";
            e = make(std::move(text), ids, "set");
        }
    } else {
        // Something that is not there: a kind absent from a place, or from the liver.
        Description d;
        for (int attempt = 0; attempt < 12; ++attempt) {
            d = {};
            d.kind = LesionKind(std::uniform_int_distribution<int>(0, 3)(rng));
            if (chance(rng, 0.6)) d.lobe = Lobe(std::uniform_int_distribution<int>(0, 2)(rng));
            if (idsMatching(d, lesions).empty()) break;
        }
        const auto ids = idsMatching(d, lesions);
        const std::string w = where(d, rng);
        std::string text = chance(rng, 0.5) ? oneLesion(d, "", rng) : "all " + noun(d, true, rng) + (w.empty() ? "" : " in the " + w);
        e = make(std::move(text), ids, ids.empty() ? "none" : "set");
    }
    if (chance(rng, 0.1)) e.text = withTypo(e.text, rng);
    return e;
}

}  // namespace lsms::models
