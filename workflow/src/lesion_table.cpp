#include "lsms/workflow/lesion_table.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"

#include <charconv>
#include <string_view>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace lsms::workflow {

namespace {

// to_chars, unlike printf and streams, never uses the locale's decimal comma.
std::string fixed(double v, int decimals) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    std::string s(buf, r.ptr);
    if (s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);  // -0.04 -> "0.0", not "-0.0"
    return s;
}

// A text cell (name, prompt, location: typed by the reader or a sentence)
// that starts like a formula would run as one in a spreadsheet (CSV
// injection, OWASP): it is kept as text by a leading apostrophe.
std::string quoted(std::string field) {
    if (!field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos) field.insert(0, 1, '\'');
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string out = "\"";
    for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string axesSource(const LesionRow& row) {
    if (row.axesEdited) return "edited";
    switch (row.measurements.outline) {
    case edit::AxisOutline::Smoothed: return "smoothed";
    case edit::AxisOutline::Pixels: return "pixels";
    case edit::AxisOutline::None: break;
    }
    return "none";
}

std::string csvLine(const LesionRow& r) {
    const auto& m = r.measurements;
    const bool axes = r.axesEdited || m.outline != edit::AxisOutline::None;
    const std::string cells[] = {
        quoted(r.name),
        r.manual ? "manual" : "model",
        edit::toString(r.review),
        fixed(m.volumeMl, 3),
        axes ? fixed(m.longestAxialDiameterMm, 1) : "",
        axes ? fixed(m.perpendicularDiameterMm, 1) : "",
        axes ? std::to_string(m.diameterSlice + 1) : "",
        m.hasHu ? fixed(m.huMean, 1) : "",
        m.hasHu ? fixed(m.huSd, 1) : "",
        axesSource(r),
        quoted(r.location),
        quoted(r.prompt),
    };
    std::string line = cells[0];
    for (std::size_t i = 1; i < std::size(cells); ++i) line += "," + cells[i];
    return line + "\r\n";
}

}  // namespace

LesionRow lesionRow(const edit::Segment& segment, const edit::SegmentMeasurements& m, bool axesEdited) {
    LesionRow row;
    row.label = segment.label;
    row.name = segment.name;
    row.prompt = segment.prompt;
    row.manual = segment.algorithm == edit::Algorithm::Manual || segment.prompt.empty();
    row.review = segment.review;
    row.measurements = m;
    row.axesEdited = axesEdited;
    return row;
}

void writeLesionCsv(const std::vector<LesionRow>& rows, const fs::path& out) {
    std::string text = "name,source,review,volume_ml,long_axis_mm,short_axis_mm,axial_slice,hu_mean,hu_sd,axes,location,prompt\r\n";
    for (const auto& r : rows) text += csvLine(r);

    writeFileAtomically(out, text, {.createFolder = true});
}

std::vector<LesionMeasurement> reportEntries(const std::vector<LesionRow>& rows) {
    std::vector<LesionMeasurement> entries;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const LesionRow& r = rows[i];
        LesionMeasurement e;
        e.segmentNumber = static_cast<std::uint16_t>(i + 1);
        e.name = r.name.empty() ? "Segment " + std::to_string(r.label) : r.name;
        e.manual = r.manual;
        e.volumeMl = r.measurements.volumeMl;
        e.longAxisMm = r.measurements.longestAxialDiameterMm;
        e.shortAxisMm = r.measurements.perpendicularDiameterMm;
        e.hasHu = r.measurements.hasHu;
        e.huMean = r.measurements.huMean;
        e.huSd = r.measurements.huSd;
        entries.push_back(e);
    }
    return entries;
}

}  // namespace lsms::workflow
