// A session or recovery file, as opened after a crash.
#include "fuzz_input.h"
#include "lsms/core/edit/session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = lsms::fuzz::writeInput(data, size, "study.lsms");
    lsms::fuzz::refusalsOnly([&] { lsms::edit::loadSession(file); });
    return 0;
}
