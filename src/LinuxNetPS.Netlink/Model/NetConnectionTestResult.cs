using System.Net;

namespace LinuxNetPS.Model;

/// <summary>Why a connection test failed.</summary>
public enum ConnectionFailure
{
    /// <summary>It did not fail.</summary>
    None,
    /// <summary>The namespace has no route to the address (ENETUNREACH): nothing was sent.</summary>
    NoRoute,
    /// <summary>Nothing came back within the timeout.</summary>
    TimedOut,
    /// <summary>The host answered that nothing listens on the port (TCP RST, ECONNREFUSED).</summary>
    Refused,
    /// <summary>A router or the host answered that the destination cannot be reached (ICMP destination unreachable, EHOSTUNREACH).</summary>
    Unreachable,
    /// <summary>Anything else; Message says what.</summary>
    Other,
}

/// <summary>The outcome of Test-NetConnection: echo replies or a TCP connection, the route used, and why it failed if it did.</summary>
public sealed record NetConnectionTestResult
{
    public string? Namespace { get; init; }
    /// <summary>What was asked for (an address or a name).</summary>
    public required string ComputerName { get; init; }
    public required IPAddress RemoteAddress { get; init; }
    /// <summary>"ICMP" (echo) or "TCP" (connect).</summary>
    public required string Protocol { get; init; }
    public int? RemotePort { get; init; }
    public bool Succeeded { get; init; }
    public ConnectionFailure FailureReason { get; init; }
    /// <summary>What happened, in words (the failure, or a summary like ping's).</summary>
    public string? Message { get; init; }
    /// <summary>Echo requests sent or connections tried.</summary>
    public int Sent { get; init; }
    /// <summary>Echo replies received or connections made.</summary>
    public int Received { get; init; }
    /// <summary>Round-trip time of each answered probe, in milliseconds.</summary>
    public IReadOnlyList<double> RoundTripTimes { get; init; } = [];
    /// <summary>The mean of <see cref="RoundTripTimes"/>, or null when nothing answered.</summary>
    public double? RoundTripTime => RoundTripTimes.Count == 0 ? null : RoundTripTimes.Average();
    /// <summary>The address the kernel sends from (the route's preferred source, or the local end of the connection).</summary>
    public IPAddress? SourceAddress { get; init; }
    /// <summary>The output interface of the route used.</summary>
    public string? Interface { get; init; }
    /// <summary>The gateway the packets go to, or null when the destination is on the link.</summary>
    public IPAddress? NextHop { get; init; }
    /// <summary>Windows' name for the outcome of a TCP test: Succeeded when -Port was given, false for an ICMP test.</summary>
    public bool TcpTestSucceeded => Protocol == "TCP" && Succeeded;
    /// <summary>Windows' name for the outcome of an ICMP echo test: Succeeded without -Port, false for a TCP test.</summary>
    public bool PingSucceeded => Protocol == "ICMP" && Succeeded;
    /// <summary>The routing-table entry that matched (RTM_GETROUTE with RTM_F_FIB_MATCH), as Get-NetRoute shows it.</summary>
    public NetRoute? Route { get; init; }

    public override string ToString() => $"{Protocol} {RemoteAddress}{(RemotePort is { } p ? ":" + p : "")}: " + (Succeeded ? "succeeded" : FailureReason.ToString());
}
