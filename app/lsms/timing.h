#pragma once
// Shared by the `lsms bench` commands: wall-clock timing and medians.
#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace lsms::cli {

inline double seconds(const std::function<void()>& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace lsms::cli
