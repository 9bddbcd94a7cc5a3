using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Routes;

/// <summary>Routes of one namespace (`ip route`).</summary>
public sealed class RouteOperations
{
    private readonly NetClient _client;

    internal RouteOperations(NetClient client) => _client = client;

    /// <summary>Routes of a table (default: main), optionally one family ("IPv4"/"IPv6"); table 0 means all tables.</summary>
    public IReadOnlyList<NetRoute> List(string? family = null, uint table = Rtnetlink.RtTable.Main) => throw new NotImplementedException();

    /// <summary>Adds a route; AlreadyExists if an equal route is there (`ip route add`).</summary>
    public NetRoute Add(RouteSpec spec) => throw new NotImplementedException();

    /// <summary>Adds or replaces a route (`ip route replace`).</summary>
    public NetRoute Replace(RouteSpec spec) => throw new NotImplementedException();

    /// <summary>Removes a route (`ip route del`); NotFound if absent.</summary>
    public void Remove(RouteSpec spec) => throw new NotImplementedException();
}

/// <summary>A route to add, replace or remove. Destination is "default" or a prefix; a bare address means /32 or /128.</summary>
public sealed record RouteSpec
{
    public required string Destination { get; init; }
    public System.Net.IPAddress? Gateway { get; init; }
    public string? Interface { get; init; }
    /// <summary>Routing table; null = main.</summary>
    public uint? Table { get; init; }
    public uint? Metric { get; init; }
    public Rtnetlink.RouteScope? Scope { get; init; }
    /// <summary>null = static (RTPROT_STATIC for add/replace; any for remove).</summary>
    public Rtnetlink.RouteProtocol? Protocol { get; init; }
    /// <summary>null = unicast.</summary>
    public Rtnetlink.RouteType? Type { get; init; }
    public System.Net.IPAddress? PreferredSource { get; init; }
    /// <summary>Treat the gateway as directly reachable on the interface (RTNH_F_ONLINK).</summary>
    public bool OnLink { get; init; }
}
