#!/usr/bin/env bash
# Sets up what run.sh and test.sh need, inside this checkout only:
#   .tools/pwsh            -> PowerShell 7.6.9, restored as a local .NET tool (.config/dotnet-tools.json)
#   .tools/Modules/Pester  -> Pester 5.9.1, restored from NuGet by tools/TestModules/TestModules.proj
# Nothing outside the checkout changes except the NuGet package cache that every dotnet restore uses.
# Fails (exit 1) with a message saying what could not be set up; it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
mkdir -p .tools/Modules

fail() { echo "!! bootstrap: $*" >&2; exit 1; }

if ! dotnet tool restore >/tmp/lnps-tool-restore.$$ 2>&1; then
    cat /tmp/lnps-tool-restore.$$ >&2; rm -f /tmp/lnps-tool-restore.$$
    fail "could not restore PowerShell 7.6.9 (dotnet tool restore, .config/dotnet-tools.json)"
fi
rm -f /tmp/lnps-tool-restore.$$
# The tool's own executable, so tests and scripts start it without the `dotnet tool run` indirection.
pwsh_path="$(dotnet tool run pwsh -NoProfile -NonInteractive -Command 'Join-Path $PSHOME pwsh')" ||
    fail "PowerShell was restored but does not start (dotnet tool run pwsh)"
[ -x "$pwsh_path" ] || fail "PowerShell reported '$pwsh_path' as its executable, which is not executable"
ln -sfn "$pwsh_path" .tools/pwsh

if ! dotnet restore tools/TestModules/TestModules.proj -v quiet -nologo >/tmp/lnps-pester.$$ 2>&1; then
    cat /tmp/lnps-pester.$$ >&2; rm -f /tmp/lnps-pester.$$
    fail "could not restore Pester 5.9.1 from NuGet (tools/TestModules/TestModules.proj)"
fi
rm -f /tmp/lnps-pester.$$
pester_dir="$root/.tools/packages/pester/5.9.1/tools"
[ -f "$pester_dir/Pester.psd1" ] || fail "the Pester package has no tools/Pester.psd1"
ln -sfn "$pester_dir" .tools/Modules/Pester

echo "bootstrap: pwsh $(.tools/pwsh -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()') at .tools/pwsh, Pester 5.9.1 in .tools/Modules"
