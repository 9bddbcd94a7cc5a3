# Shared by the Describe blocks of ConnectionTracking.Tests.ps1 that move a UDP flow (moby #8795); dot-source it in
# BeforeAll. Not a test file itself.
#
# DNS-like servers answer every datagram on port 53 with their letter; one client sends from one fixed port every 200 ms
# and writes each answer to a file, so the flow stays one conntrack entry and the file shows where it went, in order.

# Starts a server per @(namespace, letter) pair and the client in $ClientNamespace (sending from $From:$FromPort to
# $To:5353); returns the processes, for Stop-UdpFlow.
function Start-UdpFlow([object[]] $Servers, [string] $ClientNamespace, [string] $From, [int] $FromPort, [string] $To, [string] $Answers) {
    $serve = "import socket,sys`ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('0.0.0.0',53));s.settimeout(300)`nwhile True:`n d,p=s.recvfrom(64);s.sendto(sys.argv[1].encode(),p)"
    $processes = foreach ($pair in $Servers) {
        Start-Process -FilePath ip -ArgumentList 'netns', 'exec', $pair[0], 'python3', '-c', "`"$serve`"", $pair[1] -PassThru
    }
    $ask = "import socket,sys,time`nu=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);u.bind(('$From',$FromPort));u.settimeout(0.2)`nout=open(sys.argv[1],'a')`nend=time.time()+120`nwhile time.time()<end:`n u.sendto(b'q',('$To',5353))`n try:`n  d,_=u.recvfrom(64);out.write(d.decode()+'\n');out.flush();time.sleep(0.2)`n except OSError: pass"
    @($processes) + (Start-Process -FilePath ip -ArgumentList 'netns', 'exec', $ClientNamespace, 'python3', '-c', "`"$ask`"", $Answers -PassThru)
}

function Stop-UdpFlow([object[]] $Processes, [string] $Answers) {
    foreach ($p in $Processes) { if ($p) { Stop-Process -Id $p.Id -ErrorAction SilentlyContinue } }
    if ($Answers) { Remove-Item $Answers -ErrorAction SilentlyContinue }
}

# The answers so far, one letter each.
function Get-Answers([string] $Answers) { if (Test-Path $Answers) { @(Get-Content $Answers | Where-Object { $_ }) } else { @() } }

# Waits (bounded, 30 s: the servers and the client are processes that start slowly on a loaded machine) until the
# answers after the first $Skip include $Letter.
function Wait-Answer([string] $Answers, [string] $Letter, [int] $Skip) {
    foreach ($i in 1..300) { if (@(Get-Answers $Answers | Select-Object -Skip $Skip) -contains $Letter) { return $true }; Start-Sleep -Milliseconds 100 }
    $false
}
