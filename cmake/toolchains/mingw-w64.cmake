# CMake toolchain: Windows x86_64 programs built on Debian with MinGW-w64 GCC, run here under Wine.
#
#   cmake -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64.cmake \
#         [-DUDPLAB_DEPS_PREFIX=/abs/path/build/deps/mingw] ...
#
# Needs the Debian packages g++-mingw-w64-x86-64-posix (compilers, MinGW headers and libraries under
# /usr/x86_64-w64-mingw32) and, to run what it builds, wine64. Debian ships no MinGW builds of
# protobuf or Boost: tools/build-deps.sh mingw builds them into UDPLAB_DEPS_PREFIX (default
# build/deps/mingw beside this file's repository), and that prefix is searched like a sysroot.

# Setting CMAKE_SYSTEM_NAME is what makes CMake treat the build as a cross build (CMAKE_CROSSCOMPILING,
# .exe suffixes, Windows platform rules).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

# The -posix compilers use the winpthreads thread model: with GCC 12 only these have std::thread,
# std::mutex and std::condition_variable (the -win32 ones do not).
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
# Resource compiler, for projects that enable the RC language (version resources in .rc files).
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

# Where libraries built for this target were installed (deps-prefix.cmake says how it is found).
include(${CMAKE_CURRENT_LIST_DIR}/deps-prefix.cmake)
udplab_default_deps_prefix(mingw)

# Headers, libraries and CMake packages come only from the target's roots (the MinGW runtime and the
# deps prefix), never from the host's /usr, whose glibc headers and ELF libraries would break the
# build. Programs (protoc, code generators, wine) are host programs and come from the host.
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${UDPLAB_DEPS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Lets ctest, add_test() and add_custom_command() run the built .exe files through Wine. Left unset
# where Wine is not installed: building does not need it.
find_program(UDPLAB_WINE NAMES wine wine64 DOC "Wine, to run the Windows programs built here")
if(UDPLAB_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${UDPLAB_WINE}")
endif()

# Link executables fully static: otherwise they need libstdc++-6.dll, libgcc_s_seh-1.dll and
# libwinpthread-1.dll at run time, which Wine (and a bare Windows) does not have: they fail to start
# with status c0000135.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
