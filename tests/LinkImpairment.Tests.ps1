#Requires -Modules Pester
# Link impairment (Mininet's TCLink) with Set-, Get- and Remove-NetLinkImpairment: two namespaces joined by a veth,
# traffic only between them, `tc -j qdisc show` as the oracle. The kernel of our machines has tbf but no sch_netem:
# rate limits are measured here; delay and loss are measured where the kernel has netem, and where it has not, the
# same Its check the clear NotImplemented error that leaves the link as it was.

Describe 'Link impairment between two namespaces' -Tag 'Lab', 'Impairment' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $a = "$prefix-a"
        $b = "$prefix-b"
        $null = New-NetNamespace -Name $a, $b
        $null = New-VethPair -Name va -PeerName vb -Namespace $a -PeerNamespace $b -Up
        $null = Add-NetAddress -Namespace $a -Interface va -Address 10.77.0.1/24
        $null = Add-NetAddress -Namespace $b -Interface vb -Address 10.77.0.2/24

        # tc's view of one interface's qdiscs, as objects.
        function Get-TcQdisc([string] $Namespace, [string] $Interface) {
            $json = & tc -n $Namespace -j -d qdisc show dev $Interface
            if ($LASTEXITCODE -ne 0) { throw "tc -n $Namespace qdisc show dev $Interface failed" }
            @(($json -join "`n") | ConvertFrom-Json)
        }
        function Get-TcRoot([string] $Namespace, [string] $Interface) { Get-TcQdisc $Namespace $Interface | Where-Object root }
        function Get-TcText([string] $Namespace, [string] $Interface) { (& tc -n $Namespace -j qdisc show dev $Interface) -join "`n" }

        # Whether the kernel has netem: tc itself tries it on the lab link and takes it off again.
        $script:HasNetem = $false
        & tc -n $a qdisc replace dev va root netem delay 1ms 2>$null
        if ($LASTEXITCODE -eq 0) { $script:HasNetem = $true; & tc -n $a qdisc del dev va root }

        # A TCP sink in b: reads a length and that many bytes, answers one byte. The client in a measures bits per second.
        $script:SinkScript = Join-Path ([IO.Path]::GetTempPath()) "$prefix-sink.py"
        $script:SendScript = Join-Path ([IO.Path]::GetTempPath()) "$prefix-send.py"
        Set-Content -Path $SinkScript -Value @'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(4)
while True:
    c, _ = s.accept()
    head = b''
    while len(head) < 8:
        head += c.recv(8 - len(head))
    want, got = int.from_bytes(head, 'big'), 0
    while got < want:
        d = c.recv(65536)
        if not d:
            break
        got += len(d)
    c.sendall(b'k')
    c.close()
'@
        Set-Content -Path $SendScript -Value @'
import socket, sys, time
host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
deadline = time.time() + 10
while True:
    try:
        c = socket.create_connection((host, port), timeout=30)
        break
    except OSError:
        if time.time() > deadline:
            raise
        time.sleep(0.1)
