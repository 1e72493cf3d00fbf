#!/usr/bin/env bash
# Echo throughput on loopback: udplab's echo server and socat's, each loaded by udplab's flood
# client (64-byte datagrams, 64 in flight). Server and client are pinned to different cores when
# the machine has two or more. A third server, a minimal recvmmsg/sendmmsg loop (reference_echo),
# shows what the kernel allows on this machine at this moment; runs alternate between servers so
# that a noisy neighbour hits all of them alike.
# Usage: echo_bench.sh PATH/TO/udplab [SECONDS] [RUNS] [PATH/TO/reference_echo]
set -euo pipefail
udplab=${1:?usage: echo_bench.sh PATH/TO/udplab [SECONDS] [RUNS] [PATH/TO/reference_echo]}
seconds=${2:-5}
runs=${3:-3}
reference=${4:-}
size=64
window=64

pin_server=() pin_client=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  pin_server=(taskset -c 0) pin_client=(taskset -c 1)
fi

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

# Runs the flood client against PORT; prints "received elapsed_s rate".
flood() {
  local port=$1 json received elapsed
  json=$("${pin_client[@]}" "$udplab" echo ping "127.0.0.1:$port" --flood --window "$window" --size "$size" \
           --count 0 --duration "${seconds}s" --timeout 1s --json)
  received=$(sed -n 's/^  "received": \([0-9]*\),$/\1/p' <<<"$json")
  elapsed=$(sed -n 's/^  "elapsed_s": \([0-9.e+-]*\),$/\1/p' <<<"$json")
  awk -v r="$received" -v e="$elapsed" 'BEGIN { printf "%d %.3f %.0f\n", r, e, (e > 0 ? r / e : 0) }'
}

measure_udplab() {
  local port out
  port=$(free_port)
  "${pin_server[@]}" "$udplab" echo serve --bind 127.0.0.1 --port "$port" --duration "$((seconds + 10))s" >/dev/null &
  local pid=$!
  sleep 0.3
  out=$(flood "$port")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$out"
}

measure_reference() {
  local port out
  port=$(free_port)
  "${pin_server[@]}" "$reference" "$port" &
  local pid=$!
  sleep 0.3
  out=$(flood "$port")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$out"
}

measure_socat() {
  local port out
  port=$(free_port)
  "${pin_server[@]}" socat -b"$size" "UDP4-LISTEN:$port,bind=127.0.0.1,reuseaddr" PIPE &
  local pid=$!
  sleep 0.3
  out=$(flood "$port")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$out"
}

servers=(udplab)
[ -n "$reference" ] && servers+=(reference)
if command -v socat >/dev/null; then servers+=(socat); else echo "socat not installed (apt-get install socat): skipped"; fi

echo "echo throughput, loopback, ${size}-byte datagrams, window ${window}, ${seconds}s per run, ${runs} runs"
echo "client: udplab echo ping --flood (pinned: ${pin_client[*]:-no})"
declare -A rates
for run in $(seq 1 "$runs"); do
  for name in "${servers[@]}"; do
    read -r received elapsed rate < <("measure_$name")
    printf '  run %d  %-10s %10s echoes in %6ss = %8s/s\n' "$run" "$name" "$received" "$elapsed" "$rate"
    rates[$name]="${rates[$name]:-} $rate"
  done
done
echo
printf '%-34s %12s\n' "server" "median/s"
label() {
  case $1 in
    udplab) echo "udplab echo serve";;
    reference) echo "reference recvmmsg loop (C-style)";;
    socat) echo "socat -b64 ... PIPE";;
  esac
}
for name in "${servers[@]}"; do
  median=$(tr ' ' '\n' <<<"${rates[$name]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-34s %12s\n' "$(label "$name")" "$median"
done
