// Precompiled for every lsms_models source (see CMakeLists.txt).
#include <torch/torch.h>
