// lsms-bench-edit: the editing benchmark on its own, until `lsms bench edit` calls it.
#include "lsms/core/edit/benchmark.h"

#include <iostream>

int main() {
    lsms::edit::runEditBenchmark(std::cout);
    return 0;
}
