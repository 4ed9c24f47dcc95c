#include "lsms/core/edit/session.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <iterator>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace lsms::edit {

namespace fs = std::filesystem;

namespace {
constexpr const char* kMagic = "LSMS-SESSION 1";

std::string escape(const std::string& s) {
    std::string r;
    for (char c : s) {
        if (c == '\\') r += "\\\\";
        else if (c == '\n') r += "\\n";
        else if (c == '\r') r += "\\r";
        else r += c;
    }
    return r;
}

std::string unescape(const std::string& s) {
    std::string r;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            r += s[i];
            continue;
        }
        const char c = s[++i];
        r += c == 'n' ? '\n' : c == 'r' ? '\r' : c;
    }
    return r;
}

// Locale-independent numbers: the UI may set LC_NUMERIC to a comma locale.
std::string num(double v) {
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::vector<double> numbers(const std::string& s, std::size_t n, const std::string& key) {
    std::vector<double> r;
    const char* p = s.data();
    const char* end = s.data() + s.size();
    while (p < end) {
        while (p < end && *p == ' ') ++p;
        if (p == end) break;
        double v;
        const auto res = std::from_chars(p, end, v);
        if (res.ec != std::errc() || !std::isfinite(v)) throw InputError("session: bad number in '" + key + "'");
        r.push_back(v);
        p = res.ptr;
    }
    if (r.size() != n) throw InputError("session: '" + key + "' needs " + std::to_string(n) + " numbers");
    return r;
}

// Whole numbers in [lo, hi]: casting anything else to an integer type is undefined.
std::vector<double> integers(const std::string& s, std::size_t n, const std::string& key, double lo, double hi) {
    auto r = numbers(s, n, key);
    for (const double v : r)
        if (v != std::floor(v) || v < lo || v > hi)
            throw InputError("session: '" + key + "' needs whole numbers from " + std::to_string(std::int64_t(lo)) + " to " +
                             std::to_string(std::int64_t(hi)));
    return r;
}

class FileWriter {
public:
    explicit FileWriter(const fs::path& path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd_ < 0) fail("cannot open the temporary file: ");
    }
    ~FileWriter() {
        if (fd_ >= 0) ::close(fd_);
    }
    void write(const void* data, std::size_t n) {
        const char* p = static_cast<const char*>(data);
        while (n) {
            const ssize_t w = ::write(fd_, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) fail("");
            p += w;
            n -= std::size_t(w);
        }
    }
    void close() {
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail("cannot close: ");
    }

private:
    // The caller names the file; the system's reason is what matters here.
    [[noreturn]] void fail(const char* what) { throw IoError(std::string(what) + std::strerror(errno)); }
    int fd_ = -1;
};

// Deflates the labels as little-endian uint16 straight into the file, one
// axial slice at a time.
std::size_t writeLabels(FileWriter& out, const Geometry& g, const SliceSource& slice) {
    z_stream z{};
    if (deflateInit(&z, 1) != Z_OK) throw IoError("session: zlib init failed");
    constexpr std::size_t kChunk = 1 << 18;
    const std::size_t plane = g.size[0] * g.size[1], slices = g.size[2];
    std::vector<std::uint16_t> le(plane);
    std::vector<unsigned char> buf(kChunk);
    std::size_t written = 0;
    for (std::size_t k = 0;;) {
        std::size_t take = 0;  // an empty grid is an empty stream
        if (k < slices && plane) {
            slice(k, le.data());
            if constexpr (std::endian::native != std::endian::little)
                for (auto& v : le) v = std::uint16_t((v >> 8) | (v << 8));
            take = plane;
        }
        ++k;
        const int flush = k >= slices ? Z_FINISH : Z_NO_FLUSH;
        z.next_in = reinterpret_cast<Bytef*>(le.data());
        z.avail_in = uInt(take * 2);
        int rc;
        do {
            z.next_out = buf.data();
            z.avail_out = uInt(buf.size());
            rc = deflate(&z, flush);
            const std::size_t have = buf.size() - z.avail_out;
            out.write(buf.data(), have);
            written += have;
        } while (z.avail_out == 0);
        if (flush == Z_FINISH) {
            deflateEnd(&z);
            if (rc != Z_STREAM_END) throw IoError("session: zlib compression failed");
            return written;
        }
    }
}

