#!/usr/bin/env bash
# Builds the C++ libraries udplab needs that Debian does not ship for other targets:
# protobuf's runtime library (libprotobuf) and Boost.Program_options, both static.
#
#   tools/build-deps.sh mingw  [PREFIX]   Windows x86_64, x86_64-w64-mingw32-g++-posix
#                                         (toolchain file cmake/toolchains/mingw-w64.cmake)
#   tools/build-deps.sh libcxx [PREFIX]   Linux, clang++-16 -stdlib=libc++
#                                         (toolchain file cmake/toolchains/libcxx.cmake)
#
# PREFIX defaults to build/deps/<target> under the repository; a relative PREFIX is taken from the
# current directory. Results:
#   PREFIX/include/google/protobuf/...             protobuf headers
#   PREFIX/include/boost -> /usr/include/boost     the host's Boost 1.74 headers (symlink)
#   PREFIX/lib/libprotobuf.a, libprotobuf-lite.a   protobuf runtime
#   PREFIX/lib/cmake/protobuf/                     protobuf's own CMake package config
#   PREFIX/lib/libboost_program_options.a
#   PREFIX/.stamp                                  what the build used; unchanged -> nothing to do
# Build logs go to PREFIX/../logs/, the downloaded Debian sources to build/deps/src/ (shared by the
# targets, downloaded once). Boost.Test (header-only variant) and Asio need only the headers.
#
# Code generation stays with the host's protoc (protobuf-compiler), which must be the same version
# as the runtime built here (3.21.12): the script checks it.
#
# A CMake consumer finds the results with the toolchain file and the prefix (PREFIX absolute; the
# toolchain files default it to build/deps/<target> of this repository when that exists). Tested with
# find_package(Protobuf REQUIRED) (module mode, as udplab uses it; protobuf_generate() works) and
# find_package(Boost 1.74 REQUIRED COMPONENTS program_options):
#   mingw:  -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64.cmake -DUDPLAB_DEPS_PREFIX=PREFIX
#           The toolchain makes PREFIX a find root, so FindProtobuf takes PREFIX/include,
#           PREFIX/lib/libprotobuf.a and the host's /usr/bin/protoc, and FindBoost takes
#           PREFIX/include and PREFIX/lib/libboost_program_options.a (no Boost CMake config is in
#           the roots). ctest runs the .exe files through Wine (CMAKE_CROSSCOMPILING_EMULATOR).
#   libcxx: -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/libcxx.cmake -DUDPLAB_DEPS_PREFIX=PREFIX
#           -DBoost_NO_BOOST_CMAKE=ON
#           The toolchain puts PREFIX first in CMAKE_PREFIX_PATH, so FindProtobuf and FindBoost
#           take PREFIX's files even with Debian's libprotobuf-dev and libboost-*-dev installed.
#           Boost_NO_BOOST_CMAKE is needed: without it FindBoost loads Debian's BoostConfig.cmake,
#           whose program_options is built against libstdc++ and fails to link (std::__cxx11).
#   -DBoost_USE_STATIC_LIBS=ON may be added to either; PREFIX has only static libraries anyway.
#   Without relying on search paths: -DProtobuf_INCLUDE_DIR=PREFIX/include
#   -DProtobuf_LIBRARY=PREFIX/lib/libprotobuf.a -DProtobuf_PROTOC_EXECUTABLE=/usr/bin/protoc
#   -DBoost_INCLUDE_DIR=PREFIX/include -DBoost_LIBRARY_DIR=PREFIX/lib -DBoost_NO_BOOST_CMAKE=ON.
#   Config mode, find_package(Protobuf CONFIG), finds PREFIX/lib/cmake/protobuf the same way, but its
#   protobuf_generate() needs a protobuf::protoc target that a build without protoc does not export:
#   declare it first (add_executable(protobuf::protoc IMPORTED), IMPORTED_LOCATION /usr/bin/protoc).
#   Outside CMake, use -isystem PREFIX/include (not -I): through the symlink the Boost headers are
#   otherwise not system headers, and clang's -Wdeprecated warnings about them fail -Werror builds.
#
# Sources come only from Debian source packages, fetched with apt-get (needs root once; CI runs as
# root). If no deb-src entry for the release exists, one is added as
# /etc/apt/sources.list.d/udplab-deb-src.sources, mirroring the deb entries of debian.sources.
#
# Environment: UDPLAB_JOBS (parallel compile jobs, default nproc).
set -euo pipefail

