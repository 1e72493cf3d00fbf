#!/usr/bin/env bash
# TFTP throughput on loopback: downloads and uploads of one file over a blksize x windowsize grid,
# udplab's client against udplab's server, tftpd-hpa and atftpd, and the peers' clients
# (tftp-hpa `tftp`, `atftp`, `curl`) against udplab's server and against their own servers, so that
# every row shows udplab beside each peer for the same options. Each figure is the median of RUNS
# transfers in MB/s (10^6 bytes per second, wall time of the client process, start-up included);
# runs alternate between pairs, so a noisy neighbour hits all of them alike. A transfer that fails,
# stalls (over UDPLAB_BENCH_TFTP_TIMEOUT seconds) or delivers a different file counts as "fail".
#
# Usage: tftp_bench.sh PATH/TO/udplab
# Environment (all optional):
#   UDPLAB_BENCH_TFTP_MB=256        file size in MiB
#   UDPLAB_BENCH_TFTP_RUNS=3        runs per figure (median)
#   UDPLAB_BENCH_TFTP_BLKSIZES="512 1468 8192 65464"
#   UDPLAB_BENCH_TFTP_WINDOWS="1 4 16 64"   (the issue's grid; asked for; servers grant less: tftpd-hpa has no windowsize,
#                                         udplab tftpd fits the window into a default socket buffer)
#   UDPLAB_BENCH_TFTP_TIMEOUT=120   seconds before a transfer counts as stalled
#   UDPLAB_BENCH_TFTP_DIRS="get put"
#   UDPLAB_BENCH_TFTP_WALL=0        1: time udplab's downloads to the end of the process
#   UDPLAB_PEERS_DIR=build/peers    where tools/bootstrap.sh unpacked atftpd
#
# udplab's client dallies after the final ACK of a download (2 x timeout, 2 s by default: RFC 1350
# asks the sender of the last ACK to wait in case it was lost); tftp-hpa, atftp and curl exit at
# once. So udplab's downloads are timed to its summary line, which it prints at Done, when the file
# is complete and renamed into place; UDPLAB_BENCH_TFTP_WALL=1 counts the dally too. Uploads end
# with the server's dally, which no client waits for.
set -euo pipefail
udplab=${1:?usage: tftp_bench.sh PATH/TO/udplab}
udplab=$(realpath "$udplab")
here=$(cd "$(dirname "$0")/../.." && pwd)
mb=${UDPLAB_BENCH_TFTP_MB:-256}
runs=${UDPLAB_BENCH_TFTP_RUNS:-3}
blksizes=${UDPLAB_BENCH_TFTP_BLKSIZES:-512 1468 8192 65464}
windows=${UDPLAB_BENCH_TFTP_WINDOWS:-1 4 16 64}
limit=${UDPLAB_BENCH_TFTP_TIMEOUT:-120}
dirs=${UDPLAB_BENCH_TFTP_DIRS:-get put}
wall=${UDPLAB_BENCH_TFTP_WALL:-0}
peers_dir=${UDPLAB_PEERS_DIR:-$here/build/peers}
bytes=$((mb * 1024 * 1024))

find_prog() {  # NAME [UNPACKED-PACKAGE]
  local p
  p=$(PATH="$PATH:/usr/sbin:/sbin" command -v "$1" 2>/dev/null) && { echo "$p"; return; }
  [ -n "${2:-}" ] && [ -x "$peers_dir/$2/usr/sbin/$1" ] && { echo "$peers_dir/$2/usr/sbin/$1"; return; }
  return 1
}
in_tftpd=$(find_prog in.tftpd || true)
atftpd=$(find_prog atftpd atftpd || true)
tftp_hpa=$(find_prog tftp || true)
[ -n "$tftp_hpa" ] && ! "$tftp_hpa" -V 2>&1 | grep -q tftp-hpa && tftp_hpa=""
atftp=$(find_prog atftp || true)
curl=$(find_prog curl || true)

# All files on tmpfs when there is one, so that the disk does not take part.
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/udplab-bench-tftp-XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM
mkdir -p "$work/client"
head -c "$bytes" /dev/urandom >"$work/src.bin"

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

wait_ready() {  # PORT: until the server answers an RRQ (ERROR 1 for a missing file)
  python3 - "$1" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.05)
end = time.time() + 10
while time.time() < end:
    s.sendto(b"\x00\x01no-such-file\x00octet\x00", ("127.0.0.1", int(sys.argv[1])))
    try:
        s.recvfrom(2048); sys.exit(0)
    except socket.timeout:
        pass
