#include "lsms/core/volume_allocator.h"

#include <sys/mman.h>

namespace lsms {

void adviseHugePages(void* p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
    ::madvise(p, bytes, MADV_HUGEPAGE);  // a hint: failure only costs speed
#else
    (void)p;
    (void)bytes;
#endif
}

}  // namespace lsms
