#!/bin/sh
# Where the time goes: per-step profile of our two paths at K containers, and the cost of one
# `ip -n NS` process (what ip per step and ip -batch pay per process) with K+1 namespaces
# mounted under /run/netns. Needs root; touches only namespaces named lbwtg<pid>*.
# Usage: bench/where_time_goes.sh [K]   (run after `dotnet build -c Release bench/LinuxNetPS.Bench`)
set -e
cd "$(dirname "$0")/.."
K=${1:-1000}
BIN="dotnet bench/LinuxNetPS.Bench/bin/Release/net10.0/LinuxNetPS.Bench.dll"
P=lbwtg$$

settle() { # wait until the kernel has freed deleted namespaces (net_namespace slab back to start)
  n=0
  while [ "$(awk '/^net_namespace /{print $2}' /proc/slabinfo)" -gt $((BASE + 16)) ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done
}
BASE=$(awk '/^net_namespace /{print $2}' /proc/slabinfo)

for path in api pipelined; do
  echo "== $path path, K=$K (per-step wall time inside the process)"
  $BIN topology --containers "$K" --prefix "$P" --path $path --profile
  $BIN teardown --prefix "$P"
  settle
done

echo "== cost of one ip process"
for k in 10 "$K"; do
  $BIN topology --containers "$k" --prefix "$P" --path pipelined >/dev/null 2>&1
  for cmd in "ip link show lo" "ip -n $P-host link show lo" "ip -n $P-0 addr show lo"; do
    start=$(date +%s%N)
    i=0; while [ $i -lt 100 ]; do $cmd >/dev/null; i=$((i+1)); done
    end=$(date +%s%N)
    echo "$((k+1)) namespaces mounted: '$cmd': $(( (end-start)/100000 )) us per process"
  done
  $BIN teardown --prefix "$P" 2>/dev/null
  settle
done
ip netns list | grep "^$P-" && echo "LEFTOVERS" || echo "nothing left"
