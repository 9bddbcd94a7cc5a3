#!/usr/bin/env bash
# The main job: build the module, then run walkthrough 000 ("red" and "green" on a bridge),
# examples/01-two-namespaces-on-a-bridge.ps1, in real pwsh 7.6.10 against the freshly built module.
# tools/bootstrap.sh restores that pwsh into .tools/ of this checkout first (a local .NET tool).
# Needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN): it creates and deletes network namespaces.
set -euo pipefail
cd "$(dirname "$0")"
./tools/bootstrap.sh
dotnet build LinuxNetPS.sln -c Release -v quiet -nologo
exec .tools/pwsh -NoProfile -File examples/01-two-namespaces-on-a-bridge.ps1 "$@"
