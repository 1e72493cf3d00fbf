#!/usr/bin/env bash
# udplab set-up in one command: install what is missing, build, and run.
#
#   tools/bootstrap.sh demo   install build dependencies, build, run the built-in simulated experiment
#   tools/bootstrap.sh test   install build and test dependencies, build, run the whole test suite
#                             (Release with warnings as errors, then AddressSanitizer + UBSan, then
#                             a short run of each libFuzzer target built with clang-16: the preset
#                             fuzz, UDPLAB_FUZZ_SECONDS per fuzzer, default 20; 0 skips it; then
#                             the other platforms: clang 16 with libc++ and the portable socket
#                             path, and Windows (MinGW-w64) with its tests under Wine and udplab.exe
#                             serving the Linux udplab and real peers; UDPLAB_OTHER_PLATFORMS=0
#                             skips those two)
#   tools/bootstrap.sh deps   only install dependencies
#
# Idempotent: installed packages are left alone, builds are incremental. Installs need root (or
# sudo); without them it prints the packages to install by hand and goes on if they are present.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mode=${1:-demo}
jobs=${UDPLAB_JOBS:-$(nproc 2>/dev/null || echo 2)}

build_packages=(cmake ninja-build g++ pkg-config libboost-dev libboost-program-options-dev libboost-test-dev
                libprotobuf-dev protobuf-compiler libgrpc++-dev protobuf-compiler-grpc)
# Real peers and tools the tests use: socat (echo interop), iproute2 (network namespaces),
# util-linux (setpriv, to test as an unprivileged user), ipcalc and sipcalc (subnet calculator),
# tshark (dissecting simulated captures), openssl (TLS certificates for the control plane);
# TFTP peers: tftpd-hpa (in.tftpd), tftp-hpa, atftp, curl and busybox (its tftp client), plus the
# libraries of atftpd, which is unpacked beside them (see install_atftpd); clang-16 and its
# libFuzzer runtime for the fuzz targets (tests/fuzz).
test_packages=(socat iproute2 util-linux ipcalc sipcalc tshark openssl jq
               tftpd-hpa tftp-hpa atftp curl busybox libwrap0 libpcre2-8-0
               clang-16 libclang-rt-16-dev)
# The other platforms' builds: MinGW-w64 and Wine for Windows, libc++ for the nearest thing to
# Apple's toolchain; tools/build-deps.sh builds Protobuf and Boost.Program_options for both from
# Debian's source packages (bzip2 and xz unpack them).
platform_packages=(g++-mingw-w64-x86-64-posix wine wine64 libc++-16-dev libc++abi-16-dev bzip2 xz-utils)
# Node.js runs the independent gRPC client; a node already installed (from any source) is kept.
command -v node >/dev/null || test_packages+=(nodejs)
command -v npm >/dev/null || test_packages+=(npm)

say() { printf '\033[1m[bootstrap %4ds]\033[0m %s\n' "$SECONDS" "$*" >&2; }

missing_packages() {
  local p out=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  echo "${out[@]:-}"
}

