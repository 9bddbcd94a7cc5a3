namespace LinuxNetPS.Model;

/// <summary>What an event is about: the rtnetlink table that changed, or a gap in the stream.</summary>
public enum NetEventKind
{
    Link, Address, Route, Neighbor, Namespace,
    /// <summary>The kernel dropped notifications (ENOBUFS), or one could not be read: something changed that the stream does not show.</summary>
    Gap,
}

/// <summary>What happened to the object.</summary>
public enum NetEventAction { Added, Changed, Removed, Lost }

/// <summary>
/// One change the kernel announced on an rtnetlink multicast group (what `ip monitor` prints): which
/// object, in which namespace, what changed, and the object as the Get- cmdlets show it.
/// </summary>
public sealed record NetEvent
{
    public string? Namespace { get; init; }
    public DateTime Timestamp { get; init; }
    public NetEventKind Kind { get; init; }
    public NetEventAction Action { get; init; }
    /// <summary>What the event is about, in iproute2's words: a link name, "10.0.0.1/24", a route destination, a neighbour address, a namespace id.</summary>
    public string? Subject { get; init; }
    /// <summary>The interface concerned (the link itself, or the one the address, route or neighbour is on).</summary>
    public string? Interface { get; init; }
    /// <summary>The state before the change, where there is one: a link's UP/DOWN/LOWERLAYERDOWN, an address's tentative/preferred, a neighbour's REACHABLE/STALE.</summary>
    public string? OldState { get; init; }
    /// <summary>The state after the change (for a removal: the last state seen).</summary>
    public string? NewState { get; init; }
    /// <summary>For Changed: the properties that differ from the previous announcement (IsUp, OperState, Mtu, Flags ...).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
    /// <summary>The object after the change: a NetLink, NetAddress, NetRoute or NeighborEntry (for a removal, the object that went).</summary>
    public object? Object { get; init; }
    /// <summary>For Changed: the object as it was before.</summary>
    public object? PreviousObject { get; init; }
    /// <summary>One line like `ip monitor` prints.</summary>
    public string Summary { get; init; } = "";

    public override string ToString() => Summary;
}
