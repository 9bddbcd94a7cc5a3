#!/usr/bin/env bash
# All tests, as README.md says. On a fresh Linux machine with only the .NET SDK (as root):
#   1. tools/bootstrap.sh restores PowerShell 7.6.10 (local .NET tool) and Pester 6.2.0 and 5.9.1 into .tools/
#      of this checkout; if it cannot, this fails with its message (the Pester suites are never skipped).
#   2. build.ps1 -Task Build, Help, Test in that pwsh: `dotnet test LinuxNetPS.sln` (real kernel, in
#      namespaces the tests create; conformance; help builder), then every Pester suite
#      tests/*.Tests.ps1 against out/LinuxNetPS under Pester 6.2.0 (tests/Package.Tests.ps1 runs the Package
#      task and installs the .nupkg with Install-PSResource), the walkthrough suites and the about_LinuxNetPS
#      pattern under 5.9.1 too, then one closing line "N passed, N failed, N skipped".
#      LINUXNETPS_PESTER_VERSION=5.9.1 runs every suite under 5.9.1 and that set under 6.2.0.
# Exits non-zero if anything failed. Needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN).
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Route).
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
./tools/bootstrap.sh
export PSModulePath="$root/.tools/Modules${PSModulePath:+:$PSModulePath}"
export NO_COLOR=1
exec .tools/pwsh -NoProfile -NonInteractive -File build.ps1 -Task Build,Help,Test "$@"
