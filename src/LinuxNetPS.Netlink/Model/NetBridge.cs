using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>A bridge and its ports: the `brctl show` view.</summary>
public sealed record NetBridge
{
    public string? Namespace { get; init; }
    public required string Name { get; init; }
    public int Index { get; init; }
    /// <summary>Bridge id as brctl prints it: priority.mac, e.g. 8000.1a2b3c4d5e6f.</summary>
    public string? BridgeId { get; init; }
    public bool StpEnabled { get; init; }
    public OperState OperState { get; init; }
    public IReadOnlyList<string> Ports { get; init; } = [];

    public override string ToString() => Name;
}
