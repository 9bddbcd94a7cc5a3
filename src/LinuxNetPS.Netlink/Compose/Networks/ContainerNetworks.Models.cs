using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LinuxNetPS.Compose.Networks.Drivers;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>The immutable models handed out for the persisted records.</summary>
public sealed partial class ContainerNetworks
{
    private ContainerNetwork ToModel(NetworkRecord n, Ctx c, bool builtIn = false)
    {
        string? problem = builtIn ? null : NetworkDrivers.Resolve(n.Driver).Problem(n, c.Context);
        return new ContainerNetwork
        {
            Namespace = _host.NamespaceSpec, Network = n.Name, NetworkId = n.Id, Driver = n.Driver, Subnet = n.Subnet,
            Gateway = n.Gateway is null ? null : IPAddress.Parse(n.Gateway), IPRange = n.IPRange,
            IPv6 = n.SubnetV6 is not null, SubnetV6 = n.SubnetV6, GatewayV6 = n.GatewayV6 is null ? null : IPAddress.Parse(n.GatewayV6), BridgeName = n.BridgeName, MacAddress = n.MacAddress, Parent = n.Parent,
            Mode = n.Mode, Internal = n.Internal, Mtu = n.Mtu, Endpoints = c.State.Endpoints.Count(e => e.NetworkId == n.Id),
            Status = builtIn ? ContainerNetworkStatus.BuiltIn : problem is null ? ContainerNetworkStatus.Ready : ContainerNetworkStatus.Broken,
            Problem = problem, Created = builtIn ? null : n.Created,
        };
    }

    private ContainerEndpoint ToModel(NetworkRecord n, EndpointRecord e) => new()
    {
        Namespace = e.ContainerNamespace, Network = n.Name, NetworkNamespace = _host.NamespaceSpec, Driver = n.Driver,
        InterfaceName = e.InterfaceName, IPAddress = e.Address is null ? null : IPAddress.Parse(e.Address),
        PrefixLength = e.Address is null ? null : IPPrefix.Parse(n.Subnet!).PrefixLength,
        Gateway = e.Address is null || n.Internal || n.Gateway is null ? null : IPAddress.Parse(n.Gateway),
        IPv6Address = e.AddressV6 is null ? null : IPAddress.Parse(e.AddressV6),
        IPv6PrefixLength = e.AddressV6 is null ? null : IPPrefix.Parse(n.SubnetV6!).PrefixLength,
        GatewayV6 = e.AddressV6 is null || n.Internal || n.GatewayV6 is null ? null : IPAddress.Parse(n.GatewayV6),
        MacAddress = e.MacAddress, HostInterface = e.HostInterface, Ports = e.Ports.Select(p => p.ToString()).ToList(),
        Aliases = e.Aliases.ToList(), Dns = e.Dns.ToList(), DnsSearch = e.DnsSearch.ToList(),
    };
}