sys.exit(1)
EOF
}

# Servers: one of each for the whole run, each with its own root holding src.bin.
declare -A port
start_server() {  # NAME
  local name=$1 root="$work/root-$1" p
  mkdir -p "$root"
  chmod 777 "$root"
  cp "$work/src.bin" "$root/src.bin"
  chmod 666 "$root/src.bin"
  p=$(free_port)
  case $name in
    udplab) "$udplab" tftpd --root "$root" --create --writable --bind 127.0.0.1 --port "$p" --quiet \
              --rate 100000 --max-sessions 64 >/dev/null 2>&1 & ;;
    hpa) "$in_tftpd" --foreground --address "127.0.0.1:$p" --secure --create --user "$(id -un)" "$root" >/dev/null 2>&1 & ;;
    atftpd) "$atftpd" --daemon --no-fork --port "$p" --bind-address 127.0.0.1 --user "$(id -un).$(id -gn)" \
              --logfile /dev/null "$root" >/dev/null 2>&1 & ;;
  esac
  pids+=($!)
  port[$name]=$p
  wait_ready "$p" || { echo "server $name did not start" >&2; exit 1; }
}
servers=(udplab)
[ -n "$in_tftpd" ] && servers+=(hpa) || echo "tftpd-hpa (in.tftpd) not installed: its columns are missing"
[ -n "$atftpd" ] && servers+=(atftpd) || echo "atftpd not found (tools/bootstrap.sh deps unpacks it): its columns are missing"
for s in "${servers[@]}"; do start_server "$s"; done

# Pairs CLIENT/SERVER, and which options each client can ask for.
pairs=(udplab/udplab)
for s in hpa atftpd; do [ -n "${port[$s]:-}" ] && pairs+=("udplab/$s"); done
[ -n "$tftp_hpa" ] && pairs+=(tftp-hpa/udplab) && [ -n "${port[hpa]:-}" ] && pairs+=(tftp-hpa/hpa)
[ -n "$atftp" ] && pairs+=(atftp/udplab) && [ -n "${port[atftpd]:-}" ] && pairs+=(atftp/atftpd)
[ -n "$curl" ] && pairs+=(curl/udplab) && [ -n "${port[hpa]:-}" ] && pairs+=(curl/hpa)
[ -n "$curl" ] && [ -n "${port[atftpd]:-}" ] && pairs+=(curl/atftpd)

supports() {  # CLIENT BLKSIZE WINDOW: can this client ask for these options?
  case $1 in
    udplab|atftp) return 0 ;;
    tftp-hpa) [ "$2" = 512 ] && [ "$3" = 1 ] ;;  # RFC 1350 only
    curl) [ "$3" = 1 ] ;;                        # blksize, no windowsize
  esac
}

# One transfer; prints MB/s or "fail".
transfer() {  # DIR CLIENT SERVER BLKSIZE WINDOW
  local dir=$1 client=$2 server=$3 bs=$4 ws=$5 p=${port[$3]} root="$work/root-$3"
  local remote=src.bin local="$work/client/got.bin" cmd=() t0 t1 ok=1
  rm -f "$local" "$root/up.bin"
  if [ "$dir" = put ]; then remote=up.bin local="$work/src.bin"; fi
  case $client in
    udplab) cmd=("$udplab" tftp "$dir" "127.0.0.1:$p" "$remote" "$local" -q --blksize "$bs" --windowsize "$ws") ;;
    tftp-hpa) cmd=("$tftp_hpa" -m binary 127.0.0.1 "$p" -c "$dir" "$( [ "$dir" = get ] && echo "$remote" || echo "$local")" \
                  "$( [ "$dir" = get ] && echo "$local" || echo "$remote")") ;;
    atftp) cmd=("$atftp" "$( [ "$dir" = get ] && echo -g || echo -p)" -r "$remote" -l "$local" \
               --option "blksize $bs" --option "windowsize $ws" 127.0.0.1 "$p") ;;
    curl) if [ "$dir" = get ]; then cmd=("$curl" -sS --tftp-blksize "$bs" "tftp://127.0.0.1:$p/$remote" -o "$local")
          else cmd=("$curl" -sS --tftp-blksize "$bs" -T "$local" "tftp://127.0.0.1:$p/$remote"); fi ;;
  esac
  t0=$(date +%s.%N)
  if [ "$client" = udplab ] && [ "$dir" = get ] && [ "$wall" != 1 ]; then
    # Stops the clock at udplab's summary line, printed at Done (the file complete and in place);
    # the process then dallies 2 x timeout in case its final ACK was lost (see the header).
    rm -f "$work/done-at"
    (cd "$work/client" && set -o pipefail && timeout "$limit" "${cmd[@]}" 2>/dev/null |
       { read -r _ && date +%s.%N >"$work/done-at"; cat >/dev/null; }) || ok=0
    t1=$(cat "$work/done-at" 2>/dev/null || date +%s.%N)
  else
    (cd "$work/client" && timeout "$limit" "${cmd[@]}" >/dev/null 2>&1) || ok=0
    t1=$(date +%s.%N)
  fi
  local result=$local
  [ "$dir" = put ] && result="$root/up.bin"
  [ "$ok" = 1 ] && cmp -s "$work/src.bin" "$result" || ok=0
  if [ "$ok" = 1 ]; then awk -v b="$bytes" -v a="$t0" -v z="$t1" 'BEGIN { printf "%.1f\n", b / (z - a) / 1e6 }'
  else echo fail; fi
}

