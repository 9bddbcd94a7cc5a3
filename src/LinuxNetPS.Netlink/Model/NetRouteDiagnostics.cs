using System.Net;

namespace LinuxNetPS.Model;

/// <summary>
/// Test-NetConnection -DiagnoseRouting: the route and source address the kernel would choose for a destination
/// (RTM_GETROUTE, as `ip route get`), under an interface or source constraint if one was given. Nothing is sent.
/// Windows' RouteSelectionEvents and SourceAddressSelectionEvents come from its event log and have no counterpart.
/// </summary>
public sealed record NetRouteDiagnostics
{
    public string? Namespace { get; init; }
    /// <summary>What was asked for (an address or a name).</summary>
    public required string ComputerName { get; init; }
    public required IPAddress RemoteAddress { get; init; }
    /// <summary>-ConstrainInterface: the only interface the lookup may choose.</summary>
    public int? ConstrainInterfaceIndex { get; init; }
    /// <summary>-ConstrainSourceAddress: the source address the lookup must use.</summary>
    public IPAddress? ConstrainSourceAddress { get; init; }
    /// <summary>The source address the kernel chose (the route's preferred source, else by its address selection).</summary>
    public IPAddress? SelectedSourceAddress { get; init; }
    public int? OutgoingInterfaceIndex { get; init; }
    public string? OutgoingInterfaceAlias { get; init; }
    /// <summary>The routing table entry that matched (`ip route get fibmatch`).</summary>
    public NetRoute? SelectedNetRoute { get; init; }
    /// <summary>The gateway, as Windows writes it: 0.0.0.0 or :: when the destination is on the link.</summary>
    public string? NextHop { get; init; }
    /// <summary>Whether the kernel has a route under the constraints.</summary>
    public bool RouteDiagnosticsSucceeded { get; init; }
    /// <summary>Why there is no route, in the kernel's words, when RouteDiagnosticsSucceeded is false.</summary>
    public string? Message { get; init; }
}