# The versions udplab is built against on Debian 12; the source packages must provide exactly these.
readonly protobuf_version=3.21.12
readonly boost_version=1.74.0
readonly boost_source_package=boost1.74

say() { printf '[deps] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
script="$repo/tools/build-deps.sh"

target=${1:-}
case $target in
  mingw)
    toolchain="$repo/cmake/toolchains/mingw-w64.cmake"
    cxx=x86_64-w64-mingw32-g++-posix   # the compiler the toolchain file names, for the stamp
    # Debian packages this target needs, checked by a file each ("file:package").
    target_needs=("/usr/bin/$cxx:g++-mingw-w64-x86-64-posix") ;;
  libcxx)
    toolchain="$repo/cmake/toolchains/libcxx.cmake"
    cxx=clang++-16
    target_needs=("/usr/bin/$cxx:clang-16"
                  "/usr/lib/llvm-16/include/c++/v1/vector:libc++-16-dev"
                  "/usr/lib/llvm-16/lib/libc++abi.so:libc++abi-16-dev") ;;
  *)
    echo "usage: tools/build-deps.sh mingw|libcxx [PREFIX]" >&2
    exit 2 ;;
esac
[[ $# -le 2 ]] || die "too many arguments (usage: tools/build-deps.sh mingw|libcxx [PREFIX])"

prefix=${2:-$repo/build/deps/$target}
[[ $prefix == /* ]] || prefix="$PWD/$prefix"
prefix=${prefix%/}
deps_root=$(dirname "$prefix")
logs="$deps_root/logs"
work="$deps_root/work/$(basename "$prefix")"   # build trees, removed after a successful build
src_cache="$repo/build/deps/src"                # downloaded source packages, shared by targets
jobs=${UDPLAB_JOBS:-$(nproc)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "UDPLAB_JOBS must be a positive number, not '$jobs'"

# Microseconds since the epoch, without a fork (EPOCHREALTIME's separator follows the locale).
now_us() { local t=${EPOCHREALTIME//[!0-9]/}; echo "$t"; }
since() { local d=$(( $(now_us) - $1 )); printf '%d.%02d s' $((d / 1000000)) $((d / 10000 % 100)); }
start=$(now_us)

# Everything the built libraries depend on; any change means a rebuild. Cheap on purpose (a few
# milliseconds): it decides the cache hit. protoc's version is in it so that a host protoc upgrade
# leads to the version check below instead of silently mismatched generated code.
stamp_text() {
  local cxx_version protoc_version boost_hdr hash
  cxx_version=$("$cxx" --version 2>/dev/null) || cxx_version="(missing)"
  protoc_version=$(protoc --version 2>/dev/null) || protoc_version="(missing)"
  boost_hdr=$(host_boost_version)
  hash=$(cat "$script" "$toolchain" "$repo/cmake/toolchains/deps-prefix.cmake" | sha256sum)
  printf 'target=%s\nprotobuf=%s\nboost=%s\nboost_headers=%s\ncompiler=%s\nprotoc=%s\nsha256=%s\n' \
    "$target" "$protobuf_version" "$boost_version" "$boost_hdr" "${cxx_version%%$'\n'*}" \
    "$protoc_version" "${hash%% *}"
}

# The Boost version of the headers in /usr/include/boost, as 1.74.0 (empty when absent).
host_boost_version() {
  local line v
  [[ -f /usr/include/boost/version.hpp ]] || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^#define[[:space:]]+BOOST_VERSION[[:space:]]+([0-9]+) ]]; then
      v=${BASH_REMATCH[1]}
      echo "$((v / 100000)).$((v / 100 % 1000)).$((v % 100))"
      return 0
    fi
  done < /usr/include/boost/version.hpp
}

up_to_date() {
  [[ -f $prefix/.stamp && -f $prefix/lib/libprotobuf.a && -f $prefix/lib/libboost_program_options.a ]] &&
    [[ $(< "$prefix/.stamp") == "$(stamp_text)" ]]
}

if up_to_date; then
  say "$target: up to date in $prefix ($(since "$start"))"
  exit 0
fi

mkdir -p "$deps_root" "$logs" "$src_cache"
# One build per prefix at a time, and one download at a time; a second run of the same target waits
# and then usually finds the first one's result.
exec {prefix_lock}> "$deps_root/.lock-$(basename "$prefix")"
flock "$prefix_lock"
if up_to_date; then
  say "$target: up to date in $prefix (built by a concurrent run)"
  exit 0
fi
# Never wipe a directory this script did not make.
if [[ -d $prefix && ! -f $prefix/.udplab-deps ]] && [[ -n $(ls -A "$prefix") ]]; then
  die "$prefix exists, is not empty and was not made by this script: pick another PREFIX"
fi

# --- Host packages and sources -------------------------------------------------------------------

apt_opts=(-o DPkg::Lock::Timeout=600)   # other apt users on the machine: wait, don't fail
apt_log="$logs/apt.log"

missing_packages() {
  local need file
  for need in "/usr/bin/cmake:cmake" "/usr/bin/ninja:ninja-build" "/usr/bin/protoc:protobuf-compiler" \
              "/usr/include/boost/version.hpp:libboost-dev" "/usr/bin/xz:xz-utils" "/usr/bin/patch:patch" \
              "${target_needs[@]}"; do
    file=${need%%:*}
    [[ -e $file ]] || echo "${need#*:}"
  done
}

# The orig and debian tarballs of a source package are complete and match its .dsc's checksums.
# $1 = source package, $2 = upstream version; succeeds when exactly one such .dsc is there and verifies.
sources_ok() {
  local dscs=() line sum name in_sums=0
  shopt -s nullglob
  dscs=("$src_cache/$1_$2"*.dsc)
  shopt -u nullglob
  [[ ${#dscs[@]} -eq 1 ]] || return 1
  while IFS= read -r line; do
    if [[ $line == Checksums-Sha256:* ]]; then in_sums=1; continue; fi
    [[ $in_sums -eq 1 ]] || continue
    [[ $line == ' '* ]] || break
    read -r sum _ name <<< "$line"
    [[ -f $src_cache/$name ]] || return 1
    echo "$sum  $name"
  done < "${dscs[0]}" | (cd "$src_cache" && sha256sum --quiet --strict -c - >/dev/null 2>&1)
}

have_sources() { sources_ok protobuf "$protobuf_version" && sources_ok "$boost_source_package" "$boost_version"; }

# shellcheck source=/dev/null
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")

# Is there an enabled deb-src entry for this release, in either sources format?
has_deb_src() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] && grep -qE "^[[:space:]]*deb-src[[:space:]].*[[:space:]]$codename([[:space:]]|\$)" "$f" && return 0
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] && awk -v suite="$codename" 'BEGIN { RS = ""; FS = "\n" }
      /(^|\n)Types:[^\n]*deb-src/ && !/(^|\n)Enabled:[ \t]*no/ {
        for (i = 1; i <= NF; i++) if ($i ~ "^Suites:.*[ \t]" suite "([ \t]|$)") found = 1 }
      END { exit !found }' "$f" && return 0
  done
  return 1
}

# deb-src twin of every deb stanza in debian.sources: same URIs, Suites, Components and Signed-By,
# so sources come from the same archive (and keys) as the installed binaries.
add_deb_src() {
  local from=/etc/apt/sources.list.d/debian.sources to=/etc/apt/sources.list.d/udplab-deb-src.sources
  [[ -f $from ]] || die "no $from to copy a deb-src entry from: add a deb-src line for $codename and re-run"
  awk 'BEGIN { RS = ""; FS = "\n" }
    { deb = 0; keep = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^Types:/) { if ($i ~ /[ \t]deb([ \t]|$)/) deb = 1; continue }
        if ($i ~ /^(URIs|Suites|Components|Signed-By):/) keep = keep $i "\n" }
      if (deb) printf "%sTypes: deb-src\n%s", (n++ ? "\n" : ""), keep }' "$from" > "$to.tmp"
  [[ -s $to.tmp ]] || { rm -f "$to.tmp"; die "found no deb entry in $from"; }
  mv "$to.tmp" "$to"
  say "added $to"
}

fetch_and_install() {
  local missing=() need_sources=0
  mapfile -t missing < <(missing_packages)
  # Waits for a concurrent download by the other target before looking at the cache.
  exec {src_lock}> "$src_cache/.lock"
  flock "$src_lock"
  have_sources || need_sources=1
  [[ ${#missing[@]} -eq 0 && $need_sources -eq 0 ]] && return 0

  if [[ $(id -u) -ne 0 ]]; then
    if [[ $need_sources -eq 1 ]]; then
      die "no Debian sources in $src_cache and not root: run 'sudo tools/build-deps.sh $target' once (it fetches them with apt-get source)"
    fi
    die "missing packages; as root run: apt-get install -y ${missing[*]}"
  fi
  : > "$apt_log"
  if [[ $need_sources -eq 1 ]] && ! has_deb_src; then
    add_deb_src
  fi
  say "apt-get update (log: $apt_log)"
  apt-get "${apt_opts[@]}" update -qq >> "$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get update failed"; }
  if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends \
      "${missing[@]}" >> "$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get install failed"; }
  fi
  if [[ $need_sources -eq 1 ]]; then
    say "downloading source packages protobuf and $boost_source_package into $src_cache"
    # Clears what a broken earlier download left, so apt-get does not trust it.
    rm -f "$src_cache"/protobuf_* "$src_cache/${boost_source_package}"_*
    # apt warns that it downloads unsandboxed (the _apt user cannot write into the cache): harmless.
    (cd "$src_cache" && apt-get "${apt_opts[@]}" source --download-only protobuf "$boost_source_package") \
      >> "$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get source failed"; }
    sources_ok protobuf "$protobuf_version" ||
      die "Debian's protobuf source is not $protobuf_version (see $src_cache); this script expects it"
    sources_ok "$boost_source_package" "$boost_version" ||
      die "Debian's $boost_source_package source is not $boost_version (see $src_cache)"
  fi
}

fetch_and_install
say "$target: building protobuf $protobuf_version and Boost.Program_options $boost_version into $prefix"

# The generated code and the runtime must be the same protobuf release; program_options is compiled
# against the host's Boost headers, which must be the release of its sources.
host_protoc=$(protoc --version)
[[ $host_protoc == "libprotoc $protobuf_version" ]] ||
  die "host protoc is '$host_protoc' but the runtime built here is $protobuf_version: generated code would not compile"
[[ $(host_boost_version) == "$boost_version" ]] ||
  die "/usr/include/boost is Boost $(host_boost_version), the sources are $boost_version"

# --- Builds ---------------------------------------------------------------------------------------

# The stamp does not record the environment, so the environment must not change the result.
unset CFLAGS CXXFLAGS CPPFLAGS LDFLAGS CC CXX

# Runs a command with its output appended to a log; on failure shows the log's end and stops.
run_logged() {
  local log=$1
  shift
  printf '+ %s\n' "$*" >> "$log"
  "$@" >> "$log" 2>&1 || {
    local rc=$?
    say "failed (exit $rc): $*"
    say "last lines of $log:"
    tail -n 40 "$log" >&2
    exit "$rc"
  }
}

# Everything is installed (with DESTDIR, so that paths written into installed files name PREFIX) into
# a staging tree, which replaces PREFIX only at the end: builds using the old PREFIX meanwhile keep
# working, and a failed build leaves the old PREFIX alone.
rm -rf "$work"
destdir="$work/destdir"
staged="$destdir$prefix"
mkdir -p "$staged/include" "$staged/lib"
touch "$staged/.udplab-deps"
# -I PREFIX/include then gives the host's Boost headers without -I /usr/include, which would bring
# glibc's headers into a MinGW build and break libc++'s include order.
ln -s /usr/include/boost "$staged/include/boost"

cmake_common=(-G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_TOOLCHAIN_FILE=$toolchain"
              "-DUDPLAB_DEPS_PREFIX=$staged" "-DCMAKE_INSTALL_PREFIX=$prefix"
              -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_INSTALL_INCLUDEDIR=include
              # PIC so that the static libraries can also go into shared objects (fuzzers, plugins);
              # MinGW ignores it.
              -DCMAKE_POSITION_INDEPENDENT_CODE=ON)

# protobuf: the orig tarball plus Debian's patches, i.e. the sources of Debian's own libprotobuf.
step=$(now_us)
log="$logs/$target-protobuf.log"
: > "$log"
say "protobuf $protobuf_version: unpacking, patching, building with -j $jobs (log: $log)"
pb_src="$work/protobuf-src"
mkdir -p "$pb_src"
shopt -s nullglob
pb_orig=("$src_cache/protobuf_${protobuf_version}".orig.tar.*)
pb_debian=("$src_cache/protobuf_${protobuf_version}"-*.debian.tar.*)
shopt -u nullglob
run_logged "$log" tar -xf "${pb_orig[0]}" -C "$pb_src" --strip-components=1
run_logged "$log" tar -xf "${pb_debian[0]}" -C "$pb_src"
while IFS= read -r patch_name; do
  [[ -z $patch_name || $patch_name == '#'* ]] && continue
  run_logged "$log" patch -d "$pb_src" -p1 -s --no-backup-if-mismatch -i "debian/patches/$patch_name"
done < "$pb_src/debian/patches/series"
run_logged "$log" cmake -S "$pb_src" -B "$work/protobuf-build" "${cmake_common[@]}" \
  -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_PROTOC_BINARIES=OFF -Dprotobuf_BUILD_LIBPROTOC=OFF \
  -Dprotobuf_BUILD_SHARED_LIBS=OFF -DBUILD_SHARED_LIBS=OFF -Dprotobuf_WITH_ZLIB=OFF
run_logged "$log" cmake --build "$work/protobuf-build" -j "$jobs"
run_logged "$log" env "DESTDIR=$destdir" cmake --install "$work/protobuf-build"
IFS=. read -r major minor patchlevel <<< "$protobuf_version"
grep -q "define GOOGLE_PROTOBUF_VERSION $(printf '%d%03d%03d' "$major" "$minor" "$patchlevel")\$" \
  "$staged/include/google/protobuf/stubs/common.h" || die "installed protobuf headers are not $protobuf_version"
say "protobuf built in $(since "$step")"

# Boost.Program_options: only its src/ from the big orig tarball; the headers are the host's.
step=$(now_us)
log="$logs/$target-boost-program_options.log"
: > "$log"
say "Boost.Program_options $boost_version: unpacking, building (log: $log)"
po="$work/boost-po"
mkdir -p "$po/src"
shopt -s nullglob
boost_orig=("$src_cache/${boost_source_package}_${boost_version}"*.orig.tar.*)
boost_debian=("$src_cache/${boost_source_package}_${boost_version}"*.debian.tar.*)
shopt -u nullglob
# The orig tarball is 61 MB of xz; tar still decompresses all of it, but writes only these files.
run_logged "$log" tar -xf "${boost_orig[0]}" -C "$po/src" --strip-components=1 --wildcards '*/libs/program_options/src/*'
# Debian's patches to program_options change only its headers, and /usr/include/boost has them
# already; a patch to its sources in a later Debian revision would have to be applied here.
run_logged "$log" tar -xf "${boost_debian[0]}" -C "$po" debian/patches
if grep -lE '^\+\+\+ [^ ]*libs/program_options/src/' "$po"/debian/patches/* >> "$log"; then
  die "Debian now patches Boost.Program_options' sources (see $log): teach this script to apply it"
fi
cat > "$po/CMakeLists.txt" << 'EOF'
# Written by tools/build-deps.sh: Boost.Program_options as a static library, built with the
# toolchain file's compiler and flags against the Boost headers in PO_INCLUDE.
cmake_minimum_required(VERSION 3.16)
project(boost_program_options LANGUAGES CXX)
file(GLOB sources "${PO_SRC}/*.cpp")
add_library(boost_program_options STATIC ${sources})
target_include_directories(boost_program_options PRIVATE "${PO_INCLUDE}")
# The C++ standard udplab uses, so that the library sees the same headers as its users.
set_target_properties(boost_program_options PROPERTIES CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
install(TARGETS boost_program_options ARCHIVE DESTINATION lib)
EOF
run_logged "$log" cmake -S "$po" -B "$po/build" "${cmake_common[@]}" \
  "-DPO_SRC=$po/src/libs/program_options/src" "-DPO_INCLUDE=$staged/include"
run_logged "$log" cmake --build "$po/build" -j "$jobs"
run_logged "$log" env "DESTDIR=$destdir" cmake --install "$po/build"
say "Boost.Program_options built in $(since "$step")"

stamp_text > "$staged/.stamp"
if [[ -e $prefix ]]; then
  mv "$prefix" "$work/old"
fi
mv "$staged" "$prefix"
rm -rf "$work"
say "$target: done in $(since "$start"): $prefix"
