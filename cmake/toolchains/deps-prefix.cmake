# The prefix where tools/build-deps.sh installed the libraries built for this toolchain's target
# (protobuf, Boost.Program_options), shared by the toolchain files: a -D on the command line or an
# environment variable UDPLAB_DEPS_PREFIX wins; otherwise build/deps/TARGET of this repository, when
# it exists.
#
#   include(${CMAKE_CURRENT_LIST_DIR}/deps-prefix.cmake)
#   udplab_default_deps_prefix(mingw)
macro(udplab_default_deps_prefix target)
  if(NOT DEFINED UDPLAB_DEPS_PREFIX AND DEFINED ENV{UDPLAB_DEPS_PREFIX})
    set(UDPLAB_DEPS_PREFIX "$ENV{UDPLAB_DEPS_PREFIX}")
  endif()
  if(NOT DEFINED UDPLAB_DEPS_PREFIX AND EXISTS "${CMAKE_CURRENT_LIST_DIR}/../../build/deps/${target}")
    get_filename_component(UDPLAB_DEPS_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../../build/deps/${target}" ABSOLUTE)
  endif()
  # try_compile() projects read the toolchain file again but do not see the caller's variables
  # unless listed.
  list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES UDPLAB_DEPS_PREFIX)
endmacro()
