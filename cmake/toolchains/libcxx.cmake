# CMake toolchain: Linux x86_64 with clang 16 and LLVM's C++ library (libc++) instead of libstdc++.
#
#   cmake -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/libcxx.cmake \
#         [-DUDPLAB_DEPS_PREFIX=/abs/path/build/deps/libcxx] ...
#
# Needs the Debian packages clang-16, libc++-16-dev and libc++abi-16-dev. C++ libraries built against
# libstdc++ (all of Debian's: protobuf, Boost, gRPC) cannot be linked into a libc++ program, as
# std::string and friends differ; tools/build-deps.sh libcxx builds protobuf and
# Boost.Program_options with this file into UDPLAB_DEPS_PREFIX (default build/deps/libcxx beside
# this file's repository), which is searched before the system's directories.
#
# Not a cross build (same OS and CPU), so CMAKE_SYSTEM_NAME stays unset and programs built here run
# directly.

set(CMAKE_C_COMPILER clang-16)
set(CMAKE_CXX_COMPILER clang++-16)

# -stdlib=libc++ picks libc++'s headers when compiling and libc++/libc++abi when linking; it has to be
# in both, and in every kind of link.
# Boost 1.74's headers still use names that libc++ 16 removes as the standard did: std::result_of
# (and the other type traits dropped by C++20) from C++20 on, std::unary_function and
# std::binary_function from C++17 on. These two macros keep them declared.
set(CMAKE_CXX_FLAGS_INIT
    "-stdlib=libc++ -D_LIBCPP_ENABLE_CXX20_REMOVED_TYPE_TRAITS -D_LIBCPP_ENABLE_CXX17_REMOVED_UNARY_BINARY_FUNCTION")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-stdlib=libc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-stdlib=libc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-stdlib=libc++")

# Where libraries built for this target were installed (deps-prefix.cmake says how it is found).
include(${CMAKE_CURRENT_LIST_DIR}/deps-prefix.cmake)
udplab_default_deps_prefix(libcxx)

# Search the deps prefix before the system's directories, so that find_path()/find_library() pick its
# libc++ builds over the libstdc++ ones in /usr. This cannot hide a package's CMake config found in
# /usr (Debian's BoostConfig.cmake names /usr/lib's libstdc++ Boost libraries): a consumer turns that
# off itself (for Boost: -DBoost_NO_BOOST_CMAKE=ON, see tools/build-deps.sh).
if(UDPLAB_DEPS_PREFIX AND NOT UDPLAB_DEPS_PREFIX IN_LIST CMAKE_PREFIX_PATH)
  list(PREPEND CMAKE_PREFIX_PATH "${UDPLAB_DEPS_PREFIX}")
endif()
