using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Links;

/// <summary>Links (interfaces) of one namespace: list, create, change, move, delete.</summary>
public sealed partial class LinkOperations
{
    private readonly NetClient _client;

    internal LinkOperations(NetClient client) => _client = client;

    /// <summary>All links of the namespace, ordered by index.</summary>
    public IReadOnlyList<NetLink> List() => throw new NotImplementedException();

    /// <summary>One link by name; NotFound error if absent.</summary>
    public NetLink Get(string name) => throw new NotImplementedException();

    /// <summary>One link by index; NotFound error if absent.</summary>
    public NetLink Get(int index) => throw new NotImplementedException();

    /// <summary>One link by name, or null.</summary>
    public NetLink? TryGet(string name) => throw new NotImplementedException();

    /// <summary>Creates a link of a registered kind (bridge, dummy, macvlan, vxlan ...).</summary>
    public NetLink Create(LinkSpec spec) => throw new NotImplementedException();

    /// <summary>Creates a veth pair; the peer is created directly in its namespace (much cheaper than moving it). Nothing is left behind on failure.</summary>
    public VethPair CreateVeth(VethSpec spec) => throw new NotImplementedException();

    /// <summary>Applies changes in one request where the kernel allows it; returns the link afterwards.</summary>
    public NetLink Set(string name, LinkChanges changes) => throw new NotImplementedException();

    /// <summary>Shortcut for Set(name, new LinkChanges { Up = true }).</summary>
    public NetLink SetUp(string name) => Set(name, new LinkChanges { Up = true });

    /// <summary>Moves a link to another namespace (optionally renaming it); returns it as seen there.</summary>
    public NetLink MoveTo(string name, NamespaceRef target, string? newName = null) => throw new NotImplementedException();

    /// <summary>Deletes a link (for veth, both ends go).</summary>
    public void Delete(string name) => throw new NotImplementedException();
}
