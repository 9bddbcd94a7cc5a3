#!/bin/bash
# Teardown of K namespaces by `ip -batch`, the floor program and the core (NetworkNamespaces.DeleteMany, the bench's
# `teardown`), each from the same state (the floor builds it), interleaved round by round, optionally under strace.
# Usage (as root, from the repository root, after `dotnet build -c Release bench/LinuxNetPS.Bench`):
#   bench/teardown-trace.sh K ROUNDS "ipb floor ours" [none|c|tt] [settle-seconds] [floor-binary]
#   c:  strace -f -T -c -w (per-syscall wall time) into $OUT/trace-c-METHOD-ROUND.txt
#   tt: strace -f -tt -T (every call, timed) into $OUT/trace-tt-METHOD-ROUND.txt
# Prints each teardown's wall time (and the time the process reports for its own deletes). Touches only namespaces
# named perftd<pid>*; waits after each teardown until the kernel has freed them (net_namespace slab), so no
# teardown pays for the previous one's cleanup.
set -u
K=$1; ROUNDS=$2; METHODS=$3; TRACE=${4:-none}; SETTLE=${5:-3}
FLOOR=${6:-/tmp/floor}
OUT=${OUT:-/tmp/teardown-trace}
BENCH=$PWD/bench/LinuxNetPS.Bench/bin/Release/net10.0/LinuxNetPS.Bench.dll
mkdir -p "$OUT"
[ -x "$FLOOR" ] || gcc -O2 -o "$FLOOR" /work/shared/bench/floor.c -lpthread || exit 1
slab() { awk '$1=="net_namespace"{print $2}' /proc/slabinfo; }
wait_cleanup() { local t0=$SECONDS; while [ "$(slab)" -gt $((BASE + 10)) ] && [ $((SECONDS - t0)) -lt 60 ]; do sleep 0.2; done; }
BASE=$(slab)
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  for m in $METHODS; do
    P=perftd$$r$m
    "$FLOOR" topology "$K" "$P" >/dev/null 2>&1 || { echo "build of $P failed"; exit 1; }
    sleep "$SETTLE"
    { echo "netns del $P-host"; for i in $(seq 0 $((K - 1))); do echo "netns del $P-$i"; done; } > "$OUT/$P.batch"
    case $m in
      ipb) cmd=(ip -batch "$OUT/$P.batch") ;;
      floor) cmd=("$FLOOR" teardown "$K" "$P") ;;
      ours) cmd=(dotnet "$BENCH" teardown --prefix "$P") ;;
      *) echo "unknown method $m"; exit 2 ;;
    esac
    case $TRACE in
      none) pre=() ;;
      c) pre=(strace -f -T -c -w -o "$OUT/trace-c-$m-$r.txt") ;;
      tt) pre=(strace -f -tt -T -o "$OUT/trace-tt-$m-$r.txt") ;;
    esac
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s%N); "${pre[@]}" "${cmd[@]}" > "$OUT/out-$m-$r.txt" 2>&1; rc=$?; t1=$(date +%s%N)
    echo "round $r $m: $(((t1 - t0) / 1000000)) ms (exit $rc, load $load) $(grep -o 'elapsed_ms=[0-9.]*' "$OUT/out-$m-$r.txt" | head -1)"
    for n in $(ls /run/netns | grep "^$P-"); do ip netns del "$n"; done   # never leave ours behind
    rm -f "$OUT/$P.batch"
    wait_cleanup
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