std::string header(const Geometry& g, const std::vector<Segment>& segments, const std::string& uid) {
    std::ostringstream h;
    h << kMagic << "\n";
    h << "series=" << escape(uid) << "\n";
    h << "size=" << g.size[0] << " " << g.size[1] << " " << g.size[2] << "\n";
    h << "spacing=" << num(g.spacing[0]) << " " << num(g.spacing[1]) << " " << num(g.spacing[2]) << "\n";
    h << "origin=" << num(g.origin[0]) << " " << num(g.origin[1]) << " " << num(g.origin[2]) << "\n";
    h << "direction=";
    for (int a = 0; a < 3; ++a)
        for (int c = 0; c < 3; ++c) h << (a || c ? " " : "") << num(g.direction[a][c]);
    h << "\n";
    for (const Segment& s : segments) {
        h << "segment=" << s.label << "\n";
        h << "name=" << escape(s.name) << "\n";
        h << "colour=" << int(s.colour.r) << " " << int(s.colour.g) << " " << int(s.colour.b) << "\n";
        h << "visible=" << (s.visible ? 1 : 0) << "\n";
        h << "opacity=" << num(s.opacity) << "\n";
        h << "locked=" << (s.locked ? 1 : 0) << "\n";
        h << "review=" << toString(s.review) << "\n";
        h << "algorithm=" << toString(s.algorithm) << "\n";
        h << "prompt=" << escape(s.prompt) << "\n";
    }
    h << "labels=zlib uint16le\n";
    return h.str();
}
}  // namespace

void saveSession(const fs::path& path, const Geometry& grid, const SliceSource& slice, const std::vector<Segment>& segments,
                 const std::string& seriesInstanceUid) {
    // Sessions and recovery files hold a patient's segmentation: this user's only.
    writeFileAtomically(
        path,
        [&](const fs::path& tmp) {
            FileWriter out(tmp);
            const std::string h = header(grid, segments, seriesInstanceUid);
            out.write(h.data(), h.size());
            writeLabels(out, grid, slice);
            out.close();
            return true;
        },
        {.ownerOnly = true});
}

void saveSession(const fs::path& path, const LabelVolume& labels, const std::vector<Segment>& segments,
                 const std::string& seriesInstanceUid) {
    const std::size_t plane = labels.geometry.size[0] * labels.geometry.size[1];
    saveSession(
        path, labels.geometry,
        [&](std::size_t k, std::uint16_t* out) { std::copy_n(labels.data.data() + k * plane, plane, out); }, segments,
        seriesInstanceUid);
}

void saveSession(const fs::path& path, const SegmentList& list, const std::string& seriesInstanceUid) {
    saveSession(path, list.labels(), list.segments(), seriesInstanceUid);
}

