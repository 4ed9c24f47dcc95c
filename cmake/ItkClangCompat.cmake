# Debian's ITK 5.2 generated its compiler detection for GCC alone, so its
# headers stop clang with "Unsupported compiler" — and libFuzzer builds need
# clang. This makes a copy of ITK's include folder out of links, with one
# file changed: the detection also accepts clang and takes every C++ feature
# ITK asks about as present (clang 14 in C++20 has them all). Quoted includes
# resolve beside the including file, so the whole folder has to be mirrored.
# Sets ITK_CLANG_COMPAT_DIR; put it before ITK's own include folder.
function(lsms_itk_clang_compat itk_include_dir)
  set(out "${CMAKE_BINARY_DIR}/itk-clang-compat")
  set(ITK_CLANG_COMPAT_DIR "${out}" PARENT_SCOPE)
  if(EXISTS "${out}/itk_compiler_detection.h")
    return()
  endif()
  file(MAKE_DIRECTORY "${out}")
  file(GLOB entries RELATIVE "${itk_include_dir}" "${itk_include_dir}/*")
  foreach(entry IN LISTS entries)
    if(NOT entry STREQUAL "itk_compiler_detection.h")
      file(CREATE_LINK "${itk_include_dir}/${entry}" "${out}/${entry}" SYMBOLIC)
    endif()
  endforeach()
  file(STRINGS "${itk_include_dir}/compilers/ITK_COMPILER_INFO_GNU_CXX.h" lines REGEX "define ITK_COMPILER_CXX_[A-Z_0-9]+ ")
  set(features "")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "ITK_COMPILER_CXX_[A-Z_0-9]+" name "${line}")
    string(APPEND features "#    define ${name} 1\n")
  endforeach()
  file(READ "${itk_include_dir}/itk_compiler_detection.h" detection)
  string(REPLACE "#  if ITK_COMPILER_IS_GNU\n"
    "#  if ITK_COMPILER_IS_Clang\n#    define ITK_COMPILER_VERSION_MAJOR __clang_major__\n#    define ITK_COMPILER_VERSION_MINOR __clang_minor__\n#    define ITK_COMPILER_VERSION_PATCH __clang_patchlevel__\n${features}#  elif ITK_COMPILER_IS_GNU\n"
    patched "${detection}")
  if(patched STREQUAL detection)
    message(FATAL_ERROR "ITK's compiler detection has another form than expected: cannot make it accept clang")
  endif()
  file(WRITE "${out}/itk_compiler_detection.h" "${patched}")
endfunction()
