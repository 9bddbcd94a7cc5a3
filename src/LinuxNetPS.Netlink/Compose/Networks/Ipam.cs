using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Errors;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// IPv4 address management of one network, as Docker's default IPAM does it: a subnet, a gateway (default: the
/// first address), an optional ip-range inside the subnet that addresses are handed out from, lowest free first.
/// The network and broadcast addresses and the gateway are never handed out. Pure arithmetic: the caller holds
/// the state lock and passes the addresses already taken.
/// </summary>
public sealed class Ipam
{
    private readonly uint _network, _broadcast, _rangeFirst, _rangeLast;

    public IPPrefix Subnet { get; }
    public IPAddress Gateway { get; }
    public IPPrefix Range { get; }

    private Ipam(IPPrefix subnet, IPAddress gateway, IPPrefix range)
    {
        Subnet = subnet;
        Gateway = gateway;
        Range = range;
        (_network, _broadcast) = Bounds(subnet);
        (_rangeFirst, _rangeLast) = Bounds(range);
    }

    /// <summary>Checks subnet, gateway and range (InvalidArgument with what to type instead) and fills the defaults.</summary>
    public static Ipam Create(string subnet, string? gateway = null, string? ipRange = null)
    {
        var s = ParseV4(subnet, "subnet");
        if (s.HasHostBits)
            throw NetOperationException.Invalid($"The subnet '{subnet}' has host bits set; write its network address, {s.Network}.", subnet);
        if (s.PrefixLength > 30)
            throw NetOperationException.Invalid($"The subnet '{subnet}' is too small for a network (a gateway and at least one container need a /30 or larger).", subnet);
        var (network, broadcast) = Bounds(s);
        IPAddress gw;
        if (gateway is null)
        {
            gw = ToAddress(network + 1);
        }
        else
        {
            gw = IPPrefix.ParseAddress(gateway, "gateway");
            if (gw.AddressFamily != AddressFamily.InterNetwork)
                throw NetOperationException.Invalid($"The gateway '{gateway}' is not an IPv4 address; container networks are IPv4 here.", gateway);
            uint g = ToUInt(gw);
            if (g < network || g > broadcast)
                throw NetOperationException.Invalid($"The gateway {gw} is outside the subnet {s}; give an address inside it, for example {ToAddress(network + 1)}.", gateway);
            if (g == network || g == broadcast)
                throw NetOperationException.Invalid($"The gateway {gw} is the {(g == network ? "network" : "broadcast")} address of {s}; give a host address, for example {ToAddress(network + 1)}.", gateway);
        }
        var range = s;
        if (ipRange is not null)
        {
            range = ParseV4(ipRange, "ip-range").Network;
            var (first, last) = Bounds(range);
            if (first < network || last > broadcast)
                throw NetOperationException.Invalid($"The ip-range {range} is not inside the subnet {s}.", ipRange);
        }
        return new Ipam(s, gw, range);
    }

    /// <summary>The lowest free address of the range; ResourceExhausted when none is left.</summary>
    public IPAddress Allocate(IReadOnlySet<IPAddress> taken)
    {
        for (uint a = _rangeFirst; a <= _rangeLast && a >= _rangeFirst; a++)
        {
            if (a == _network || a == _broadcast) continue;
            var address = ToAddress(a);
            if (address.Equals(Gateway) || taken.Contains(address)) continue;
            return address;
        }
        throw new NetOperationException(NetErrorKind.ResourceExhausted,
            $"No address is left in {(Range == Subnet ? $"the subnet {Subnet}" : $"the ip-range {Range}")}: all {taken.Count} are in use. " +
            "Disconnect a container, or create the network with a larger subnet or ip-range.", target: Range.ToString());
    }

    /// <summary>Checks an address the user asked for: inside the subnet, not reserved, not taken.</summary>
    public IPAddress Claim(string text, IReadOnlySet<IPAddress> taken)
    {
        var address = IPPrefix.ParseAddress(text, "IP address");
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw NetOperationException.Invalid($"'{text}' is not an IPv4 address; container networks are IPv4 here.", text);
        uint a = ToUInt(address);
        if (a < _network || a > _broadcast)
            throw NetOperationException.Invalid($"The address {address} is outside the network's subnet {Subnet}.", text);
        if (a == _network || a == _broadcast || address.Equals(Gateway))
            throw NetOperationException.Invalid($"The address {address} is the {(address.Equals(Gateway) ? "gateway" : a == _network ? "network address" : "broadcast address")} of {Subnet}; give another one.", text);
        if (taken.Contains(address))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"The address {address} is already in use on this network; give another one or let the network choose.", target: text);
        return address;
    }

    public static bool Overlap(IPPrefix a, IPPrefix b)
    {
        var (a1, a2) = Bounds(a);
        var (b1, b2) = Bounds(b);
        return a1 <= b2 && b1 <= a2;
    }

    /// <summary>Docker's default pools: the first /16 of 172.18-31 (172.17 is the default bridge), then /20s of 192.168, not overlapping <paramref name="used"/>.</summary>
    public static IPPrefix FreeSubnet(IEnumerable<IPPrefix> used)
    {
        var list = used.ToList();
        IEnumerable<IPPrefix> candidates = Enumerable.Range(18, 14).Select(i => new IPPrefix(IPAddress.Parse($"172.{i}.0.0"), 16))
            .Concat(Enumerable.Range(0, 16).Select(i => new IPPrefix(IPAddress.Parse($"192.168.{i * 16}.0"), 20)));
        foreach (var c in candidates)
            if (!list.Any(u => Overlap(u, c))) return c;
        throw new NetOperationException(NetErrorKind.ResourceExhausted, "All default address pools are in use; give the network a -Subnet.");
    }

    public static IPPrefix ParseV4(string text, string what)
    {
        var p = IPPrefix.Parse(text);
        if (p.Family != AddressFamily.InterNetwork)
            throw NetOperationException.Invalid($"The {what} '{text}' is not IPv4; container networks are IPv4 here (for example 172.18.0.0/16).", text);
        if (!text.Contains('/'))
            throw NetOperationException.Invalid($"The {what} '{text}' has no prefix length; write it as a prefix, for example 172.18.0.0/16.", text);
        return p;
    }

    private static (uint First, uint Last) Bounds(IPPrefix p)
    {
        uint start = ToUInt(p.Network.Address);
        uint size = p.PrefixLength == 0 ? uint.MaxValue : (1u << (32 - p.PrefixLength)) - 1;
        return (start, start + size);
    }

    private static uint ToUInt(IPAddress a) => BinaryPrimitives.ReadUInt32BigEndian(a.GetAddressBytes());

    private static IPAddress ToAddress(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return new IPAddress(b);
    }
}
