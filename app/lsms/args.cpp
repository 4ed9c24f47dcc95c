#include "args.h"

#include "lsms/core/error.h"

#include <charconv>

namespace lsms::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (isHelpFlag(a)) {
            help_ = true;
            continue;
        }
        if (a.rfind("--", 0) != 0 || a.size() == 2) {
            positionals_.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::string inlineValue;
        bool hasInline = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasInline = true;
        }
        if (valued.count(name)) {
            if (hasInline) {
                values_[name] = inlineValue;
            } else {
                if (i + 1 >= argv.size()) throw InputError("option --" + name + " needs a value");
                values_[name] = argv[++i];
            }
        } else if (flags.count(name) && !hasInline) {
            flags_.insert(name);
        } else {
            throw InputError("unknown option --" + name);
        }
    }
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

long long Args::integer(const std::string& name, long long fallback) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    long long v = 0;
    const std::string& s = it->second;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        throw InputError("--" + name + " expects an integer, got '" + s + "'");
    return v;
}

double Args::number(const std::string& name, double fallback) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    const std::string& s = it->second;
    try {
        std::size_t used = 0;
        double v = std::stod(s, &used);
        if (used == s.size()) return v;
    } catch (const std::exception&) {
    }
    throw InputError("--" + name + " expects a number, got '" + s + "'");
}

double Args::fraction(const std::string& name, double fallback, bool open) const {
    const double v = number(name, fallback);
    if (!(open ? v > 0 && v < 1 : v >= 0 && v <= 1)) throw InputError("--" + name + " must lie between 0 and 1");
    return v;
}

void Args::expectPositionals(std::size_t min, std::size_t max, const std::string& usage) const {
    if (help_) throw HelpRequested{usage};
    if (positionals_.size() < min || positionals_.size() > max) throw InputError("usage: " + usage);
}

}  // namespace lsms::cli
