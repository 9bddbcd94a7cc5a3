#!/usr/bin/env bash
# The main job: build the module, then run walkthrough 000 ("red" and "green" on a bridge),
# examples/01-two-namespaces-on-a-bridge.ps1, against the freshly built module: with pwsh when
# it is installed, otherwise in the PowerShell 7.6 engine hosted by tools/LinuxNetPS.ScriptHost
# (the same engine pwsh runs, without its Utility/Management cmdlets, which the examples avoid).
# Needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN): it creates and deletes network namespaces.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build LinuxNetPS.slnx -c Release -v quiet -nologo
if command -v pwsh >/dev/null 2>&1; then
    pwsh -NoProfile -File examples/01-two-namespaces-on-a-bridge.ps1
else
    echo "pwsh not found: running the example in the PowerShell engine hosted by tools/LinuxNetPS.ScriptHost."
    dotnet tools/LinuxNetPS.ScriptHost/bin/Release/net10.0/LinuxNetPS.ScriptHost.dll examples/01-two-namespaces-on-a-bridge.ps1
fi
