using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Addresses;

/// <summary>IPv4 and IPv6 addresses of one namespace (`ip addr`).</summary>
public sealed class AddressOperations
{
    private readonly NamespaceSession _session;

    internal AddressOperations(NamespaceSession session) => _session = session;

    /// <summary>Addresses, optionally of one interface and/or one family, ordered by interface as `ip addr` shows them.</summary>
    public IReadOnlyList<NetAddress> List(string? interfaceName = null, IPFamily? family = null)
    {
        byte af = FamilyCodes.Of(family);
        int? index = interfaceName is null ? null : LinkResolver.IndexOf(_session, interfaceName);
        var names = new InterfaceNames(_session);
        if (index is int known) names.Add(known, interfaceName!);

        string? ns = _session.NamespaceSpec;
        // Without NETLINK_GET_STRICT_CHK the kernel ignores ifa_index in a dump, so we filter here.
        var found = _session.Route.Dump(RtmType.GetAddr, w => w.Struct(new IfAddrMsg { Family = af, Index = (uint)(index ?? 0) }),
            (in NetlinkMessage m) => AddressParser.Parse(m, ns) is { } a && (index is null || a.InterfaceIndex == index)
                && (af == Rtnetlink.AddressFamily.Unspec || FamilyCodes.Of(a.IPAddress) == af) ? a : null,
            "list addresses");
        return found.OrderBy(a => a.InterfaceIndex).Select(a => a with { Interface = names.Of(a.InterfaceIndex) }).ToList();
    }

    /// <summary>Adds an address (a prefix without length means /32 or /128, as iproute2). Returns it as the kernel stored it.</summary>
    public NetAddress Add(string interfaceName, IPPrefix address, AddressOptions? options = null)
    {
        options ??= new AddressOptions();
        LinkName.Validate(interfaceName);
        var request = AddressRequest.ForAdd(interfaceName, address, options);
        int index = LinkResolver.IndexOf(_session, interfaceName);

        NetAddress? echoed = null;
        string? ns = _session.NamespaceSpec;
        var flags = NetlinkFlags.Create | (options.Replace ? NetlinkFlags.Replace : NetlinkFlags.Excl) | NetlinkFlags.Echo;
        try
        {
            // NLM_F_ECHO: the kernel sends the new address back (IPv4 does; IPv6 does not, so we look it up then).
            _session.Route.Execute(RtmType.NewAddr, flags, w => request.Write(w, index), "add address", request.Text,
                (in NetlinkMessage m) =>
                {
                    if (AddressParser.Parse(m, ns) is { } a && a.InterfaceIndex == index && Same(a, address)) echoed = a;
                });
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.AlreadyExists)
        {
            throw new NetOperationException(e.Kind,
                $"Interface '{interfaceName}' in {Where()} already has the address {address}. {e.Message}",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.AddressExists);
        }

        if (echoed is not null) return echoed with { Interface = interfaceName };
        return List(interfaceName, IPFamilies.Of(address.Address)).FirstOrDefault(a => Same(a, address))
            ?? throw new NetOperationException(NetErrorKind.Other,
                $"The kernel accepted the address {address} for '{interfaceName}' but does not list it (was the interface removed meanwhile?).",
                operation: "add address", target: request.Text);
    }

    /// <summary>Removes an address; NotFound if the interface does not have it.</summary>
    public void Remove(string interfaceName, IPPrefix address)
    {
        LinkName.Validate(interfaceName);
        var request = AddressRequest.ForRemove(interfaceName, address);
        int index = LinkResolver.IndexOf(_session, interfaceName);
        try
        {
            _session.Route.Execute(RtmType.DelAddr, NetlinkFlags.None, w => request.Write(w, index), "remove address", request.Text);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            // EADDRNOTAVAIL says nothing about what is there; name the addresses the interface does have.
            var present = List(interfaceName, IPFamilies.Of(address.Address));
            var sameAddress = present.FirstOrDefault(a => a.IPAddress.Equals(address.Address));
            string hint = sameAddress is not null
                ? $" It has {sameAddress.Cidr}: did you mean that prefix length?"
                : present.Count == 0 ? $" It has no {IPFamilies.Of(address.Address)} addresses."
                : $" It has {string.Join(", ", present.Select(a => a.Cidr))}.";
            throw new NetOperationException(NetErrorKind.NotFound,
                $"Interface '{interfaceName}' in {Where()} does not have the address {address}.{hint}",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.AddressNotFound);
        }
    }

    private static bool Same(NetAddress a, IPPrefix p) => a.IPAddress.Equals(p.Address) && a.PrefixLength == p.PrefixLength;

    private string Where() => _session.Namespace.Description;
}

/// <summary>Optional settings for a new address.</summary>
public sealed record AddressOptions
{
    /// <summary>IPv4 broadcast address (IFA_BROADCAST); none unless given, as iproute2.</summary>
    public System.Net.IPAddress? Broadcast { get; init; }
    /// <summary>IPv4 label (IFA_LABEL); must start with the interface name, e.g. "eth0:web".</summary>
    public string? Label { get; init; }
    /// <summary>null = host for 127.0.0.0/8, universe otherwise (as iproute2). IPv6 scopes follow from the address.</summary>
    public LinuxNetPS.Rtnetlink.RouteScope? Scope { get; init; }
    /// <summary>Skip duplicate address detection (IPv6).</summary>
    public bool NoDad { get; init; }
    /// <summary>Do not add the prefix route for the address's network (IFA_F_NOPREFIXROUTE).</summary>
    public bool NoPrefixRoute { get; init; }
    /// <summary>Replace the address if it exists instead of failing.</summary>
    public bool Replace { get; init; }
    /// <summary>How long the address stays (valid_lft); null or MaxValue: forever.</summary>
    public TimeSpan? ValidLifetime { get; init; }
    /// <summary>How long it stays preferred as a source (preferred_lft); null: as long as it is valid.</summary>
    public TimeSpan? PreferredLifetime { get; init; }
}
