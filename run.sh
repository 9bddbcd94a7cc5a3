#!/usr/bin/env bash
# The main job: build the module, then run walkthrough 000 ("red" and "green" on a bridge).
# With pwsh it runs examples/01-two-namespaces-on-a-bridge.ps1 against the freshly built module;
# without pwsh it runs the same walkthrough through the C# core API (examples/CoreApiDemo).
# Needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN): it creates and deletes network namespaces.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build LinuxNetPS.slnx -c Release -v quiet -nologo
if command -v pwsh >/dev/null 2>&1; then
    pwsh -NoProfile -File examples/01-two-namespaces-on-a-bridge.ps1
else
    echo "pwsh not found: running walkthrough 000 through the C# core API instead (examples/CoreApiDemo)."
    dotnet run -c Release --no-build --project examples/CoreApiDemo
fi
