#pragma once
// A locale whose decimal separator is ',' (de_DE.UTF-8) set as the global C
// and C++ locale for one scope, as a user's desktop session sets it for the
// viewer. Where de_DE.UTF-8 is not installed it is compiled from the system's
// locale sources (localedef) into a temporary folder named by LOCPATH.
#include "support/series_fixture.h"

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <locale>
#include <memory>
#include <stdexcept>
#include <string>

namespace lsms::test {

class CommaLocale {
public:
    CommaLocale() {
        if (!tryGlobal()) {
            dir_ = std::make_unique<TempDir>("locale");
            const std::string cmd = "localedef -i de_DE -f UTF-8 " + (dir_->path() / "de_DE.UTF-8").string() + " >/dev/null 2>&1";
            if (std::system(cmd.c_str()) == 0) {
                ::setenv("LOCPATH", dir_->path().c_str(), 1);
                tryGlobal();
            }
        }
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.1f", 1.5);
        active_ = set_ && std::string(buf) == "1,5";
    }
    ~CommaLocale() {
        if (set_) std::locale::global(previous_);
        if (dir_) ::unsetenv("LOCPATH");
    }
    CommaLocale(const CommaLocale&) = delete;
    CommaLocale& operator=(const CommaLocale&) = delete;

    // printf and streams now write "1,5" for 1.5.
    bool active() const { return active_; }

private:
    bool tryGlobal() {
        try {
            previous_ = std::locale::global(std::locale("de_DE.UTF-8"));
            set_ = true;
        } catch (const std::runtime_error&) {
        }
        return set_;
    }

    std::unique_ptr<TempDir> dir_;
    std::locale previous_;
    bool set_ = false;
    bool active_ = false;
};

}  // namespace lsms::test
