#!/usr/bin/env bash
# Sets up what run.sh and test.sh need, inside this checkout only:
#   .tools/pwsh                  -> PowerShell 7.6.10, restored as a local .NET tool (.config/dotnet-tools.json)
#   .tools/Modules/Pester/6.2.0  -> Pester 6.2.0 and 5.9.1 side by side (PowerShell's versioned module layout),
#   .tools/Modules/Pester/5.9.1     restored from NuGet by tools/TestModules/TestModules.proj; build.ps1
#                                   -PesterVersion picks one, a bare Import-Module Pester takes 6.2.0
# Nothing outside the checkout changes except the NuGet package cache that every dotnet restore uses.
# Fails (exit 1) with a message saying what could not be set up; it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
mkdir -p .tools/Modules

fail() { echo "!! bootstrap: $*" >&2; exit 1; }

if ! dotnet tool restore >/tmp/lnps-tool-restore.$$ 2>&1; then
    cat /tmp/lnps-tool-restore.$$ >&2; rm -f /tmp/lnps-tool-restore.$$
    fail "could not restore PowerShell 7.6.10 (dotnet tool restore, .config/dotnet-tools.json)"
fi
rm -f /tmp/lnps-tool-restore.$$
# The tool's own executable, so tests and scripts start it without the `dotnet tool run` indirection.
pwsh_path="$(dotnet tool run pwsh -NoProfile -NonInteractive -Command 'Join-Path $PSHOME pwsh')" ||
    fail "PowerShell was restored but does not start (dotnet tool run pwsh)"
[ -x "$pwsh_path" ] || fail "PowerShell reported '$pwsh_path' as its executable, which is not executable"
ln -sfn "$pwsh_path" .tools/pwsh

pester_versions=(6.2.0 5.9.1)
if ! dotnet restore tools/TestModules/TestModules.proj -v quiet -nologo >/tmp/lnps-pester.$$ 2>&1; then
    cat /tmp/lnps-pester.$$ >&2; rm -f /tmp/lnps-pester.$$
    fail "could not restore Pester ${pester_versions[*]} from NuGet (tools/TestModules/TestModules.proj)"
fi
rm -f /tmp/lnps-pester.$$
# A checkout bootstrapped before both versions were served has .tools/Modules/Pester as a link to 5.9.1 itself.
[ -L .tools/Modules/Pester ] && rm -f .tools/Modules/Pester
mkdir -p .tools/Modules/Pester
for v in "${pester_versions[@]}"; do
    pester_dir="$root/.tools/packages/pester/$v/tools"
    [ -f "$pester_dir/Pester.psd1" ] || fail "the Pester $v package has no tools/Pester.psd1"
    ln -sfn "$pester_dir" ".tools/Modules/Pester/$v"
done

echo "bootstrap: pwsh $(.tools/pwsh -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()') at .tools/pwsh, Pester ${pester_versions[*]} in .tools/Modules"