install_packages() {
  if ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
    say "not a Debian/Ubuntu system: install these (or your system's equivalents) by hand:"
    say "  $*"
    say "  (C++20 compiler with <expected>, CMake >= 3.25, Ninja, Boost >= 1.74, Protobuf, gRPC)"
    return 0
  fi
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      say "missing packages, and no root to install them. As root run:"
      say "  apt-get install -y $missing"
      return 1
    fi
  fi
  say "installing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  # shellcheck disable=SC2086
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# atftpd conflicts with tftpd-hpa as a Debian package (both provide in.tftpd), so it is not
# installed: its package is downloaded and unpacked into build/peers/atftpd, where the interop
# tests look for usr/sbin/atftpd (UDPLAB_PEERS_DIR overrides build/peers). Needs no root.
peers_dir=${UDPLAB_PEERS_DIR:-$here/build/peers}
atftpd_ready() {
  command -v atftpd >/dev/null && return 0
  [ -x "$peers_dir/atftpd/usr/sbin/atftpd" ] && "$peers_dir/atftpd/usr/sbin/atftpd" --version 2>&1 | grep -q '^atftp'
}
install_atftpd() {
  atftpd_ready && return 0
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    say "not a Debian/Ubuntu system: the atftpd interop tests will be skipped"
    return 0
  fi
  say "unpacking atftpd into $peers_dir/atftpd (it conflicts with tftpd-hpa as a package)"
  local tmp
  tmp=$(mktemp -d)
  chmod 755 "$tmp"  # apt's download sandbox user must be able to write there
  (cd "$tmp" && apt-get download -qq atftpd 2>&1 | grep -v 'unsandboxed' >&2 || true)
  if ! ls "$tmp"/atftpd_*.deb >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq  # a fresh image may have no package lists yet
    (cd "$tmp" && apt-get download -qq atftpd 2>&1 | grep -v 'unsandboxed' >&2 || true)
  fi
  if ! ls "$tmp"/atftpd_*.deb >/dev/null 2>&1; then
    rm -rf "$tmp"
    say "could not download atftpd (no package lists? run apt-get update): its interop tests will be skipped"
    return 0
  fi
  rm -rf "$peers_dir/atftpd"
  mkdir -p "$peers_dir/atftpd"
  dpkg-deb -x "$tmp"/atftpd_*.deb "$peers_dir/atftpd"
  rm -rf "$tmp"
  atftpd_ready || { say "the unpacked atftpd does not run: its interop tests will fail"; return 0; }
}

build() {
  local preset=$1
  say "configuring and building ($preset)"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
}

case "$mode" in
  deps)
    install_packages "${build_packages[@]}" "${test_packages[@]}" "${platform_packages[@]}"
    install_atftpd
    ;;
  demo)
    install_packages "${build_packages[@]}"
    build release
    say "running: build/release/tools/udplab/udplab sim"
    exec build/release/tools/udplab/udplab sim
    ;;
  test)
    other_platforms=${UDPLAB_OTHER_PLATFORMS:-1}
    if [ "$other_platforms" != 0 ]; then
      install_packages "${build_packages[@]}" "${test_packages[@]}" "${platform_packages[@]}"
    else
      install_packages "${build_packages[@]}" "${test_packages[@]}"
    fi
    install_atftpd
    # With the peers installed, a missing one is a failure, not a skip.
    if [ -z "$(missing_packages "${test_packages[@]}")" ] && atftpd_ready; then export UDPLAB_REQUIRE_PEERS=1; fi
    say "installing the Node.js gRPC client's packages (npm registry)"
    (cd tests/interop/grpc_node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    build ci
    say "running the test suite (Release, warnings as errors)"
    ctest --preset ci -j "$jobs" -LE wine
    build ci-asan
    say "running the test suite again under AddressSanitizer + UndefinedBehaviorSanitizer"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --preset ci-asan -j "$jobs" -LE wine
    fuzz_seconds=${UDPLAB_FUZZ_SECONDS:-20}
    if [ "$fuzz_seconds" != 0 ]; then
      # Only the fuzzers and the sources they compile in are built here (62 steps). On the 2-core
      # VM the eleven fuzzers run 98 s at -j2 (docs/fuzzing.md).
      say "building the fuzz targets (clang-16) and running each for ${fuzz_seconds}s"
      cmake --preset fuzz -DUDPLAB_FUZZ_SECONDS="$fuzz_seconds" >/dev/null
      cmake --build --preset fuzz -j "$jobs"
      ctest --preset fuzz -j "$jobs"
    fi
    if [ "$other_platforms" != 0 ]; then
      say "building Protobuf and Boost.Program_options for libc++ (cached in build/deps/libcxx)"
      tools/build-deps.sh libcxx
      build libcxx
      say "running the unit, sim, live and cli suites built with clang 16 + libc++, portable sockets"
      ctest --preset libcxx -j "$jobs"
      say "building Protobuf and Boost.Program_options for Windows (cached in build/deps/mingw)"
      tools/build-deps.sh mingw
      build mingw
      # A Wine prefix of the project's own (not the user's ~/.wine), set up once before the tests
      # start in parallel; Mono and Gecko are not needed.
      export WINEPREFIX=${WINEPREFIX:-$here/build/wine} WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
      say "setting up the Wine prefix $WINEPREFIX"
      wineboot --init >/dev/null 2>&1 || wine cmd /c exit >/dev/null 2>&1 || true
      say "running the Windows unit, sim and live suites under Wine"
      ctest --preset mingw -j "$jobs"
      say "running udplab.exe under Wine against the Linux udplab and real peers"
      UDPLAB_WINDOWS_UDPLAB="$here/build/mingw/tools/udplab/udplab.exe" UDPLAB_REQUIRE_WINDOWS=1 \
        ctest --preset ci -j "$jobs" -L wine
    fi
    say "all tests passed"
    ;;
  *)
    echo "usage: tools/bootstrap.sh demo|test|deps" >&2
    exit 2
    ;;
esac
