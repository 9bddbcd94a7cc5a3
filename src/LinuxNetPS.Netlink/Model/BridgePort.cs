using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>An interface enslaved to a bridge. Name/Namespace are the port's, so it pipes into Remove-BridgePort and Set-NetLink.</summary>
public sealed record BridgePort
{
    public string? Namespace { get; init; }
    /// <summary>The port (interface) name.</summary>
    public required string Name { get; init; }
    public int Index { get; init; }
    /// <summary>The bridge it belongs to.</summary>
    public required string Bridge { get; init; }
    public int BridgeIndex { get; init; }
    public OperState OperState { get; init; }
    /// <summary>STP port state: disabled, listening, learning, forwarding, blocking.</summary>
    public string? StpState { get; init; }

    public override string ToString() => $"{Bridge}:{Name}";
}
