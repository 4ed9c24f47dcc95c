#pragma once
// LibTorch's CPU kernels run on OpenMP threads, which by default spin at
// every barrier waiting for each other. On a machine whose cores are also
// busy with other work (a build, a second program), a spinning thread holds
// a core its partner needs, and a prompt that takes 8 s idle took minutes.
// Passive waiting (the threads sleep) costs little when idle and keeps the
// slowdown under load near the share of the cores actually left.
//
// OpenMP reads OMP_WAIT_POLICY once, when the runtime library is loaded,
// before main(): so a program that wants it re-executes itself once with it
// set. A policy the user set is kept.
namespace lsms {

// Call first in main(). Returns only if no re-execution was needed or it
// failed (the program then runs as it is).
void useOpenMpPassiveWait(char** argv);

}  // namespace lsms
