#!/usr/bin/env bash
# Compares two builds of netsim_bench on the echo flood: runs them alternately (A B, then B A, ...)
# pinned to one core and prints the median of the paired ratios B/A. This VM's speed moves by half
# within minutes, so one run of each says little; a pair run back to back sees the same moment,
# and the median of several pairs says whether B is faster. Keep the old binary before rebuilding:
#   cp build/release/tests/bench/netsim_bench /tmp/netsim_bench.old   # ... change, rebuild ...
#   tests/bench/netsim_ab.sh /tmp/netsim_bench.old build/release/tests/bench/netsim_bench
# Usage: netsim_ab.sh OLD NEW [PAIRS]   (environment: CORE=1, DATAGRAMS=4000000)
set -euo pipefail
usage="usage: netsim_ab.sh OLD NEW [PAIRS]  (environment: CORE, default 1; DATAGRAMS, default 4000000)"
a=${1:?$usage}
b=${2:?$usage}
pairs=${3:-8}
core=${CORE:-1}
datagrams=${DATAGRAMS:-4000000}
for bin in "$a" "$b"; do
  [ -x "$bin" ] || { echo "netsim_ab.sh: $bin is not an executable" >&2; exit 2; }
done
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || { echo "netsim_ab.sh: PAIRS must be a positive integer, got '$pairs'" >&2; exit 2; }
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$core")

# Datagrams sent per wall second (millions), from the bench's echo line.
rate() { "${pin[@]}" "$1" "$datagrams" echo | sed -n 's/.*sent at \([0-9.]*\) M\/s.*/\1/p'; }

echo "pair   A (M sent/s)   B (M sent/s)   B/A"
ratios=()
for i in $(seq "$pairs"); do
  if ((i % 2)); then ra=$(rate "$a"); rb=$(rate "$b"); else rb=$(rate "$b"); ra=$(rate "$a"); fi
  [ -n "$ra" ] && [ -n "$rb" ] || { echo "netsim_ab.sh: a run printed no echo figure" >&2; exit 1; }
  ratio=$(awk -v x="$ra" -v y="$rb" 'BEGIN { printf "%.3f", y / x }')
  printf "%4d   %12.2f   %12.2f   %s\n" "$i" "$ra" "$rb" "$ratio"
  ratios+=("$ratio")
done
printf "%s\n" "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 }
  END { printf "median B/A over %d pairs: %.3f\n", NR, (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'
