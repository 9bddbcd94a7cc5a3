namespace LinuxNetPS.Model;

/// <summary>
/// A veth pair: two links joined like a cable. Its own Name/Namespace are those of the first end,
/// so piping it into Add-BridgePort or Set-NetLink acts on that end.
/// </summary>
public sealed record VethPair(NetLink Link, NetLink Peer)
{
    public string? Namespace => Link.Namespace;
    public string Name => Link.Name;
    public int Index => Link.Index;
    public string PeerName => Peer.Name;
    public string? PeerNamespace => Peer.Namespace;
    public int PeerIndex => Peer.Index;

    public override string ToString() => $"{Name} <-> {PeerName}";
}
