#pragma once
// Minimal argument parsing for the `lsms` subcommands: positionals plus
// --flag and --key value options. Unknown options are errors, never ignored.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lsms::cli {

// --help (or -h) after a command: thrown by expectPositionals, before the
// command does anything, with that command's usage; main prints it and exits 0.
struct HelpRequested {
    std::string usage;
};

inline bool isHelpFlag(const std::string& a) { return a == "--help" || a == "-h"; }

class Args {
public:
    // `valued` options take the next argument; `flags` take none.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
         const std::set<std::string>& flags);

    const std::vector<std::string>& positionals() const { return positionals_; }
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = "") const;
    long long integer(const std::string& name, long long fallback) const;
    double number(const std::string& name, double fallback) const;
    // A number from 0 to 1 (a probability); `open`: 0 and 1 themselves refused.
    double fraction(const std::string& name, double fallback, bool open) const;
    // Throws HelpRequested if --help or -h was given, else lsms::InputError
    // unless there are between min and max positionals.
    void expectPositionals(std::size_t min, std::size_t max, const std::string& usage) const;

private:
    std::vector<std::string> positionals_;
    std::set<std::string> flags_;
    std::map<std::string, std::string> values_;
    bool help_ = false;
};

}  // namespace lsms::cli
