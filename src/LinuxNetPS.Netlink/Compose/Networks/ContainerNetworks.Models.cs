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
        var stale = new List<string>();
        if (c.Session.ReadOnly)
        {
            stale = c.State.Endpoints.Where(e => e.NetworkId == n.Id).Select(StaleReason).OfType<string>().ToList();
            if (stale.Count > 0)
                problem = (problem is null ? "" : problem + "; ") +
                    $"stale endpoint{(stale.Count == 1 ? "" : "s")}: {string.Join(", ", stale.Take(5))}{(stale.Count > 5 ? ", ..." : "")}; the next change of this namespace's networks releases {(stale.Count == 1 ? "it" : "them")}";
        }
        return new ContainerNetwork
        {
            Namespace = _host.NamespaceSpec, Network = n.Name, NetworkId = n.Id, Driver = n.Driver, Subnet = n.Subnet,
            Gateway = n.Gateway is null ? null : IPAddress.Parse(n.Gateway), IPRange = n.IPRange,
            IPv6 = n.SubnetV6 is not null, SubnetV6 = n.SubnetV6, GatewayV6 = n.GatewayV6 is null ? null : IPAddress.Parse(n.GatewayV6), BridgeName = n.BridgeName, MacAddress = n.MacAddress, Parent = n.Parent,
            Mode = n.Mode, Internal = n.Internal, Mtu = n.Mtu, Endpoints = c.State.Endpoints.Count(e => e.NetworkId == n.Id) - stale.Count,
            AuxAddresses = new Dictionary<string, string>(n.AuxAddresses), Labels = new Dictionary<string, string>(n.Labels),
            Masquerade = n.Driver == "bridge" && n.Masquerades, Icc = n.Driver != "bridge" || !n.DisableIcc, HostBindingAddress = n.HostBindingAddress,
            GatewayMode = n.Driver == "bridge" ? n.GatewayMode ?? "nat" : null, Options = OptionsOf(n),
            Containers = c.State.Endpoints.Where(e => e.NetworkId == n.Id && e.Phase == EndpointPhase.Connected && StaleReason(e) is null).Select(e => ToModel(n, e)).ToList(),
            Status = builtIn ? ContainerNetworkStatus.BuiltIn : problem is null ? ContainerNetworkStatus.Ready : ContainerNetworkStatus.Broken,
            Problem = problem, Created = builtIn ? null : n.Created,
        };
    }

    /// <summary>The network's settings as Docker's driver options (docker network inspect's Options).</summary>
    private static Dictionary<string, string> OptionsOf(NetworkRecord n)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        if (n.Driver == "bridge" && n.BridgeName is not null)
        {
            o["com.docker.network.bridge.name"] = n.BridgeName;
            o["com.docker.network.bridge.enable_ip_masquerade"] = n.Masquerades ? "true" : "false";
            o["com.docker.network.bridge.enable_icc"] = n.DisableIcc ? "false" : "true";
            o["com.docker.network.bridge.gateway_mode_ipv4"] = n.GatewayMode ?? "nat";
            if (n.HostBindingAddress is not null) o["com.docker.network.bridge.host_binding_ipv4"] = n.HostBindingAddress;
        }
        if (n.Parent is not null) o["parent"] = n.Parent;
        if (n.Mode is not null) o[n.Driver + "_mode"] = n.Mode;
        if (n.Vni is { } vni)
        {
            // Docker's option name for the VNI; the rest say where this host's end of the overlay is and whom it floods to.
            o["com.docker.network.driver.overlay.vxlanid_list"] = vni.ToString(System.Globalization.CultureInfo.InvariantCulture);
            o["underlay"] = n.UnderlayAddress ?? "";
            o["vxlan"] = n.VxlanName ?? "";
            o["peers"] = string.Join(",", n.Peers);
            o["hosts"] = string.Join(",", n.HostNames.OrderBy(h => h.Value, StringComparer.Ordinal).Select(h => $"{h.Value}={h.Key}"));
        }
        if (n.Mtu is { } mtu) o["com.docker.network.driver.mtu"] = mtu.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return o;
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
