using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.ConnectionTracking;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>
/// The filters Get-, Remove- and Clear-NetConnectionTracking share, all on the original direction of a connection (as
/// `conntrack -p -s -d --sport --dport --state --zone`): Source and Destination, not Local and Remote, because a tracked
/// connection may be forwarded through the namespace, where neither end is local (the names Get-NetPacket uses too).
/// </summary>
public abstract class ConnectionTrackingFilterCmdlet : NamespacedCmdlet
{
    protected const string ByFilter = "Filter";

    /// <summary>tcp, udp, icmp, icmpv6, sctp, dccp, gre, udplite or a protocol number.</summary>
    [Parameter(Position = 0, ParameterSetName = ByFilter)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ConnectionTrackingProtocolCompleter))]
    public string? Protocol { get; set; }

    /// <summary>Where the connection came from: an address or a prefix (10.0.0.0/24).</summary>
    [Parameter(ParameterSetName = ByFilter)]
    [ValidateNotNullOrEmpty]
    public string? SourceAddress { get; set; }

    /// <summary>Where the connection went first (before destination NAT): an address or a prefix.</summary>
    [Parameter(ParameterSetName = ByFilter)]
    [ValidateNotNullOrEmpty]
    public string? DestinationAddress { get; set; }

    [Parameter(ParameterSetName = ByFilter)]
    [ValidateRange(0, 65535)]
    public int? SourcePort { get; set; }

    [Parameter(ParameterSetName = ByFilter)]
    [ValidateRange(0, 65535)]
    public int? DestinationPort { get; set; }

    /// <summary>TCP states; entries of other protocols have none and never match.</summary>
    [Parameter(ParameterSetName = ByFilter)]
    [ValidateSet("SynSent", "SynReceived", "Established", "FinWait", "CloseWait", "LastAck", "TimeWait", "Close", "SynSent2", IgnoreCase = true)]
    public string[]? State { get; set; }

    /// <summary>The conntrack zone.</summary>
    [Parameter(ParameterSetName = ByFilter)]
    [ValidateRange(0, 65535)]
    public int? Zone { get; set; }

    /// <summary>The filter the parameters describe; bad addresses and protocols are InvalidAddress and InvalidProtocol.</summary>
    protected ConnectionTrackingFilter Filter() => new()
    {
        Protocol = Protocol is null ? null : ConnectionTrackingFilter.CheckProtocol(Protocol),
        SourceAddress = SourceAddress is null ? null : ConnectionTrackingFilter.AddressFilter(SourceAddress, "-SourceAddress"),
        DestinationAddress = DestinationAddress is null ? null : ConnectionTrackingFilter.AddressFilter(DestinationAddress, "-DestinationAddress"),
        SourcePort = SourcePort,
        DestinationPort = DestinationPort,
        State = State?.Select(s => Enum.Parse<ConnectionTrackingState>(s, ignoreCase: true)).ToHashSet(),
        Zone = Zone is { } z ? (ushort)z : null,
    };
}