Session loadSession(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("session: cannot open " + path.string());
    std::string line;
    if (!std::getline(in, line) || line != kMagic) throw InputError("session: " + path.string() + " is not an LSMS session");
    Session session;
    Geometry g;
    std::vector<Segment> segments;
    bool sawLabels = false;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) throw InputError("session: bad header line '" + line + "'");
        const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        auto seg = [&]() -> Segment& {
            if (segments.empty()) throw InputError("session: '" + key + "' before any segment");
            return segments.back();
        };
        if (key == "series") session.seriesInstanceUid = unescape(value);
        else if (key == "size") {
            const auto v = integers(value, 3, key, 1, 65535);
            for (int a = 0; a < 3; ++a) g.size[a] = std::size_t(v[a]);
        } else if (key == "spacing") {
            const auto v = numbers(value, 3, key);
            for (const double d : v)
                if (d <= 0) throw InputError("session: spacing must be positive");
            g.spacing = {v[0], v[1], v[2]};
        } else if (key == "origin") {
            const auto v = numbers(value, 3, key);
            g.origin = {v[0], v[1], v[2]};
        } else if (key == "direction") {
            const auto v = numbers(value, 9, key);
            for (int a = 0; a < 3; ++a) g.direction[a] = {v[3 * a], v[3 * a + 1], v[3 * a + 2]};
        } else if (key == "segment") {
            const auto v = integers(value, 1, key, 1, 65535);
            segments.emplace_back().label = std::uint16_t(v[0]);
        } else if (key == "name") seg().name = unescape(value);
        else if (key == "colour") {
            const auto v = integers(value, 3, key, 0, 255);
            seg().colour = {std::uint8_t(v[0]), std::uint8_t(v[1]), std::uint8_t(v[2])};
        } else if (key == "visible") seg().visible = value == "1";
        else if (key == "opacity") {
            const double opacity = numbers(value, 1, key)[0];
            if (opacity < 0 || opacity > 1) throw InputError("session: opacity must be from 0 to 1");
            seg().opacity = opacity;
        }
        else if (key == "locked") seg().locked = value == "1";
        else if (key == "review") seg().review = reviewStatusFromString(value);
        else if (key == "algorithm") seg().algorithm = algorithmFromString(value);
        else if (key == "prompt") seg().prompt = unescape(value);
        else if (key == "labels") {
            if (value != "zlib uint16le") throw InputError("session: unknown label encoding '" + value + "'");
            sawLabels = true;
            break;
        }
        // Unknown keys are skipped so that newer files stay readable.
    }
    if (!sawLabels) throw InputError("session: " + path.string() + " has no label data");
    if (g.voxelCount() == 0) throw InputError("session: empty grid");
    const std::string compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // zlib expands at most about 1032-fold: a grid larger than that is a damaged
    // header, refused before it allocates gigabytes.
    if (double(g.voxelCount()) * 2 > double(compressed.size()) * 1032 + 4096)
        throw InputError("session: label data of " + path.string() + " is too short for its " + std::to_string(g.size[0]) + "x" +
                         std::to_string(g.size[1]) + "x" + std::to_string(g.size[2]) + " grid");
    LabelVolume labels(g, Uninitialized{});
    z_stream z{};
    if (inflateInit(&z) != Z_OK) throw IoError("session: zlib init failed");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = uInt(compressed.size());
    z.next_out = reinterpret_cast<Bytef*>(labels.data.data());
    z.avail_out = uInt(labels.data.size() * 2);
    const int rc = inflate(&z, Z_FINISH);
    const bool complete = rc == Z_STREAM_END && z.avail_out == 0;
    inflateEnd(&z);
    if (!complete) throw InputError("session: label data of " + path.string() + " is truncated or corrupt");
    if constexpr (std::endian::native != std::endian::little)
        for (auto& v : labels.data) v = std::uint16_t((v >> 8) | (v << 8));
    session.list = SegmentList(std::move(labels), std::move(segments));
    return session;
}

fs::path recoveryPath(const fs::path& dir, const std::string& seriesInstanceUid) {
    // UIDs are digits and dots; anything else is replaced so the name stays a file name.
    std::string name;
    for (char c : seriesInstanceUid) name += (std::isalnum(static_cast<unsigned char>(c)) || c == '.') ? c : '_';
    if (name.empty()) name = "unknown-series";
    return dir / (name + ".lsms-recovery");
}

bool hasRecovery(const fs::path& dir, const std::string& seriesInstanceUid) {
    std::error_code ec;
    return fs::is_regular_file(recoveryPath(dir, seriesInstanceUid), ec);
}

Session restore(const fs::path& dir, const std::string& seriesInstanceUid) {
    Session s = loadSession(recoveryPath(dir, seriesInstanceUid));
    if (s.seriesInstanceUid != seriesInstanceUid)
        throw InputError("recovery file belongs to series " + s.seriesInstanceUid);
    return s;
}

void discard(const fs::path& dir, const std::string& seriesInstanceUid) {
    const fs::path p = recoveryPath(dir, seriesInstanceUid);
    std::error_code ec;
    fs::remove(p, ec);
    // What a killed autosave left: the temporary files of this recovery file.
    const std::string prefix = "." + p.filename().string();
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (isTemporaryWriteName(entry.path()) && entry.path().filename().string().rfind(prefix, 0) == 0)
            fs::remove(entry.path(), ec);
}

}  // namespace lsms::edit
