#pragma once
// LibTorch reports a failed check (TORCH_CHECK, a shape or device mismatch,
// an allocation failure) as c10::Error. Callers above models/ know only the
// lsms::Error hierarchy, so every public entry point the command line and the
// viewer call runs its body through torchBoundary(): a torch failure reaches
// them as a one-line ModelError naming what was being done.
#include "lsms/core/error.h"

#include <c10/util/Exception.h>

#include <string>
#include <utility>

namespace lsms::models {

inline std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

template <class F>
decltype(auto) torchBoundary(const char* doing, F&& body) {
    try {
        return std::forward<F>(body)();
    } catch (const c10::Error& e) {
        throw ModelError(std::string(doing) + " failed inside LibTorch: " + firstLine(e.what_without_backtrace()));
    }
}

}  // namespace lsms::models