median() {  # "fail" when half the runs or more failed
  local v ok=() fails=0
  for v in $(cat); do if [ "$v" = fail ]; then fails=$((fails + 1)); else ok+=("$v"); fi; done
  if [ "${#ok[@]}" -eq 0 ] || [ $((fails * 2)) -ge $((fails + ${#ok[@]})) ]; then echo fail; return; fi
  printf '%s\n' "${ok[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

label() { local c=${1%/*} s=${1#*/}; case $s in hpa) s=tftpd-hpa;; udplab) s=udplab;; esac; echo "$c>$s"; }

echo "TFTP throughput, loopback, ${mb} MiB file on $base, median of ${runs} runs, MB/s (10^6 B/s); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pairs (client>server): $(for p in "${pairs[@]}"; do printf '%s ' "$(label "$p")"; done)"
declare -A rate
for dir in $dirs; do
  for bs in $blksizes; do
    for ws in $windows; do
      for run in $(seq 1 "$runs"); do
        for pair in "${pairs[@]}"; do
          supports "${pair%/*}" "$bs" "$ws" || continue
          r=$(transfer "$dir" "${pair%/*}" "${pair#*/}" "$bs" "$ws")
          rate[$dir/$bs/$ws/$pair]="${rate[$dir/$bs/$ws/$pair]:-} $r"
        done
      done
      # The row: every pair's median, then the verdict (udplab's best pair against the best peer pair).
      printf '%-4s bs %-5s ws %-2s |' "$dir" "$bs" "$ws"
      ours_best=0 ours_name="" peer_best=0 peer_name="" cells=""
      for pair in "${pairs[@]}"; do
        supports "${pair%/*}" "$bs" "$ws" || continue
        m=$(median <<<"${rate[$dir/$bs/$ws/$pair]}")
        cells+=" $(label "$pair") $m |"
        [ "$m" = fail ] && m=0
        if [ "$pair" = udplab/udplab ]; then ours_best=$m ours_name=$(label "$pair")
        elif [ "${pair%/*}" != udplab ] && [ "${pair#*/}" != udplab ]; then
          # a peer's own pair (client and server both third-party)
          awk -v a="$m" -v b="$peer_best" 'BEGIN { exit !(a > b) }' && peer_best=$m peer_name=$(label "$pair")
        fi
      done
      # Pairs with udplab on one side, for the verdict's note
      mixed_fail=""
      for pair in "${pairs[@]}"; do
        supports "${pair%/*}" "$bs" "$ws" || continue
        [ "$pair" = udplab/udplab ] && continue
        { [ "${pair%/*}" = udplab ] || [ "${pair#*/}" = udplab ]; } || continue
        [ "$(median <<<"${rate[$dir/$bs/$ws/$pair]}")" = fail ] && mixed_fail+=" $(label "$pair")"
      done
      verdict=$(awk -v o="$ours_best" -v p="$peer_best" -v pn="$peer_name" 'BEGIN {
        if (o == 0) { print "FAIL: udplab>udplab did not complete"; exit }
        if (p == 0) { print "udplab " o " MB/s; no peer pair completed with these options"; exit }
        r = o / p
        printf "%s: udplab %.2fx the best peer pair (%s)\n", (r >= 1 ? "ahead" : "BEHIND"), r, pn }')
      [ -n "$mixed_fail" ] && verdict+="; failed:$mixed_fail"
      echo "$cells => $verdict"
    done
  done
done
