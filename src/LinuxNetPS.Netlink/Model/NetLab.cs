namespace LinuxNetPS.Model;

/// <summary>A network lab as Get-NetLab shows it: its record, reconciled with the kernel.</summary>
public sealed record NetLab
{
    /// <summary>The lab's name (called Lab, as on its nodes, links and test results, so all of them bind -Lab).</summary>
    public required string Lab { get; init; }
    /// <summary>What every node's namespace name starts with.</summary>
    public required string Prefix { get; init; }
    /// <summary>Ready, Building (its New-NetLab is still running), Incomplete (that New-NetLab died: Remove-NetLab cleans up) or Degraded (a namespace or link is gone or down).</summary>
    public required string Status { get; init; }
    public IReadOnlyList<NetLabNode> Nodes { get; init; } = [];
    public IReadOnlyList<NetLabLink> Links { get; init; } = [];
    /// <summary>The definition file it was built from, if any.</summary>
    public string? Source { get; init; }
    public DateTimeOffset Created { get; init; }
    /// <summary>What is wrong when Status is not Ready.</summary>
    public string? Problem { get; init; }

    public override string ToString() => Lab;
}

/// <summary>One node of a lab: a namespace (a host, a router or a switch).</summary>
public sealed record NetLabNode
{
    public required string Lab { get; init; }
    public required string Node { get; init; }
    /// <summary>Linux, Bridge, or Host (a Linux node standing for the host: containerlab's kind host and management bridge).</summary>
    public required string Kind { get; init; }
    public required string Namespace { get; init; }
    /// <summary>"eth0 10.0.0.2/24" per address.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];
    public IReadOnlyList<string> Routes { get; init; } = [];
    public bool Forwarding { get; init; }
    /// <summary>Running, or Missing (the namespace is gone).</summary>
    public required string State { get; init; }
    /// <summary>The node's exec lines (containerlab's exec) as they ran after the build, with what each printed.</summary>
    public IReadOnlyList<NetLabExec> Exec { get; init; } = [];

    public override string ToString() => Node;
}

/// <summary>One exec line of a lab node, as it ran: the command, its exit code and what it printed.</summary>
public sealed record NetLabExec
{
    public required string Command { get; init; }
    public int ExitCode { get; init; }
    public string Output { get; init; } = "";

    public override string ToString() => Command;
}

/// <summary>One link of a lab: a veth pair between two node interfaces.</summary>
public sealed record NetLabLink
{
    public required string Lab { get; init; }
    /// <summary>"r1:eth1".</summary>
    public required string EndA { get; init; }
    public required string EndB { get; init; }
    /// <summary>The shaping of each end ("delay 100ms, loss 1%"), if any.</summary>
    public string? ImpairmentA { get; init; }
    public string? ImpairmentB { get; init; }
    /// <summary>Up, Down (an end is down) or Missing (an end is gone).</summary>
    public required string State { get; init; }

    public override string ToString() => $"{EndA} -- {EndB}";
}

/// <summary>
/// One probe of Test-NetLab: could Source reach Target's Address, and was that what was expected. A pair with nothing
/// to probe (the target has no address, or the lab has fewer than two nodes to ping between) is a result too, with
/// Tested false and no TargetAddress, and it never passes: a lab without addresses does not pass its test.
/// </summary>
public sealed record NetLabTestResult
{
    public required string Lab { get; init; }
    /// <summary>The node the probe went from ('' for the whole lab when there was no pair to test).</summary>
    public required string Source { get; init; }
    public required string Target { get; init; }
    /// <summary>The address probed; null when nothing was (<see cref="Tested"/> is false).</summary>
    public System.Net.IPAddress? TargetAddress { get; init; }
    /// <summary>Whether a probe was sent at all.</summary>
    public bool Tested { get; init; } = true;
    public bool Reachable { get; init; }
    /// <summary>Mean round-trip time of the answered echoes, in milliseconds.</summary>
    public double? RttMs { get; init; }
    public int Sent { get; init; }
    public int Received { get; init; }
    public bool Expected { get; init; }
    public bool Passed => Tested && Reachable == Expected;
    public string? Message { get; init; }

    public override string ToString() => !Tested ? $"{Source} -> {Target}: NOT TESTED ({Message})"
        : $"{Source} -> {Target} {TargetAddress}: {(Reachable ? "reachable" : "unreachable")}{(Passed ? "" : " (UNEXPECTED)")}";
}

/// <summary>
/// One throughput measurement of Measure-NetLabLink: a TCP stream from Source to Target's address for about Seconds,
/// and what came across (payload only, so a link shaped to 100 Mbit/s measures a little under 100).
/// </summary>
public sealed record NetLabThroughput
{
    public required string Lab { get; init; }
    /// <summary>The node the stream went from.</summary>
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required System.Net.IPAddress TargetAddress { get; init; }
    /// <summary>The link measured ("a:eth0--sw:p1"), when one was named.</summary>
    public string? Link { get; init; }
    /// <summary>Payload bytes received.</summary>
    public long Bytes { get; init; }
    /// <summary>From the first byte sent to the last received.</summary>
    public double Seconds { get; init; }
    public double BitsPerSecond { get; init; }
    public double Mbps => BitsPerSecond / 1e6;

    /// <summary>"94.1 Mbit/s", "12.3 Gbit/s".</summary>
    public string Throughput => BitsPerSecond >= 1e9 ? $"{BitsPerSecond / 1e9:0.00} Gbit/s" : $"{BitsPerSecond / 1e6:0.0} Mbit/s";

    public override string ToString() => $"{Source} -> {Target} {TargetAddress}: {Throughput}";
}
