using LinuxNetPS.Client;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Netlink;
using LinuxNetPS.Links;
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
    /// <summary>
    /// lo up, the interface up, its address(es) and default route(s), as ONE step that sends one netlink batch in the
    /// container (the kernel handles each message on its own; the first failure is reported after all answers):
    /// instead of about ten round trips (an index lookup, a request and an echo for each), one. <paramref name="interfaceIndex"/>
    /// gives the interface's index when an earlier step knows it (the veth just created); otherwise it is looked up.
    /// A failure undoes what this step did to lo; the addresses and routes go with the interface when the plan undoes it.
    /// </summary>
    public static void PlanInside(NetworkRecord network, EndpointRecord endpoint, NetClient container, ChangePlan plan, Func<int>? interfaceIndex = null)
    {
        bool loWasUp = container.Links.Get("lo").IsUp;
        string name = endpoint.InterfaceName!;
        var address = new IPPrefix(IPAddress.Parse(endpoint.Address!), IPPrefix.Parse(network.Subnet!).PrefixLength);
        var addresses = new List<AddressRequest> { AddressRequest.ForAdd(name, address, new AddressOptions()) };
        if (endpoint.AddressV6 is not null)
        {
            // No duplicate address detection (as Docker): the address is ours by IPAM, and a tentative one would leave the
            // container without IPv6 for about a second after Connect returns.
            var address6 = new IPPrefix(IPAddress.Parse(endpoint.AddressV6), IPPrefix.Parse(network.SubnetV6!).PrefixLength);
            addresses.Add(AddressRequest.ForAdd(name, address6, new AddressOptions { NoDad = true }));
        }
        // An internal network has no way out, so no default route (as in Docker).
        var gateways = network.Internal ? [] : new[] { network.Gateway, endpoint.AddressV6 is null ? null : network.GatewayV6 }.OfType<string>().Select(IPAddress.Parse).ToList();
        string what = $"add {string.Join(" and ", addresses.Select(a => a.Text.Split(' ')[0]))} to {name} in {container.Namespace.Description}, lo up" +
            (gateways.Count > 0 ? $", default route via {string.Join(" and ", gateways)}" : "");
        plan.Add(what, () =>
        {
            int index = interfaceIndex?.Invoke() ?? LinkResolver.IndexOf(container.Session, name);
            var routes = gateways.Select(gw => RouteRequest.Create(new RouteSpec { Destination = "default", Gateway = gw, Interface = name }, RouteIntent.Add, _ => index)).ToList();
            try
            {
                container.Route.ExecuteBatch(b =>
                {
                    b.Add(LinkRequest.SetUp("lo"));
                    b.Add(LinkRequest.SetUp(index, name));
                    foreach (var a in addresses) b.Add(RtmType.NewAddr, NetlinkFlags.Create | NetlinkFlags.Excl, w => a.Write(w, index), "add address", a.Text);
                    foreach (var r in routes) b.Add(RtmType.NewRoute, NetlinkFlags.Create | NetlinkFlags.Excl, r.Write, DefaultRoute, r.Text);
                });
            }
            // The first network a container joins gives its default route (per family), as in Docker: one there already is fine.
            // The routes come last, so an address that failed is the error reported, never hidden behind this.
            catch (NetOperationException e) when (e.Kind == NetErrorKind.AlreadyExists && e.Operation == DefaultRoute) { }
            catch
            {
                if (!loWasUp) TryLoDown(container);
                throw;
            }
        }, () => { if (!loWasUp) TryLoDown(container); });
    }

    private const string DefaultRoute = "add default route";

    private static void TryLoDown(NetClient container)
    {
        try { container.Links.Set("lo", new Links.LinkChanges { Up = false }); }
        catch (NetOperationException) { }
    }

    public static void PlanLoopback(NetClient container, ChangePlan plan)
    {
        bool wasUp = container.Links.Get("lo").IsUp;
        plan.Add($"lo up in {container.Namespace.Description}", () => container.Links.SetUp("lo"),
            () => { if (!wasUp) container.Links.Set("lo", new Links.LinkChanges { Up = false }); });
    }

    public static void PlanPorts(EndpointRecord endpoint, NetClient host, ChangePlan plan, NetworkRecord? network = null)
    {
        if (endpoint.Ports.Count == 0) return;
        // Routed gateway mode (Docker's gateway_mode_ipv4=routed): no DNAT; the ports are reached at the container's own address.
        if (network?.GatewayMode == "routed") return;
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

    /// <summary>
    /// The alias (IFLA_IFALIAS) every link a network makes in the kernel carries from its creation: its bridge, the host end
    /// of a veth, a macvlan or ipvlan link. Removing a network or an endpoint deletes a link only when it carries its
    /// network's marker, so a record that names someone else's link (edited, or stale after a crash) never deletes it.
    /// </summary>
    public static string MarkerOf(NetworkRecord network) => $"linuxnetps network {network.Id}";

    /// <summary>Whether <paramref name="link"/> is provably one <paramref name="network"/> made (its marker, and the kind given).</summary>
    public static bool IsOurs(NetLink? link, NetworkRecord network, string kind) =>
        link is not null && link.Kind == kind && link.Alias == MarkerOf(network);

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
