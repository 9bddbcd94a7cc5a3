using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// Address management of one network and one family, as Docker's default IPAM does it: a subnet, a gateway (default:
/// the first address), an optional ip-range inside the subnet that addresses are handed out from, lowest free first.
/// Never handed out: the network address (for IPv6 the subnet-router anycast address), for IPv4 the broadcast address,
/// and the gateway (the prefix arithmetic is <see cref="IPPrefix"/>'s, one for both families). Pure: the caller holds
/// the state lock and passes the addresses already taken.
/// </summary>
public sealed class Ipam
{
    private readonly bool _v4;

    public IPPrefix Subnet { get; }
    public IPAddress Gateway { get; }
    public IPPrefix Range { get; }
    public AddressFamily Family => Subnet.Family;

    private Ipam(IPPrefix subnet, IPAddress gateway, IPPrefix range)
    {
        Subnet = subnet;
        Gateway = gateway;
        Range = range;
        _v4 = subnet.Family == AddressFamily.InterNetwork;
    }

    /// <summary>
    /// Checks subnet, gateway and range (InvalidArgument with what to type instead) and fills the defaults.
    /// <paramref name="family"/>: what the subnet must be (IPv4 for -Subnet, IPv6 for -SubnetV6).
    /// </summary>
    public static Ipam Create(string subnet, string? gateway = null, string? ipRange = null, AddressFamily family = AddressFamily.InterNetwork)
    {
        var s = ParsePrefix(subnet, "subnet", family);
        if (s.HasHostBits)
            throw NetOperationException.Invalid($"The subnet '{subnet}' has host bits set; write its network address, {s.Network}.", subnet)
                .WithErrorId(ErrorIds.InvalidSubnet);
        if (s.PrefixLength > s.MaxLength - 2)
            throw NetOperationException.Invalid(
                $"The subnet '{subnet}' is too small for a network (a gateway and at least one container need a /{s.MaxLength - 2} or larger).", subnet)
                .WithErrorId(ErrorIds.InvalidSubnet);
        if (Reserved.FirstOrDefault(r => r.Prefix.Overlaps(s)) is { Prefix.PrefixLength: > 0 } reserved)
            throw NetOperationException.Invalid(
                $"The subnet {s} {(reserved.Prefix.Contains(s) ? "is" : "overlaps")} {reserved.Prefix}, {reserved.What}: containers cannot be given addresses there; " +
                $"choose a private range such as {(family == AddressFamily.InterNetwork ? "172.18.0.0/16" : "fd00:1::/64")}.", subnet)
                .WithErrorId(ErrorIds.InvalidSubnet);
        bool v4 = family == AddressFamily.InterNetwork;
        IPAddress gw;
        if (gateway is null)
        {
            gw = s.FirstHost;
        }
        else
        {
            gw = IPPrefix.ParseAddress(gateway, "gateway");
            if (gw.AddressFamily != family)
                throw NetOperationException.Invalid($"The gateway '{gateway}' is not an {Name(family)} address; {(v4 ? "-Gateway" : "-GatewayV6")} is the {Name(family)} gateway.", gateway)
                    .WithErrorId(ErrorIds.InvalidGateway);
            if (!s.Contains(gw))
                throw NetOperationException.Invalid($"The gateway {gw} is outside the subnet {s}; give an address inside it, for example {s.FirstHost}.", gateway)
                    .WithErrorId(ErrorIds.InvalidGateway);
            if (!s.IsHost(gw))
                throw NetOperationException.Invalid(
                    $"The gateway {gw} is the {(gw.Equals(s.Network.Address) ? "network" : "broadcast")} address of {s}; give a host address, for example {s.FirstHost}.", gateway)
                    .WithErrorId(ErrorIds.InvalidGateway);
        }
        var range = s;
        if (ipRange is not null)
        {
            var given = ParsePrefix(ipRange, "ip-range", family);
            range = given.Network;
            if (given.HasHostBits)
                throw NetOperationException.Invalid($"The ip-range '{ipRange}' has host bits set; write its network address, {range}.", ipRange)
                    .WithErrorId(ErrorIds.InvalidIPRange);
            if (!s.Contains(range))
                throw NetOperationException.Invalid($"The ip-range {range} is not inside the subnet {s}.", ipRange)
                    .WithErrorId(ErrorIds.InvalidIPRange);
            if (!range.Addresses().Any(a => s.IsHost(a) && !a.Equals(gw)))
                throw NetOperationException.Invalid(
                    $"The ip-range {range} holds no address to hand out (only {(range.Addresses().Any(a => a.Equals(gw)) ? $"the gateway {gw}" : "the subnet's network or broadcast address")}); give a larger range.", ipRange)
                    .WithErrorId(ErrorIds.InvalidIPRange);
        }
        return new Ipam(s, gw, range);
    }

    /// <summary>Ranges no network can live in: the kernel would not route them to a bridge, or they mean something else.</summary>
    private static readonly (IPPrefix Prefix, string What)[] Reserved =
    [
        (IPPrefix.Parse("0.0.0.0/8"), "'this network' (addresses no host can have)"),
        (IPPrefix.Parse("127.0.0.0/8"), "the loopback range"),
        (IPPrefix.Parse("169.254.0.0/16"), "the link-local range"),
        (IPPrefix.Parse("224.0.0.0/4"), "the multicast range"),
        (IPPrefix.Parse("255.255.255.255/32"), "the limited broadcast address"),
        (IPPrefix.Parse("::/128"), "the unspecified address"),
        (IPPrefix.Parse("::1/128"), "the loopback address"),
        (IPPrefix.Parse("fe80::/10"), "the link-local range"),
        (IPPrefix.Parse("ff00::/8"), "the multicast range"),
    ];

    /// <summary>The lowest free address of the range; ResourceExhausted when none is left.</summary>
    public IPAddress Allocate(IReadOnlySet<IPAddress> taken)
    {
        foreach (var address in Range.Addresses())
            if (Subnet.IsHost(address) && !address.Equals(Gateway) && !taken.Contains(address)) return address;
        throw new NetOperationException(NetErrorKind.ResourceExhausted,
            $"No address is left in {(Range == Subnet ? $"the subnet {Subnet}" : $"the ip-range {Range}")}: all {taken.Count} are in use. " +
            "Disconnect a container, or create the network with a larger subnet or ip-range.", target: Range.ToString());
    }

    /// <summary>Checks an address the user asked for: of the family, inside the subnet, not reserved, not taken.</summary>
    public IPAddress Claim(string text, IReadOnlySet<IPAddress> taken)
    {
        var address = IPPrefix.ParseAddress(text, "IP address");
        if (address.AddressFamily != Family)
            throw NetOperationException.Invalid(
                $"'{text}' is not an {Name(Family)} address; {(_v4 ? "-IPAddress is the IPv4 address (the IPv6 one is -IPv6Address)" : "-IPv6Address is the IPv6 address (the IPv4 one is -IPAddress)")}.", text);
        if (!Subnet.Contains(address))
            throw NetOperationException.Invalid($"The address {address} is outside the network's subnet {Subnet}.", text);
        if (!Subnet.IsHost(address) || address.Equals(Gateway))
            throw NetOperationException.Invalid(
                $"The address {address} is the {(address.Equals(Gateway) ? "gateway" : address.Equals(Subnet.Network.Address) ? "network address" : "broadcast address")} of {Subnet}; give another one.", text);
        if (taken.Contains(address))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"The address {address} is already in use on this network; give another one or let the network choose.", target: text);
        return address;
    }

