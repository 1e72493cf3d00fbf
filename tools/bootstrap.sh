#!/usr/bin/env bash
# udplab set-up in one command: install what is missing, build, and run.
#
#   tools/bootstrap.sh demo   install build dependencies, build, run the built-in simulated experiment
#   tools/bootstrap.sh test   install build and test dependencies, build, run the whole test suite
#                             (Release with warnings as errors, then AddressSanitizer + UBSan)
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
# tshark (dissecting simulated captures), openssl (TLS certificates for the control plane).
test_packages=(socat iproute2 util-linux ipcalc sipcalc tshark openssl)
# Node.js runs the independent gRPC client; a node already installed (from any source) is kept.
command -v node >/dev/null || test_packages+=(nodejs)
command -v npm >/dev/null || test_packages+=(npm)

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }

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

build() {
  local preset=$1
  say "configuring and building ($preset)"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
}

case "$mode" in
  deps)
    install_packages "${build_packages[@]}" "${test_packages[@]}"
    ;;
  demo)
    install_packages "${build_packages[@]}"
    build release
    say "running: build/release/tools/udplab/udplab sim"
    exec build/release/tools/udplab/udplab sim
    ;;
  test)
    install_packages "${build_packages[@]}" "${test_packages[@]}"
    # With the peers installed, a missing one is a failure, not a skip.
    if [ -z "$(missing_packages "${test_packages[@]}")" ]; then export UDPLAB_REQUIRE_PEERS=1; fi
    say "installing the Node.js gRPC client's packages (npm registry)"
    (cd tests/interop/grpc_node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    build ci
    say "running the test suite (Release, warnings as errors)"
    ctest --preset ci -j "$jobs"
    build ci-asan
    say "running the test suite again under AddressSanitizer + UndefinedBehaviorSanitizer"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --preset ci-asan -j "$jobs"
    say "all tests passed"
    ;;
  *)
    echo "usage: tools/bootstrap.sh demo|test|deps" >&2
    exit 2
    ;;
esac
