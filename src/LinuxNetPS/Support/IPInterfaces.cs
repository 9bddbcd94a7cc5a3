using LinuxNetPS.Client;
using LinuxNetPS.Model;

namespace LinuxNetPS.Support;

/// <summary>
/// Windows' NetIPInterface rows of a namespace: one per interface and family (IPv4 always, IPv6 where it is on), made
/// from the link list and the per-interface forwarding switches, both read from the core in one go.
/// </summary>
public static class IPInterfaces
{
    /// <summary>Every row, in index order, IPv4 before IPv6.</summary>
    public static IReadOnlyList<NetIPInterface> List(NetClient client)
    {
        var links = client.Links.List();
        var switches = client.Forwarding.GetInterfaces(links.Select(l => l.Name)).ToDictionary(s => s.Interface, StringComparer.Ordinal);
        var rows = new List<NetIPInterface>();
        foreach (var link in links.OrderBy(l => l.Index))
        {
            if (!switches.TryGetValue(link.Name, out var s)) continue;
            var state = link.Status == "Up" ? IPConnectionState.Connected : IPConnectionState.Disconnected;
            rows.Add(Row(client, link, IPFamily.IPv4, link.Mtu, s.IPv4, state));
            if (s.IPv6Enabled) rows.Add(Row(client, link, IPFamily.IPv6, s.IPv6Mtu ?? link.Mtu, s.IPv6, state));
        }
        return rows;
    }

    private static NetIPInterface Row(NetClient client, NetLink link, IPFamily family, uint mtu, bool forwarding, IPConnectionState state) => new()
    {
        Namespace = client.NamespaceSpec,
        InterfaceIndex = link.Index,
        InterfaceAlias = link.Name,
        AddressFamily = family,
        NlMtu = mtu,
        Forwarding = forwarding ? IPInterfaceSetting.Enabled : IPInterfaceSetting.Disabled,
        ConnectionState = state,
    };
}
