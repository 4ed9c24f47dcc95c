#pragma once
// A minimal JSON writer for reports and logs, so the models library needs
// no JSON dependency in the models-only (GPU) build.
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

namespace lsms::models::json {

inline std::string quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += char(c);
                }
        }
    }
    return out + "\"";
}

inline std::string number(double v) {
    if (!std::isfinite(v)) return "null";
    std::ostringstream os;
    os.precision(6);
    os << v;
    return os.str();
}

// Builds one object: Object().add("a", 1).add("b", "x").str()
class Object {
public:
    Object& raw(const std::string& key, const std::string& json) {
        body_ += (body_.empty() ? "" : ",") + quote(key) + ":" + json;
        return *this;
    }
    Object& add(const std::string& key, double v) { return raw(key, number(v)); }
    Object& add(const std::string& key, int v) { return raw(key, std::to_string(v)); }
    Object& add(const std::string& key, long v) { return raw(key, std::to_string(v)); }
    Object& add(const std::string& key, long long v) { return raw(key, std::to_string(v)); }
    Object& add(const std::string& key, unsigned long v) { return raw(key, std::to_string(v)); }
    Object& add(const std::string& key, unsigned long long v) { return raw(key, std::to_string(v)); }
    Object& add(const std::string& key, bool v) { return raw(key, v ? "true" : "false"); }
    Object& add(const std::string& key, const std::string& v) { return raw(key, quote(v)); }
    Object& add(const std::string& key, const char* v) { return raw(key, quote(v)); }
    std::string str() const { return "{" + body_ + "}"; }

private:
    std::string body_;
};

template <typename Range, typename F>
std::string array(const Range& r, F toJson) {
    std::string out = "[";
    bool first = true;
    for (const auto& x : r) {
        out += (first ? "" : ",") + toJson(x);
        first = false;
    }
    return out + "]";
}

}  // namespace lsms::models::json
