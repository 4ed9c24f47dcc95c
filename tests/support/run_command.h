#pragma once
// Runs a shell command for tests that check our tools or third-party
// validators (dciodvfy, pydicom, nibabel): stdout and stderr together.
#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <sys/wait.h>

namespace lsms::test {

inline std::string run(const std::string& cmd, int* status = nullptr) {
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    if (!p) throw std::runtime_error("cannot run: " + cmd);
    std::string out;
    std::array<char, 4096> buf{};
    while (fgets(buf.data(), int(buf.size()), p)) out += buf.data();
    const int rc = pclose(p);
    if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

}  // namespace lsms::test
