#!/usr/bin/env bash
# Cold start: a new pwsh that imports LinuxNetPS and makes its first call, against `ip`, measured
# in one run with hyperfine (median of N runs, default 10). Needs root, the module built
# (out/LinuxNetPS or the folder given as $MODULE_DIR) and tools/bootstrap.sh run.
# Reads the machine's own links (read-only); the state-changing call works in a namespace it
# creates and deletes (named lfc<pid>).
# Usage: bench/first_call.sh [runs] [module-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
module=${2:-$PWD/out/LinuxNetPS}/LinuxNetPS.psd1
pwsh=.tools/pwsh
ns=lfc$$
[ -x "$pwsh" ] || { echo "run ./tools/bootstrap.sh first" >&2; exit 1; }
[ -f "$module" ] || { echo "no module at $module: build it first" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"; ip netns del $ns 2>/dev/null || true' EXIT
ip netns add $ns

hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/r.json" \
    -n 'ip -br link' "ip -br link" \
    -n 'pwsh -c exit (start-up alone)' "$pwsh -NoProfile -NonInteractive -Command exit" \
    -n 'pwsh: Import-Module' "$pwsh -NoProfile -NonInteractive -Command Import-Module $module" \
    -n 'pwsh: Import-Module; Get-NetLink' "$pwsh -NoProfile -NonInteractive -Command Import-Module $module; \$null = Get-NetLink" \
    -n 'ip -n NS link set lo up' "ip -n $ns link set lo up" \
    -n 'pwsh: Import-Module; Set-NetLink lo -Up -Namespace NS' "$pwsh -NoProfile -NonInteractive -Command Import-Module $module; Set-NetLink lo -Up -Namespace $ns" \
    >/dev/null
python3 - "$out/r.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = {r["command"]: r["median"] * 1000 for r in results}
start = base["pwsh -c exit (start-up alone)"]
cpu = {r["command"]: (r["user"] + r["system"]) * 1000 for r in results}
cpu_start = cpu["pwsh -c exit (start-up alone)"]
# Wall time is what a user waits; CPU time (user + system, mean) is steadier on a busy machine.
print("| command | wall median ms | minus pwsh start-up | CPU ms | CPU minus pwsh start-up |")
print("|---|---:|---:|---:|---:|")
for r in results:
    c = r["command"]
    ours = c.startswith("pwsh:")
    print(f"| `{c}` | {base[c]:.1f} | {base[c] - start:.0f} |" if ours else f"| `{c}` | {base[c]:.1f} | |", end="")
    print(f" {cpu[c]:.0f} | {cpu[c] - cpu_start:.0f} |" if ours else f" {cpu[c]:.0f} | |")
PY
