#!/usr/bin/env bash
# All tests, as README.md says:
#   1. `dotnet test LinuxNetPS.slnx`: every test project (real kernel, in namespaces the tests
#      create; the module conformance tests; the help builder tests). Builds the module folder
#      out/LinuxNetPS/ on the way.
#   2. The Pester suites (tests/*.Tests.ps1) against out/LinuxNetPS, when `pwsh` and Pester 5
#      are present; otherwise it says clearly that they were skipped.
# Exits non-zero if anything failed. Needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN).
# Extra arguments go to `dotnet test` (e.g. ./test.sh -c Release, ./test.sh --filter ...).
set -uo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
status=0

echo "== dotnet test LinuxNetPS.slnx $*"
if ! dotnet test LinuxNetPS.slnx "$@"; then
    echo "!! dotnet test failed" >&2
    status=1
fi

echo
echo "== Pester suites (tests/*.Tests.ps1)"
if ! command -v pwsh >/dev/null 2>&1; then
    echo "Pester suites skipped: pwsh not found"
elif ! pwsh -NoProfile -NonInteractive -Command 'if (Get-Module -ListAvailable Pester | Where-Object Version -ge ([version]"5.0")) { exit 0 } else { exit 1 }'; then
    echo "Pester suites skipped: Pester 5 not found (Install-Module Pester -MinimumVersion 5.0)"
else
    # The module folder must hold a fresh build whatever the arguments above were.
    if ! dotnet build src/LinuxNetPS/LinuxNetPS.csproj -v quiet -nologo; then
        echo "!! building the module failed" >&2
        exit 1
    fi
    export LINUXNETPS_MODULE="$root/out/LinuxNetPS/LinuxNetPS.psd1"
    if ! pwsh -NoProfile -NonInteractive -Command '
        Import-Module Pester -MinimumVersion 5.0
        $config = New-PesterConfiguration
        $config.Run.Path = Join-Path (Get-Location) "tests"
        $config.Run.Exit = $true
        $config.Output.Verbosity = "Detailed"
        Invoke-Pester -Configuration $config'; then
        echo "!! Pester suites failed" >&2
        status=1
    fi
fi

if [ $status -eq 0 ]; then echo "== all tests passed"; else echo "== FAILED" >&2; fi
exit $status