    /// <summary>Whether two subnets share an address (never across families).</summary>
    public static bool Overlap(IPPrefix a, IPPrefix b) => a.Overlaps(b);

    /// <summary>Docker's default pools: the first /16 of 172.18-31 (172.17 is the default bridge), then /20s of 192.168, not overlapping <paramref name="used"/>.</summary>
    public static IPPrefix FreeSubnet(IEnumerable<IPPrefix> used)
    {
        var list = used.ToList();
        IEnumerable<IPPrefix> candidates = Enumerable.Range(18, 14).Select(i => new IPPrefix(IPAddress.Parse($"172.{i}.0.0"), 16))
            .Concat(Enumerable.Range(0, 16).Select(i => new IPPrefix(IPAddress.Parse($"192.168.{i * 16}.0"), 20)));
        foreach (var c in candidates)
            if (!list.Any(u => u.Overlaps(c))) return c;
        throw new NetOperationException(NetErrorKind.ResourceExhausted, "All default address pools are in use; give the network a -Subnet.")
            .WithErrorId(ErrorIds.AddressPoolExhausted);
    }

    /// <summary>A unique local /64 (RFC 4193: fd + 40 bits of global id + a 16-bit subnet 0) from the network's random id, for -IPv6 without -SubnetV6.</summary>
    public static IPPrefix UniqueLocalSubnet(string networkId)
    {
        var bytes = new byte[16];
        bytes[0] = 0xfd;
        Convert.FromHexString(networkId[..10]).CopyTo(bytes, 1);
        return new IPPrefix(new IPAddress(bytes), 64);
    }

    /// <summary>A prefix of the family, written with its length (<paramref name="what"/>: "subnet" or "ip-range", which also picks the error id).</summary>
    public static IPPrefix ParsePrefix(string text, string what, AddressFamily family)
    {
        bool range = what == "ip-range";
        var p = IPPrefix.Parse(text);
        if (p.Family != family)
            throw NetOperationException.Invalid(family == AddressFamily.InterNetwork
                ? $"The {what} '{text}' is not IPv4: -Subnet, -Gateway and -IPRange are IPv4 (for example 172.18.0.0/16); give IPv6 as -IPv6 -SubnetV6 fd00:1::/64."
                : $"The {what} '{text}' is not IPv6: -SubnetV6 and -GatewayV6 are IPv6 (for example fd00:1::/64); give IPv4 as -Subnet.", text)
                .WithErrorId(range ? ErrorIds.InvalidIPRange : ErrorIds.InvalidSubnet);
        if (!text.Contains('/'))
            throw NetOperationException.Invalid(
                $"The {what} '{text}' has no prefix length; write it as a prefix, for example {(family == AddressFamily.InterNetwork ? "172.18.0.0/16" : "fd00:1::/64")}.", text)
                .WithErrorId(range ? ErrorIds.InvalidIPRange : ErrorIds.InvalidSubnet);
        return p;
    }

    private static string Name(AddressFamily family) => IPFamilies.Of(family).ToString();
}
