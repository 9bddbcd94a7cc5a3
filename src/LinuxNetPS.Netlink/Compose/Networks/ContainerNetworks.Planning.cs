using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.Drivers;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>Checking requests and planning them: nothing here changes the kernel or the state, except making the default bridge on its first use.</summary>
public sealed partial class ContainerNetworks
{
    private NetworkRecord Prepare(NetworkSpec spec, Ctx c)
    {
        if (spec.Name is null || !ValidName.IsMatch(spec.Name))
            throw NetOperationException.Invalid($"'{InputText.Echo(spec.Name)}' is not a valid network name: start with a letter or digit, then letters, digits, '_', '.' or '-' (at most 64).", spec.Name)
                .WithErrorId(ErrorIds.InvalidNetworkName);
        if (BuiltInNetworks.IsBuiltIn(spec.Name))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"'{spec.Name}' is a built-in network; choose another name.", target: spec.Name)
                .WithErrorId(ErrorIds.NetworkExists);
        if (c.State.Networks.Any(n => n.Name == spec.Name))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"A network named '{spec.Name}' exists already in {_host.Namespace.Description}.", target: spec.Name)
                .WithErrorId(ErrorIds.NetworkExists);
        var driver = NetworkDrivers.Resolve(spec.Driver ?? "bridge");
        if (!driver.Creatable) throw NetOperationException.Invalid($"The '{driver.Name}' driver is built in only (the '{driver.Name}' network); create bridge, macvlan or ipvlan networks.", driver.Name)
            .WithErrorId(ErrorIds.InvalidNetworkDriver);

        if (!spec.IPv6 && (spec.SubnetV6 ?? spec.GatewayV6) is { } v6Only)
            throw NetOperationException.Invalid($"-SubnetV6 and -GatewayV6 need -IPv6 (Docker's --ipv6): add -IPv6, or leave them out for an IPv4-only network.", v6Only)
                .WithErrorId(ErrorIds.InvalidNetworkOption);
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

        var used = c.State.Networks.Where(n => n.Subnet is not null).ToList();
        var subnetText = spec.Subnet ?? Ipam.FreeSubnet(used.Select(n => IPPrefix.Parse(n.Subnet!))).ToString();
        var ipam = Ipam.Create(subnetText, spec.Gateway, spec.IPRange);
        if (used.FirstOrDefault(n => Ipam.Overlap(IPPrefix.Parse(n.Subnet!), ipam.Subnet)) is { } clash)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"The subnet {ipam.Subnet} overlaps {clash.Subnet} of the network '{clash.Name}'; choose a subnet that does not overlap.", target: spec.Subnet)
                .WithErrorId(ErrorIds.SubnetOverlap);
        Ipam? ipam6 = null;
        if (spec.IPv6)
        {
            ipam6 = Ipam.Create(spec.SubnetV6 ?? Ipam.UniqueLocalSubnet(id).ToString(), spec.GatewayV6, family: AddressFamily.InterNetworkV6);
            if (c.State.Networks.FirstOrDefault(n => n.SubnetV6 is not null && Ipam.Overlap(IPPrefix.Parse(n.SubnetV6), ipam6.Subnet)) is { } clash6)
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"The IPv6 subnet {ipam6.Subnet} overlaps {clash6.SubnetV6} of the network '{clash6.Name}'; choose a subnet that does not overlap.", target: spec.SubnetV6)
                    .WithErrorId(ErrorIds.SubnetOverlap);
        }
        if (spec.Mtu is < 68 or > 65535) throw NetOperationException.Invalid($"The MTU {spec.Mtu} is out of range (68 to 65535).", spec.Mtu.ToString())
            .WithErrorId(ErrorIds.InvalidNetworkOption);
        var aux = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (auxName, auxText) in spec.AuxAddresses)
        {
            var address = IPPrefix.ParseAddress(auxText, $"auxiliary address '{auxName}'");
            var within = address.AddressFamily == AddressFamily.InterNetworkV6 ? ipam6?.Subnet : ipam.Subnet;
            if (within is null || !within.Value.Contains(address))
                throw NetOperationException.Invalid($"The auxiliary address {auxName}={address} is outside the network's subnet{(within is null ? "s" : $" {within}")}; give an address of the subnet.", auxText)
                    .WithErrorId(ErrorIds.InvalidAuxAddress);
            if (address.Equals(ipam.Gateway) || address.Equals(ipam6?.Gateway))
                throw NetOperationException.Invalid($"The auxiliary address {auxName}={address} is the gateway's; the gateway is never handed out anyway.", auxText)
                    .WithErrorId(ErrorIds.InvalidAuxAddress);
            aux[auxName] = address.ToString();
        }
        var gatewayMode = spec.GatewayMode?.Trim().ToLowerInvariant();
        if (gatewayMode is not (null or "nat" or "routed"))
            throw NetOperationException.Invalid($"'{spec.GatewayMode}' is not a gateway mode: use nat (the default: masquerade and port DNAT) or routed (neither; the containers are reached at their own addresses).", spec.GatewayMode)
                .WithErrorId(ErrorIds.InvalidNetworkOption);
        if ((spec.DisableMasquerade || spec.DisableIcc || gatewayMode is not null || spec.HostBindingAddress is not null) && driver.Name != "bridge")
            throw NetOperationException.Invalid("-DisableMasquerade, -DisableIcc, -GatewayMode and -HostBindingAddress are options of the bridge driver.", driver.Name)
                .WithErrorId(ErrorIds.InvalidNetworkOption);
        string? hostBinding = null;
        if (spec.HostBindingAddress is not null)
        {
            var bindingSpec = new PublishSpec(spec.HostBindingAddress, "tcp", IPPrefix.ParseAddress(spec.HostBindingAddress, "host binding address"), 1, 1, 1, 1);
            PublishedPort.RequireLocalHostAddresses([bindingSpec], _host);
            hostBinding = bindingSpec.HostAddressText;
        }

        var network = new NetworkRecord
        {
            Id = id,
            Name = spec.Name, Driver = driver.Name,
            Subnet = ipam.Subnet.ToString(), Gateway = ipam.Gateway.ToString(), IPRange = spec.IPRange is null ? null : ipam.Range.ToString(),
            SubnetV6 = ipam6?.Subnet.ToString(), GatewayV6 = ipam6?.Gateway.ToString(),
            BridgeName = spec.BridgeName, Parent = spec.Parent, Mode = spec.Mode?.ToLowerInvariant(), Internal = spec.Internal, Mtu = spec.Mtu,
            AuxAddresses = aux, DisableMasquerade = spec.DisableMasquerade, DisableIcc = spec.DisableIcc, HostBindingAddress = hostBinding, GatewayMode = gatewayMode == "nat" ? null : gatewayMode,
            Labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal),
            Created = DateTimeOffset.UtcNow,
            Vni = spec.Vni, UnderlayAddress = spec.UnderlayAddress, Peers = spec.Peers.ToList(),
        };
        if ((spec.Vni is not null || spec.UnderlayAddress is not null || spec.Peers.Count > 0) && driver.Name != "overlay")
            throw NetOperationException.Invalid("-Vni, -UnderlayAddress and -PeerAddress are options of the overlay driver (-Driver overlay).", driver.Name);
        driver.Prepare(network, c.Context);
        return network;
    }

    /// <summary>Checks a Connect and plans it. <paramref name="preview"/>: nothing is changed, not even the default bridge made (its steps lead the plan).
    /// <paramref name="client"/>: the container's client when the caller has it open already.</summary>
    private (NetworkRecord, EndpointRecord, NetClient, ChangePlan Plan) PrepareConnect(ConnectSpec spec, Ctx c, bool preview, NetClient? client = null)
    {
        var plan = new ChangePlan();
        if (spec.Network?.StartsWith("container:", StringComparison.Ordinal) == true)
        {
            var other = spec.Network["container:".Length..];
            throw NetOperationException.Invalid(
                $"--network=container:{other} means sharing {other}'s namespace: there is nothing to connect. Run the second container's processes " +
                $"in it (Invoke-NetNamespace -Namespace {other} {{ ... }}); they see {other}'s interfaces and addresses.", spec.Network);
        }
        var network = FindOrCreateDefault(c, spec.Network!, preview ? plan : null);
        var driver = NetworkDrivers.Resolve(network.Driver);
        var ns = ResolveContainer(spec.Namespace);
        if (ns.Inode == _host.Inode && network.Driver != "host")
            throw NetOperationException.Invalid(
                $"{NamespaceRef.Parse(spec.Namespace).Description} is the namespace the network '{network.Name}' lives in, not a container; " +
                "pipe container namespaces (New-NetNamespace c1 | Connect-ContainerNetwork -Network ...), and give the network's namespace as -NetworkNamespace.", spec.Namespace);
        var container = client is not null && client.Inode == ns.Inode ? client : NetClient.For(spec.Namespace);
        if (c.State.Endpoints.Any(e => e.NetworkId == network.Id && e.ContainerInode == ns.Inode))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"{container.Namespace.Description} is connected to the network '{network.Name}' already.", target: spec.Namespace);

        var endpoint = new EndpointRecord
        {
            NetworkId = network.Id, ContainerNamespace = spec.Namespace, ContainerPath = ns.Path, ContainerInode = ns.Inode,
            InterfaceName = LinkName.Validate(spec.InterfaceName ?? "eth0"), MacAddress = spec.MacAddress,
            OwnerPid = Environment.ProcessId, Created = DateTimeOffset.UtcNow,
        };
        if (spec.MacAddress is not null) Links.MacAddressText.Parse(spec.MacAddress);
        endpoint.Aliases.AddRange(spec.Aliases.Distinct(StringComparer.OrdinalIgnoreCase));
        endpoint.Dns.AddRange(spec.Dns.Distinct());
        endpoint.DnsSearch.AddRange(spec.DnsSearch.Distinct(StringComparer.OrdinalIgnoreCase));
        NameFiles.Check(network, endpoint);
        AddPorts(c, network, endpoint, spec.Publish);
        CheckPorts(c, endpoint);
        if (network.Subnet is not null)
        {
            var ipam = Ipam.Create(network.Subnet, network.Gateway, network.IPRange);
            var taken = c.State.Endpoints.Where(e => e.NetworkId == network.Id && e.Address is not null).Select(e => IPAddress.Parse(e.Address!))
                .Concat(network.AuxAddresses.Values.Select(IPAddress.Parse)).ToHashSet(); // --aux-address: never handed out
            endpoint.Address = (spec.IPAddress is null ? ipam.Allocate(taken) : ipam.Claim(spec.IPAddress, taken)).ToString();
        }
        else if (spec.IPAddress is not null)
        {
            throw NetOperationException.Invalid($"The network '{network.Name}' hands out no addresses; connect without -IPAddress.", spec.IPAddress);
        }
        if (network.SubnetV6 is not null)
        {
            var ipam6 = Ipam.Create(network.SubnetV6, network.GatewayV6, family: AddressFamily.InterNetworkV6);
            var taken = c.State.Endpoints.Where(e => e.NetworkId == network.Id && e.AddressV6 is not null).Select(e => IPAddress.Parse(e.AddressV6!))
                .Concat(network.AuxAddresses.Values.Select(IPAddress.Parse)).ToHashSet();
            endpoint.AddressV6 = (spec.IPv6Address is null ? ipam6.Allocate(taken) : ipam6.Claim(spec.IPv6Address, taken)).ToString();
        }
        else if (spec.IPv6Address is not null)
        {
            throw NetOperationException.Invalid($"The network '{network.Name}' has no IPv6 (it was made without -IPv6); connect without -IPv6Address.", spec.IPv6Address);
        }
        foreach (var p in endpoint.Ports)
            if (p.HostAddress is { } hostAddress && hostAddress.Contains(':') && endpoint.AddressV6 is null)
                throw NetOperationException.Invalid($"The published port {p} listens on an IPv6 address, but the network '{network.Name}' has no IPv6.", p.ToString());
        driver.PrepareEndpoint(network, endpoint, c.Context, container);
        driver.PlanConnect(network, endpoint, c.Context, container, plan);
        return (network, endpoint, container, plan);
    }

    private static void CheckPorts(Ctx c, EndpointRecord endpoint)
    {
        var mine = new List<PortRecord>();
        foreach (var p in endpoint.Ports)
        {
            var clash = c.State.Endpoints.SelectMany(e => e.Ports.Select(q => (e, q))).FirstOrDefault(x => Clash(x.q, p));
            if (clash.q is not null)
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"The port {p.HostPort}/{p.Protocol} is published already, to {clash.e.ContainerNamespace} ({clash.q}); choose another host port.", target: p.ToString());
            if (mine.Any(q => Clash(q, p)))
                throw NetOperationException.Invalid($"The port {p.HostPort}/{p.Protocol} is given twice in -Publish.", p.ToString());
            mine.Add(p);
        }
    }

    private static bool Clash(PortRecord a, PortRecord b) =>
        a.Protocol == b.Protocol && a.HostPort == b.HostPort && SameAddresses(a.HostAddress, b.HostAddress);

    /// <summary>Whether two host addresses of published ports share an address: none written is every address of both
    /// families, 0.0.0.0 every IPv4 address, :: every IPv6 address.</summary>
    private static bool SameAddresses(string? a, string? b)
    {
        if (a is null || b is null) return true;
        var (x, y) = (IPAddress.Parse(a), IPAddress.Parse(b));
        if (x.AddressFamily != y.AddressFamily) return false;
        return x.Equals(y) || Nftables.NatRuleDefinition.IsUnspecified(x) || Nftables.NatRuleDefinition.IsUnspecified(y);
    }

    /// <summary>
    /// Reads the -Publish values (every form of `docker run -p`), checks that a host address written is one of the host's
    /// (or loopback, or 0.0.0.0/:: for every address), and chooses free host ports where none is given: the lowest port of the
    /// range that no endpoint of this namespace publishes and no port forward of our table takes, as Docker's allocator
    /// chooses among the ports it handed out itself. The chosen port is the endpoint's (Ports), so the user sees it.
    /// </summary>
    private void AddPorts(Ctx c, NetworkRecord network, EndpointRecord endpoint, IReadOnlyList<string> publish)
    {
        if (publish.Count == 0) return;
        var specs = publish.Select(PublishedPort.ParseSpec).ToList(); // all read before any host port is chosen
        // -HostBindingAddress: the network's default host address for a -p that names none (Docker's host_binding_ipv4).
        if (network.HostBindingAddress is { } binding) specs = specs.Select(s => s.HostAddress is null ? s with { HostAddress = IPAddress.Parse(binding) } : s).ToList();
        PublishedPort.RequireLocalHostAddresses(specs, _host);
        List<NatRule>? forwards = null;
        foreach (var spec in specs)
            foreach (var port in spec.Expand((min, max) =>
            {
                forwards ??= _host.Nat.List(NatRuleKind.PortForward).ToList();
                return FreeHostPort(c, endpoint, forwards, spec, min, max);
            }))
                endpoint.Ports.Add(port);
    }

    private static int FreeHostPort(Ctx c, EndpointRecord endpoint, IReadOnlyList<NatRule> forwards, PublishSpec spec, int min, int max)
    {
        var taken = c.State.Endpoints.Append(endpoint).SelectMany(e => e.Ports).Where(p => p.Protocol == spec.Protocol).ToList();
        for (int port = min; port <= max; port++)
        {
            var candidate = new PortRecord { Protocol = spec.Protocol, HostAddress = spec.HostAddressText, HostPort = port };
            if (taken.Any(p => Clash(p, candidate))) continue;
            if (forwards.Any(f => f.Protocol == spec.Protocol && Covers(f.Port, port) &&
                (f.Destination is null || SameAddresses(f.Destination.ToString(), spec.HostAddressText)))) continue;
            return port;
        }
        throw new NetOperationException(NetErrorKind.ResourceExhausted,
            $"No free host port for -Publish '{spec.Text}': every {spec.Protocol} port from {min} to {max} is published already; give a host port, or free one.", target: spec.Text)
            .WithErrorId(ErrorIds.NoFreeHostPort);
    }

    private static bool Covers(string? range, int port)
    {
        if (range is null) return false;
        var (min, max) = Nftables.NatRuleDefinition.ParsePortRange(range);
        return port >= min && port <= max;
    }

    /// <summary>The default "bridge" network is made on its first use, as dockerd makes docker0. With a
    /// <paramref name="previewPlan"/> it is only planned there (for -WhatIf).</summary>
    private NetworkRecord FindOrCreateDefault(Ctx c, string name, ChangePlan? previewPlan)
    {
        if (name != BuiltInNetworks.Bridge || c.State.Networks.Any(n => n.Name == name)) return Find(c, name, forChange: false);
        var network = BuiltInNetworks.Definition(name);
        network.Created = DateTimeOffset.UtcNow;
        var driver = NetworkDrivers.Resolve(network.Driver);
        if (c.State.Networks.FirstOrDefault(n => n.Subnet is not null && Ipam.Overlap(IPPrefix.Parse(n.Subnet), IPPrefix.Parse(network.Subnet!))) is { } clash)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"The default network 'bridge' ({network.Subnet}) cannot be made: the network '{clash.Name}' uses {clash.Subnet}.", target: name);
        driver.Prepare(network, c.Context);
        if (previewPlan is not null)
        {
            driver.PlanCreate(network, c.Context, previewPlan);
            return network;
        }
        var plan = new ChangePlan();
        c.State.Networks.Add(network);
        driver.PlanCreate(network, c.Context, plan);
        try { plan.Apply(); }
        catch { c.State.Networks.Remove(network); throw; }
        c.Session.Save();
        return network;
    }

    private NetworkRecord Find(Ctx c, string name, bool forChange)
    {
        if (string.IsNullOrWhiteSpace(name)) throw NetOperationException.Invalid("A network name is required, for example 'foo' (Get-ContainerNetwork lists them).", name)
            .WithErrorId(ErrorIds.InvalidNetworkName);
        var found = c.State.Networks.FirstOrDefault(n => n.Name == name);
        if (found is not null) return found;
        if (BuiltInNetworks.IsBuiltIn(name))
        {
            if (forChange) throw NetOperationException.Invalid($"'{name}' is a built-in network and cannot be removed{(name == "bridge" ? " before it is used" : "")}.", name)
                .WithErrorId(ErrorIds.BuiltInNetworkNotRemovable);
            return BuiltInNetworks.Definition(name);
        }
        throw NoSuchNetwork(name);
    }

    private NetOperationException NoSuchNetwork(string name) =>
        NetOperationException.NotFound($"There is no container network '{InputText.Echo(name)}' in {_host.Namespace.Description}; Get-ContainerNetwork lists them.", name)
            .WithErrorId(ErrorIds.NetworkNotFound);

    private static NetNamespace ResolveContainer(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw NetOperationException.Invalid("The container's namespace is required (-Namespace c1).", spec);
        return NetworkNamespaces.Get(NamespaceRef.Parse(spec));
    }
}
