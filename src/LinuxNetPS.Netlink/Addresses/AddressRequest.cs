using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Addresses;

/// <summary>A checked RTM_NEWADDR / RTM_DELADDR body: all validation happens before the kernel sees it.</summary>
internal sealed class AddressRequest
{
    private readonly IPPrefix _address;
    private readonly byte _family;
    private readonly RouteScope _scope;
    private readonly IfaFlags _flags;
    private readonly IPAddress? _broadcast;
    private readonly string? _label;
    private IfaCacheInfo? _lifetimes;

    private AddressRequest(IPPrefix address, RouteScope scope, IfaFlags flags, IPAddress? broadcast, string? label, string text)
    {
        _address = address;
        _family = FamilyCodes.Of(address.Address);
        _scope = scope;
        _flags = flags;
        _broadcast = broadcast;
        _label = label;
        Text = text;
    }

    /// <summary>"10.0.0.1/24 dev veth0", for messages.</summary>
    public string Text { get; }

    public static AddressRequest ForAdd(string interfaceName, IPPrefix address, AddressOptions options)
    {
        RequireAddress(address);
        bool v4 = FamilyCodes.Of(address.Address) == Rtnetlink.AddressFamily.Inet;
        if (options.Broadcast is { } brd && FamilyCodes.Of(brd) != Rtnetlink.AddressFamily.Inet)
            throw NetOperationException.Invalid($"The broadcast address '{brd}' must be an IPv4 address.", brd.ToString());
        if (options.Broadcast is not null && !v4)
            throw NetOperationException.Invalid($"IPv6 has no broadcast addresses; leave out the broadcast for {address}.", address.ToString());
        if (options.Label is { } label) ValidateLabel(label, interfaceName, v4, address);

        // iproute2's default: loopback addresses get host scope, everything else universe.
        var scope = options.Scope ?? (v4 && address.Address.GetAddressBytes()[0] == 127 ? RouteScope.Host : RouteScope.Universe);
        var flags = (options.NoDad ? IfaFlags.NoDad : 0) | (options.NoPrefixRoute ? IfaFlags.NoPrefixRoute : 0);
        return new AddressRequest(address, scope, flags, options.Broadcast, options.Label, $"{address} dev {interfaceName}")
        {
            _lifetimes = AddressLifetime.Of(options, address.Address),
        };
    }

    public static AddressRequest ForRemove(string interfaceName, IPPrefix address)
    {
        RequireAddress(address);
        return new(address, RouteScope.Universe, IfaFlags.None, null, null, $"{address} dev {interfaceName}");
    }

    /// <summary>A default(IPPrefix) has no address at all; say so instead of failing deep inside.</summary>
    private static void RequireAddress(IPPrefix address)
    {
        if (address.Address is null)
            throw NetOperationException.Invalid("An address is required, for example 10.10.1.10/16 or fd00::1/64.");
    }

    private static void ValidateLabel(string label, string interfaceName, bool v4, IPPrefix address)
    {
        if (!v4)
            throw NetOperationException.Invalid($"Address labels exist for IPv4 only; leave out the label for {address}.", label);
        // The kernel keeps labels in an IFNAMSIZ buffer and iproute2 insists they extend the
        // interface name ("eth0:web"), which is how tools tell which interface a label belongs to.
        if (!label.StartsWith(interfaceName, StringComparison.Ordinal))
            throw NetOperationException.Invalid(
                $"The label '{label}' must start with the interface name '{interfaceName}', for example '{interfaceName}:1'.", label);
        if (System.Text.Encoding.UTF8.GetByteCount(label) > LinkName.MaxBytes)
            throw NetOperationException.Invalid($"The label '{label}' is longer than {LinkName.MaxBytes} bytes.", label);
        if (label.Any(char.IsControl))
            throw NetOperationException.Invalid($"The label '{label}' contains a control character.", label);
    }

    public void Write(NetlinkWriter w, int index)
    {
        w.Struct(new IfAddrMsg
        {
            Family = _family,
            PrefixLength = (byte)_address.PrefixLength,
            Flags = (byte)((uint)_flags & 0xff),
            Scope = (byte)_scope,
            Index = (uint)index,
        });
        Span<byte> bytes = stackalloc byte[16];
        _address.Address.TryWriteBytes(bytes, out int length);
        // For an address without a peer both are the interface's own address, as iproute2 sends them.
        w.Bytes(IfaAttr.Local, bytes[..length]);
        w.Bytes(IfaAttr.Address, bytes[..length]);
        if (_broadcast is not null) w.Bytes(IfaAttr.Broadcast, _broadcast.GetAddressBytes());
        if (_label is not null) w.String(IfaAttr.Label, _label);
        if (_flags != IfaFlags.None) w.U32(IfaAttr.Flags, (uint)_flags);
        if (_lifetimes is { } lifetimes) w.StructAttribute(IfaAttr.CacheInfo, lifetimes);
    }
}
