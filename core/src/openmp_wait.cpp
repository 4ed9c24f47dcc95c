#include "lsms/core/openmp_wait.h"

#include <cstdlib>
#include <unistd.h>

namespace lsms {

void useOpenMpPassiveWait(char** argv) {
    // A user's own OpenMP waiting choice (libgomp's spin count included) is kept.
    if (std::getenv("OMP_WAIT_POLICY") != nullptr || std::getenv("GOMP_SPINCOUNT") != nullptr) return;
    if (setenv("OMP_WAIT_POLICY", "PASSIVE", 0) != 0) return;
    // /proc/self/exe: the same binary, whatever argv[0] or PATH say.
    execv("/proc/self/exe", argv);
}

}  // namespace lsms
