#include "lsms/ui/corner_text.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace lsms::ui {

namespace {
// Fixed decimals, without a "-0.0".
std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(v) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : v);
    return buf;
}
std::string mm(double v) { return fixed(v, 1); }
// Up to two decimals, as few as the value needs: 2.5, 1.25, 3.0.
std::string trimmed(double v) {
    std::string s = fixed(v, 2);
    while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
    return s;
}
}  // namespace

std::string formatDicomDate(const std::string& date) {
    if (date.size() != 8) return date;
    for (char c : date)
        if (!std::isdigit(static_cast<unsigned char>(c))) return date;
    return date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
}

CornerTexts cornerTexts(const SeriesMetadata& meta, const Geometry& g, int normalAxis, int slice, double statedThicknessMm,
                        double centre, double width) {
    CornerTexts t;
    // DICOM person names separate their parts with '^'.
    std::string name = meta.patientName;
    for (char& c : name)
        if (c == '^') c = ' ';
    while (!name.empty() && name.back() == ' ') name.pop_back();
    t.topRight = name.empty() ? "(no patient name)" : name;
    if (!meta.studyDate.empty()) t.topRight += "\n" + formatDicomDate(meta.studyDate);

    // Where the slice's centre lies on the LPS axis the view steps along,
    // with the side as a letter: "S 112.5 mm", "I 295.0 mm".
    Vec3 ijk{(double(g.size[0]) - 1) / 2, (double(g.size[1]) - 1) / 2, (double(g.size[2]) - 1) / 2};
    ijk[std::size_t(normalAxis)] = slice;
    const Vec3 centre3 = g.indexToWorld(ijk);
    const Vec3& n = g.direction[std::size_t(normalAxis)];
    int lps = 0;
    for (int a = 1; a < 3; ++a)
        if (std::abs(n[std::size_t(a)]) > std::abs(n[std::size_t(lps)])) lps = a;
    static const char* positive[] = {"L", "P", "S"};
    static const char* negative[] = {"R", "A", "I"};
    const double at = centre3[std::size_t(lps)];
    const std::string side = at >= 0 ? positive[lps] : negative[lps];
    const bool acquired = normalAxis == 2;
    const double thickness = acquired && statedThicknessMm > 0 ? statedThicknessMm : g.spacing[std::size_t(normalAxis)];
    t.bottomLeft = (meta.seriesDescription.empty() ? std::string("Series ") + std::to_string(meta.seriesNumber) : meta.seriesDescription) +
                   "\n" + side + " " + mm(std::abs(at)) + " mm\n" + (acquired && statedThicknessMm > 0 ? "thickness " : "spacing ") +
                   trimmed(thickness) + " mm";
    // Two short lines: the corners of a small view do not run into each other.
    t.bottomRight = "W " + fixed(width, 0) + "\nL " + fixed(centre, 0);
    return t;
}

}  // namespace lsms::ui