start = time.time()
c.sendall(count.to_bytes(8, 'big') + b'x' * count)
assert c.recv(1) == b'k'
print(int(count * 8 / (time.time() - start)))
'@
        $script:Sink = Start-NetNamespaceProcess -Namespace $b -FilePath python3 -ArgumentList $SinkScript, 10.77.0.2, 5201

        function Measure-TcpRate([int] $Bytes) {
            [long](Invoke-NetNamespace -Namespace $a -FilePath python3 -ArgumentList $SendScript, 10.77.0.2, 5201, $Bytes | Select-Object -Last 1)
        }
    }

    AfterAll {
        if ($Sink) { $Sink | Stop-Process -Force -ErrorAction SilentlyContinue }
        if ($SinkScript) { Remove-Item $SinkScript, $SendScript -ErrorAction SilentlyContinue }
        if ($prefix) { Remove-Lab $prefix }
    }

    AfterEach {
        Get-NetLinkImpairment -Namespace $a | Remove-NetLinkImpairment
        Get-NetLinkImpairment -Namespace $b | Remove-NetLinkImpairment
    }

    It 'a 1mbit rate on one end limits a TCP transfer between the namespaces, and Remove- lifts it' {
        $unlimited = Measure-TcpRate 250000
        $set = Set-NetLinkImpairment -Namespace $a -Interface va -Rate 1mbit -PassThru
        $set.Kind | Should -Be 'tbf'
        $set.Rate | Should -Be 1000000
        (Get-TcRoot $a va).options.rate | Should -Be 125000   # tc reports bytes per second

        $limited = Measure-TcpRate 250000
        $limited | Should -BeGreaterThan 400000
        $limited | Should -BeLessThan 2000000
        $unlimited | Should -BeGreaterThan (10 * $limited)

        Remove-NetLinkImpairment -Namespace $a -Interface va
        (Get-TcRoot $a va).kind | Should -Be 'noqueue'
        Measure-TcpRate 250000 | Should -BeGreaterThan (10 * $limited)
    }

    It 'a 100 ms delay on one end makes the round trip 100 to 150 ms (or, without sch_netem, a NotImplemented error that changes nothing)' {
        if ($HasNetem) {
            Set-NetLinkImpairment -Namespace $a -Interface va -Delay 100ms
            (Get-TcRoot $a va).options.delay.delay | Should -Be 0.1
            $probe = Test-NetConnection -Namespace $a -ComputerName 10.77.0.2 -Count 5
            $probe.Succeeded | Should -BeTrue
            $probe.RoundTripTimes | ForEach-Object { $_ | Should -BeGreaterOrEqual 100; $_ | Should -BeLessThan 150 }
            Remove-NetLinkImpairment -Namespace $a -Interface va
            (Test-NetConnection -Namespace $a -ComputerName 10.77.0.2 -Count 3).RoundTripTime | Should -BeLessThan 100
        }
        else {
            $before = Get-TcText $a va
            $e = Get-CommandError { Set-NetLinkImpairment -Namespace $a -Interface va -Delay 100ms -ErrorAction Stop }
            $e.FullyQualifiedErrorId | Should -BeLike 'QdiscKindNotSupported,*'
            $e.CategoryInfo.Category | Should -Be 'NotImplemented'
            $e.Exception.Message | Should -Match 'sch_netem'
            Get-TcText $a va | Should -Be $before
            (Test-NetConnection -Namespace $a -ComputerName 10.77.0.2 -Count 3).RoundTripTime | Should -BeLessThan 100
        }
    }

    It '50% loss drops 25 to 75% of 200 pings (or, without sch_netem, a NotImplemented error that changes nothing)' {
        if ($HasNetem) {
            Set-NetLinkImpairment -Namespace $a -Interface va -Loss 50%
            $summary = Invoke-NetNamespace -Namespace $a -FilePath ping -ArgumentList '-c', '200', '-i', '0.01', '-W', '1', '-q', '10.77.0.2' |
                Where-Object { $_ -match 'packets transmitted' }
            $received = [int]([regex]::Match($summary, '(\d+) received').Groups[1].Value)
            $received | Should -BeGreaterOrEqual 50
            $received | Should -BeLessOrEqual 150
        }
        else {
            $null = Set-NetLinkImpairment -Namespace $a -Interface va -Rate 100mbit
            $before = Get-TcText $a va
            $e = Get-CommandError { Set-NetLinkImpairment -Namespace $a -Interface va -Loss 50% -ErrorAction Stop }
            $e.FullyQualifiedErrorId | Should -BeLike 'QdiscKindNotSupported,*'
            Get-TcText $a va | Should -Be $before     # the tbf that was there stays, exactly
            (Get-NetLinkImpairment -Namespace $a -Interface va).Rate | Should -Be 100000000
        }
    }

    It 'Get-NetLink | Set-NetLinkImpairment binds the link, and setting the same twice leaves one equal qdisc' {
        $first = Get-NetLink -Namespace $b -Name vb | Set-NetLinkImpairment -Rate 20mbit -PassThru
        $second = Get-NetLink -Namespace $b -Name vb | Set-NetLinkImpairment -Rate 20mbit -PassThru
        @(Get-TcQdisc $b vb).Count | Should -Be 1
        (Get-TcRoot $b vb).options.rate | Should -Be 2500000
        $second.Summary | Should -Be $first.Summary
        $second.Namespace | Should -Be $b
        (Get-NetLinkImpairment -Namespace $b).Interface | Should -Be 'vb'
    }

    It 'Get-NetLinkImpairment reads what tc made, and Get- | Remove- takes it away' {
        & tc -n $a qdisc add dev va root tbf rate 3mbit burst 32kbit latency 100ms
        $got = Get-NetLinkImpairment -Namespace $a -Interface va
        $got.Kind | Should -Be 'tbf'
        $got.Rate | Should -Be 3000000
        $got.BurstBytes | Should -Be 4096
        $got.Handle | Should -Be (Get-TcRoot $a va).handle
        Get-NetLinkImpairment -Namespace $a | Remove-NetLinkImpairment
        (Get-TcRoot $a va).kind | Should -Be 'noqueue'
        Get-NetLinkImpairment -Namespace $a | Should -BeNullOrEmpty
    }

    It 'Remove-NetLinkImpairment of a link without impairment is LinkImpairmentNotFound and leaves its qdisc alone' {
        & tc -n $a qdisc add dev va root htb
        $e = Get-CommandError { Remove-NetLinkImpairment -Namespace $a -Interface va -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'LinkImpairmentNotFound,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-TcRoot $a va).kind | Should -Be 'htb'
        & tc -n $a qdisc del dev va root
        Remove-NetLinkImpairment -Namespace $a -Interface va -ErrorAction SilentlyContinue -ErrorVariable quiet
        $quiet.Count | Should -Be 1
    }

    It 'tab completion: -Interface of Set- offers the links, of Remove- only the impaired ones' {
        function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
        $null = Set-NetLinkImpairment -Namespace $b -Interface vb -Rate 1mbit
        Complete "Set-NetLinkImpairment -Namespace $a -Interface " | Should -Contain 'va'
        Complete "Set-NetLinkImpairment -Namespace $a -Interface " | Should -Contain 'lo'
        Complete "Remove-NetLinkImpairment -Namespace $b -Interface " | Should -Be 'vb'
        Complete "Remove-NetLinkImpairment -Namespace $a -Interface " | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing' {
        $before = Get-TcText $a va
        Invoke-WithoutHost { param($ns) Set-NetLinkImpairment -Namespace $ns -Interface va -Rate 1mbit -WhatIf -PassThru } -ArgumentList $a |
            Should -BeNullOrEmpty
        Get-TcText $a va | Should -Be $before
    }

    It 'bad <Case> is refused with <Id> (<Category>) and changes nothing' -ForEach @(
        @{ Case = 'interface'; Values = @{ Interface = 'nope0'; Rate = '1mbit' }; Id = 'LinkNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'interface name'; Values = @{ Interface = 'a' * 16; Rate = '1mbit' }; Id = 'InterfaceNameTooLong'; Category = 'InvalidArgument' }
        @{ Case = 'namespace'; Values = @{ Interface = 'va'; Rate = '1mbit' }; InNamespace = 'no-such-ns-imp'; Id = 'NamespaceNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'delay text'; Values = @{ Interface = 'va'; Delay = 'soon' }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'delay without unit'; Values = @{ Interface = 'va'; Delay = 100 }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'negative delay'; Values = @{ Interface = 'va'; Delay = [TimeSpan]::FromMilliseconds(-5) }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'overflowing delay'; Values = @{ Interface = 'va'; Delay = '99999999999999999999s' }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'jitter without delay'; Values = @{ Interface = 'va'; Jitter = '10ms' }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'loss over 100%'; Values = @{ Interface = 'va'; Loss = '150%' }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'negative loss'; Values = @{ Interface = 'va'; Loss = -1 }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'loss text'; Values = @{ Interface = 'va'; Loss = 'lots' }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'rate text'; Values = @{ Interface = 'va'; Rate = 'fast' }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'rate of 0'; Values = @{ Interface = 'va'; Rate = 0 }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'overflowing rate'; Values = @{ Interface = 'va'; Rate = '99999999999tbit' }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'negative rate'; Values = @{ Interface = 'va'; Rate = -5 }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'duplicate'; Values = @{ Interface = 'va'; Duplicate = 101 }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'corrupt'; Values = @{ Interface = 'va'; Corrupt = '-2%' }; Id = 'ParameterArgumentTransformationError'; Category = 'InvalidData' }
        @{ Case = 'reorder without delay'; Values = @{ Interface = 'va'; Reorder = 25 }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'limit'; Values = @{ Interface = 'va'; Limit = 0 }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
        @{ Case = 'nothing to set'; Values = @{ Interface = 'va' }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
    ) {
        $null = Set-NetLinkImpairment -Namespace $a -Interface va -Rate 7mbit
        $before = Get-TcText $a va
        $splat = @{ Namespace = if ($InNamespace) { $InNamespace } else { $a } } + $Values
        $e = Get-CommandError { Set-NetLinkImpairment @splat -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $e.CategoryInfo.Category | Should -Be $Category
        Get-TcText $a va | Should -Be $before
        Get-TcText $b vb | Should -Not -Match 'tbf|netem'
    }

    It 'bad input to Get- and Remove- is refused with its id' {
        (Get-CommandError { Get-NetLinkImpairment -Namespace $a -Interface nope0 -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'LinkNotFound,*'
        (Get-CommandError { Remove-NetLinkImpairment -Namespace $a -Interface nope0 -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'LinkNotFound,*'
        (Get-CommandError { Get-NetLinkImpairment -Namespace no-such-ns-imp -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'NamespaceNotFound,*'
        Get-NetLinkImpairment -Namespace $a -Interface va | Should -BeNullOrEmpty   # a link without impairment: nothing, no error
    }

    It 'impairing links in lab namespaces never touches the host namespace' {
        $hostBefore = (& tc -j qdisc show) -join "`n"
        $null = Set-NetLinkImpairment -Namespace $a -Interface va -Rate 5mbit
        $null = Set-NetLinkImpairment -Namespace $b -Interface vb -Rate 5mbit
        Get-NetLinkImpairment -Namespace $a | Remove-NetLinkImpairment
        (& tc -j qdisc show) -join "`n" | Should -Be $hostBefore
        Get-NetLinkImpairment | Where-Object Interface -in 'va', 'vb' | Should -BeNullOrEmpty
    }

    It 'the table view fits 80 columns' {
        $null = Set-NetLinkImpairment -Namespace $a -Interface va -Rate 2500kbit
        $lines = @((Get-NetLinkImpairment -Namespace $a | Out-String -Width 80) -split "`n" | ForEach-Object { $_.TrimEnd() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines | Where-Object { $_ -match '^va\s' } | Should -Match '^va\s+tbf\s+2\.5Mbit$'
    }

    It 'the table view shows every netem value within 80 columns' {
        # A record as Get-NetLinkImpairment returns it where the kernel has netem (this one's has not).
        $netem = [LinuxNetPS.Model.LinkImpairment]@{
            Namespace = $a; Interface = 'longername0123'; Index = 9; Kind = 'netem'; Handle = '4c4e:'; Limit = 1000
            Delay = [TimeSpan]::FromMilliseconds(1500); Jitter = [TimeSpan]::FromMilliseconds(250); LossPercent = 12.5
            Rate = 1500000000; DuplicatePercent = 2; ReorderPercent = 25
        }
        $lines = @(($netem | Out-String -Width 80) -split "`n" | ForEach-Object { $_.TrimEnd() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines | Where-Object { $_ -match '^longername0123\s' } | Should -Match '^longername0123\s+netem\s+1\.5s\s+250ms\s+12\.5%\s+1\.5Gbit dup 2% reord 25%$'
        $netem.Summary | Should -Be 'delay 1.5s 250ms loss 12.5% duplicate 2% reorder 25% rate 1.5Gbit'
    }
}
