#pragma once
// Editing benchmark for `lsms bench edit`: times on a synthetic 512x512x300
// label volume (0.7 x 0.7 x 1 mm). Not a test: it prints, it does not judge.
#include <ostream>

namespace lsms::edit {

// Brush dab latency (10 mm disc, goal <= 2 ms), keep-largest-island and
// fill-between on the full grid, undo memory per stroke. Takes a few seconds
// and about 200 MB.
void runEditBenchmark(std::ostream& out);

}  // namespace lsms::edit
