#pragma once
// The NIfTI header checked before ITK sees it. ITK's reader abort()s the whole
// process on a non-finite sform or qform (vnl's SVD asserts), so such values
// must be refused here, with the field named, as bad input.
#include <filesystem>

namespace lsms::detail {

// Throws InputError if the header (NIfTI-1 or NIfTI-2, either byte order,
// gzipped or not) holds non-finite or impossible geometry; a file too short
// for a header is left to ITK, which refuses it.
void checkNiftiHeader(const std::filesystem::path& file);

}  // namespace lsms::detail
