// The expressions.json of a real-data case (docs/real-data.md).
#include "fuzz_input.h"
#include "lsms/workflow/real_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = lsms::fuzz::writeInput(data, size, "expressions.json");
    lsms::fuzz::refusalsOnly([&] { lsms::workflow::readExpressions(file); });
    return 0;
}
