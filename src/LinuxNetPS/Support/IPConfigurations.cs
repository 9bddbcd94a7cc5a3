using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>
/// Windows' NetIPConfiguration of the interfaces of a namespace: one address dump, one route dump (both families) and the
/// namespace's resolv.conf, joined per interface.
/// </summary>
public static class IPConfigurations
{
    public static IEnumerable<NetIPConfiguration> For(NetClient client, IEnumerable<NetLink> links)
    {
        var addresses = client.Addresses.List().ToLookup(a => a.Interface);
        var defaults = client.Routes.List(IPFamily.IPv4).Concat(client.Routes.List(IPFamily.IPv6))
            .Where(r => r.Destination.Equals("default", StringComparison.OrdinalIgnoreCase) && r.Interface is not null)
            .ToLookup(r => r.Interface);
        var dns = ResolverConfiguration.NameServers(client.Namespace);
        foreach (var link in links)
        {
            var mine = addresses[link.Name].ToList();
            yield return new NetIPConfiguration
            {
                Namespace = client.NamespaceSpec,
                InterfaceAlias = link.Name,
                InterfaceIndex = link.Index,
                InterfaceDescription = link.InterfaceDescription,
                Status = link.Status,
                IPv4Address = mine.Where(a => a.Family == IPFamily.IPv4).ToList(),
                IPv6Address = mine.Where(a => a.Family == IPFamily.IPv6 && !a.IPAddress.IsIPv6LinkLocal).ToList(),
                IPv6LinkLocalAddress = mine.Where(a => a.Family == IPFamily.IPv6 && a.IPAddress.IsIPv6LinkLocal).ToList(),
                IPv4DefaultGateway = defaults[link.Name].Where(r => r.Family == IPFamily.IPv4).ToList(),
                IPv6DefaultGateway = defaults[link.Name].Where(r => r.Family == IPFamily.IPv6).ToList(),
                DNSServer = dns,
            };
        }
    }
}
