#pragma once
// Each `lsms` subcommand: takes the arguments after its name, returns the exit status.
#include <string>
#include <vector>

namespace lsms::cli {

using Argv = std::vector<std::string>;

#ifdef LSMS_WITH_IO
int cmdInfo(const Argv& args);
int cmdPhantom(const Argv& args);
int cmdBenchLoad(const Argv& args);
#endif
#ifdef LSMS_WITH_MODELS
// Added by the models work (issue 3): train, eval, segment, bench model.
#endif

}  // namespace lsms::cli
