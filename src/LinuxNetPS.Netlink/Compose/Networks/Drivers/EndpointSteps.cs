using LinuxNetPS.Addresses;
using System.Net;
using LinuxNetPS.Model;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>The steps every addressed endpoint shares once its interface is in the container: lo up, address, default route, published ports.</summary>
internal static class EndpointSteps
{
    public static void PlanInside(NetworkRecord network, EndpointRecord endpoint, NetClient container, ChangePlan plan)
    {
        PlanLoopback(container, plan);
        var subnet = IPPrefix.Parse(network.Subnet!);
        var address = new IPPrefix(IPAddress.Parse(endpoint.Address!), subnet.PrefixLength);
        plan.Add($"add {address} to {endpoint.InterfaceName} in {container.Namespace.Description}",
            () => container.Addresses.Add(endpoint.InterfaceName!, address)); // goes with the interface on undo
        if (endpoint.AddressV6 is not null)
        {
            // No duplicate address detection (as Docker): the address is ours by IPAM, and a tentative one would leave the
            // container without IPv6 for about a second after Connect returns.
            var address6 = new IPPrefix(IPAddress.Parse(endpoint.AddressV6), IPPrefix.Parse(network.SubnetV6!).PrefixLength);
            plan.Add($"add {address6} to {endpoint.InterfaceName} in {container.Namespace.Description}",
                () => container.Addresses.Add(endpoint.InterfaceName!, address6, new AddressOptions { NoDad = true }));
        }
        // An internal network has no way out, so no default route (as in Docker).
        if (network.Internal) return;
        PlanDefaultRoute(container, endpoint, network.Gateway, IPFamily.IPv4, plan);
        if (endpoint.AddressV6 is not null) PlanDefaultRoute(container, endpoint, network.GatewayV6, IPFamily.IPv6, plan);
    }

    private static void PlanDefaultRoute(NetClient container, EndpointRecord endpoint, string? gateway, IPFamily family, ChangePlan plan)
    {
        if (gateway is null) return;
        var gw = IPAddress.Parse(gateway);
        plan.Add($"default route via {gw} in {container.Namespace.Description}", () =>
        {
            // The first network a container joins gives its default route (per family), as in Docker.
            if (container.Routes.List(family).Any(r => r.Destination == "default")) return;
            container.Routes.Add(new RouteSpec { Destination = "default", Gateway = gw, Interface = endpoint.InterfaceName });
        });
    }

    public static void PlanLoopback(NetClient container, ChangePlan plan)
    {
        bool wasUp = container.Links.Get("lo").IsUp;
        plan.Add($"lo up in {container.Namespace.Description}", () => container.Links.SetUp("lo"),
            () => { if (!wasUp) container.Links.Set("lo", new Links.LinkChanges { Up = false }); });
    }

    public static void PlanPorts(EndpointRecord endpoint, NetClient host, ChangePlan plan)
    {
        if (endpoint.Ports.Count == 0) return;
        // Per family the container has, as Docker publishes on both: a host address given picks its family.
        var requests = new List<PortForwardRequest>();
        foreach (var p in endpoint.Ports)
        {
            bool v6Host = p.HostAddress?.Contains(':') == true;
            if (!v6Host && endpoint.Address is not null)
            {
                var r = new PortForwardRequest(p.Protocol, p.HostPort.ToString(), endpoint.Address, p.ContainerPort, null, p.HostAddress);
                p.RuleId = r.ToDefinition().Id;
                requests.Add(r);
            }
            if ((v6Host || p.HostAddress is null) && endpoint.AddressV6 is not null)
            {
                var r = new PortForwardRequest(p.Protocol, p.HostPort.ToString(), endpoint.AddressV6, p.ContainerPort, null, p.HostAddress);
                p.RuleIdV6 = r.ToDefinition().Id;
                requests.Add(r);
            }
        }
        plan.Add($"publish {string.Join(", ", endpoint.Ports)} in {host.Namespace.Description}",
            () => host.Nat.AddPortForwards(requests),
            () => RemovePorts(endpoint, host));
    }

    public static void RemovePorts(EndpointRecord endpoint, NetClient host)
    {
        foreach (var id in endpoint.Ports.SelectMany(p => new[] { p.RuleId, p.RuleIdV6 }))
            if (id.Length > 0)
                try { host.Nat.Remove(id); }
                catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound) { }
    }

    /// <summary>Deletes a link if it is there.</summary>
    public static void DeleteLink(NetClient client, string? name)
    {
        if (name is null) return;
        try { client.Links.Delete(name); }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound) { }
    }

    /// <summary>The interface name must be free in the container.</summary>
    public static void RequireFreeName(NetClient container, string name)
    {
        if (container.Links.TryGet(name) is not null)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"{container.Namespace.Description} already has an interface '{name}'; give the endpoint another -Interface.", target: name);
    }

    public static string RandomName(string prefix) => prefix + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()[..7];
}
