// Prints the OpenMP wait policy a program sees after useOpenMpPassiveWait,
// and how many times it started (1 + re-executions), for the CTests.
#include "lsms/core/openmp_wait.h"

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int, char** argv) {
    const char* starts = std::getenv("LSMS_PROBE_STARTS");
    const int n = starts ? std::atoi(starts) + 1 : 1;
    setenv("LSMS_PROBE_STARTS", std::to_string(n).c_str(), 1);
    lsms::useOpenMpPassiveWait(argv);
    std::printf("policy=%s starts=%d\n", std::getenv("OMP_WAIT_POLICY"), n);
    return 0;
}
