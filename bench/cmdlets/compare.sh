#!/usr/bin/env bash
# The issue-14 topology built by the cmdlet script (bench/cmdlets/topology.ps1) against `ip -batch` of the same
# topology (the files bench/LinuxNetPS.Bench/IpScripts.cs writes: namespaces.batch, host.batch, c<i>.batch), and
# torn down by `Get-NetNamespace 'P-*' | Remove-NetNamespace -Force` against `ip -batch` of `netns del` lines.
# Methods are interleaved round by round, so the load of other jobs hits all alike. Every build is checked (the last
# container pings the bridge, every veth is an up port of br0) and every teardown leaves no P-* namespace; between
# builds the script waits until the kernel has freed the namespaces (net_namespace slab).
# Usage (root): [MODULE=...psd1] bench/cmdlets/compare.sh "100 500 1000" ROUNDS [METHODS]     METHODS default: "ip-batch cmdlets cmdlets-noipv6"
# Prints one line per measurement: K method run build-process-ms build-inside-ms teardown-process-ms teardown-inside-ms
# teardown-pipeline-ms (the Get-NetNamespace | Remove-NetNamespace pipeline alone, after Import-Module) load
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"100 500"}; ROUNDS=${2:-2}; METHODS=${3:-"ip-batch cmdlets cmdlets-noipv6"}
PWSH=${PWSH:-$PWD/.tools/pwsh}
MODULE=${MODULE:-$PWD/out/LinuxNetPS/LinuxNetPS.psd1}   # e.g. a Release build: dotnet build -c Release src/LinuxNetPS -p:ModuleOutputDir=$PWD/out/release/LinuxNetPS/
WORK=$(mktemp -d /tmp/lcbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ms() { echo $(( ($2 - $1) / 1000000 )); }
load() { cut -d' ' -f1 /proc/loadavg; }
netns_objs() { awk '$1=="net_namespace"{print $2}' /proc/slabinfo; }
wait_freed() { # until the net_namespace slab stops shrinking (at most 40 s)
  local last now i; last=$(netns_objs)
  for i in $(seq 1 40); do sleep 1; now=$(netns_objs); [ "$now" -ge "$last" ] && [ "$i" -ge 3 ] && return; last=$now; done
}
ip_scripts() { # $1 prefix $2 K $3 dir
  local P=$1 K=$2 D=$3 i
  mkdir -p "$D"; : > "$D/namespaces.batch"; : > "$D/teardown.batch"
  echo "netns add $P-host" >> "$D/namespaces.batch"; echo "netns del $P-host" >> "$D/teardown.batch"
  for ((i = 0; i < K; i++)); do echo "netns add $P-$i" >> "$D/namespaces.batch"; echo "netns del $P-$i" >> "$D/teardown.batch"; done
  { echo "link set lo up"; echo "link add br0 type bridge"; echo "link set br0 up"; echo "addr add 10.10.0.1/16 dev br0"
    for ((i = 0; i < K; i++)); do echo "link add v$i type veth peer name p$i netns $P-$i"; echo "link set v$i master br0 up"; done; } > "$D/host.batch"
  { echo "set -e"; echo "ip -batch namespaces.batch"; echo "ip -n $P-host -batch host.batch"
    for ((i = 0; i < K; i++)); do
      printf 'link set lo up\nlink set p%d up\naddr add 10.10.%d.%d/16 dev p%d\nroute add default via 10.10.0.1\n' $i $((i / 250 + 1)) $((i % 250 + 2)) $i > "$D/c$i.batch"
      echo "ip -n $P-$i -batch c$i.batch"
    done; } > "$D/build.sh"
}
check() { # $1 prefix $2 K
  local P=$1 K=$2 up
  up=$(ip -n "$P-host" -o link show master br0 up | wc -l)
  [ "$up" -eq "$K" ] || { echo "check failed: $up of $K ports up" >&2; exit 1; }
  for t in 1 2 3 4 5 6 7 8 9 10; do ip netns exec "$P-$((K - 1))" ping -c1 -W1 10.10.0.1 >/dev/null 2>&1 && return; done
  echo "check failed: $P-$((K - 1)) cannot ping the bridge" >&2; exit 1
}
gone() { [ "$(ip netns list | grep -c "^$1-" || true)" -eq 0 ] || { echo "teardown left namespaces of $1" >&2; exit 1; }; }

echo "# $(date -u +%FT%TZ) $(nproc) CPUs; pwsh start alone: $(S=$(date +%s%N); "$PWSH" -NoProfile -c exit; E=$(date +%s%N); ms $S $E) ms"
echo "K method run build_process_ms build_inside_ms teardown_process_ms teardown_inside_ms teardown_pipeline_ms load"
for K in $SIZES; do
  for ((r = 1; r <= ROUNDS; r++)); do
    for m in $METHODS; do
      P=lcb$$k${K}r$r${m//[^a-z0-9]/}
      L=$(load)
      case $m in
        ip-batch)
          ip_scripts "$P" "$K" "$WORK/$P"
          S=$(date +%s%N); (cd "$WORK/$P" && sh build.sh); E=$(date +%s%N); B=$(ms $S $E); BI=n/a
          check "$P" "$K"
          S=$(date +%s%N); (cd "$WORK/$P" && ip -batch teardown.batch); E=$(date +%s%N); T=$(ms $S $E); TI=n/a; TP=n/a ;;
        cmdlets|cmdlets-noipv6)
          extra=(); [ "$m" = cmdlets-noipv6 ] && extra=(-DisableIPv6)
          S=$(date +%s%N); out=$("$PWSH" -NoProfile -File bench/cmdlets/topology.ps1 -Module "$MODULE" -Containers "$K" -Prefix "$P" "${extra[@]}"); E=$(date +%s%N)
          B=$(ms $S $E); BI=$(echo "$out" | sed -n 's/^inside-ms=\([0-9]*\).*/\1/p')
          check "$P" "$K"
          S=$(date +%s%N); out=$("$PWSH" -NoProfile -File bench/cmdlets/topology.ps1 -Module "$MODULE" -Prefix "$P" -Teardown); E=$(date +%s%N)
          T=$(ms $S $E); TI=$(echo "$out" | sed -n 's/^inside-ms=\([0-9]*\).*/\1/p')
          TP=$(( TI - $(echo "$out" | sed -n 's/^import-ms=\([0-9]*\).*/\1/p') )) ;;
      esac
      gone "$P"
      echo "$K $m $r $B $BI $T $TI $TP $L"
      wait_freed
    done
  done
done
