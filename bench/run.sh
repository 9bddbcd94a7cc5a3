#!/bin/sh
# Builds the benchmark in Release and runs the comparison (needs root; touches only namespaces
# named lbench<pid>*). Usage: bench/run.sh [K[,K2,...]] [extra compare options]
# Example: bench/run.sh 100,500,1000 --runs 2 --out /tmp/perf.md
set -e
cd "$(dirname "$0")/.."
sizes=${1:-100,500,1000}
[ $# -gt 0 ] && shift
dotnet build -c Release bench/LinuxNetPS.Bench >/dev/null
exec dotnet bench/LinuxNetPS.Bench/bin/Release/net10.0/LinuxNetPS.Bench.dll compare --containers "$sizes" "$@"
