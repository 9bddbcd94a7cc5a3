using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Nftables;

/// <summary>
/// What a port forward of the namespace's own 127.0.0.1 (Docker's <c>-p 127.0.0.1:8080:80</c>) needs on the interface
/// towards its target, as Docker (without its userland proxy) and CNI's portmap do it. The DNAT itself is the forward's
/// output rule (<see cref="NatRuleCompiler"/>); after it the packet still has the source 127.0.0.1, which the kernel
/// routes out of an interface only with that interface's <c>route_localnet</c> on, and which the target could not answer.
/// So, for one interface:
/// <list type="bullet">
/// <item><c>route_localnet</c> 1 on it (net.ipv4.conf.IF.route_localnet, set over netlink);</item>
/// <item><c>ip saddr 127.0.0.0/8 oifname IF masquerade</c> in postrouting: the target sees the interface's address and answers it;</item>
/// <item><c>iifname IF ip daddr 127.0.0.0/8 ct state != established,related drop</c> in input: with route_localnet on, a
/// neighbour on that link could otherwise open connections to the namespace's loopback services (CVE-2020-8558's lesson);
/// the answers of the forwarded connections still arrive.</item>
/// </list>
/// The two rules are the filter-rule groups "lo-HASH-m" and "lo-HASH-g" of our table (HASH from the interface name), so
/// each interface's pair is added and removed without touching anything else. IPv4 only: the kernel has no route_localnet
/// for IPv6, and ::1 never leaves the namespace.
/// </summary>
internal static class LoopbackPublishing
{
    private const uint R1 = NftReg.R1;

    /// <summary>Turns loopback publishing on for <paramref name="interfaceName"/>: route_localnet, the masquerade and the guard.</summary>
    public static void Enable(NamespaceSession session, string interfaceName)
    {
        LinkName.Validate(interfaceName);
        new LinkOperations(session).Set(interfaceName, new LinkChanges { RouteLocalnet = true });
        var rules = new FilterRules(session);
        var (masquerade, guard) = Groups(interfaceName);
        rules.Sync(NatChain.PostRouting, masquerade, new Dictionary<string, IReadOnlyList<NftExpression>> { [masquerade] = Masquerade(interfaceName) });
        rules.Sync(FilterChain.Input, guard, new Dictionary<string, IReadOnlyList<NftExpression>> { [guard] = Guard(interfaceName) });
    }

    /// <summary>
    /// The interface the main table routes <paramref name="target"/> through (the longest matching prefix; lowest metric
    /// among equals), for a port forward of 127.0.0.1 made by hand (Add-PortForward). InvalidArgument when nothing routes it.
    /// </summary>
    public static string InterfaceTowards(NamespaceSession session, IPAddress target)
    {
        var best = new Routes.RouteOperations(session).List(Model.IPFamily.IPv4)
            .Where(r => r.Interface is not null && r.Type == Rtnetlink.RouteType.Unicast)
            .Select(r => (Route: r, Prefix: r.Destination == "default" ? new IPPrefix(IPAddress.Any, 0) : IPPrefix.Parse(r.Destination)))
            .Where(x => x.Prefix.Contains(target))
            .OrderByDescending(x => x.Prefix.PrefixLength).ThenBy(x => x.Route.Metric)
            .Select(x => x.Route.Interface).FirstOrDefault();
        return best ?? throw Errors.NetOperationException.Invalid(
            $"Nothing routes {target} in {session.Namespace.Description}, so a forward of 127.0.0.1 to it could not leave; add an address or route towards it first.",
            target.ToString()).WithErrorId(Errors.ErrorIds.LoopbackForwardUnrouted);
    }

    /// <summary>
    /// Refuses a forward of ::1: the kernel has no route_localnet for IPv6, so a connection to ::1 never leaves the
    /// namespace, whatever a DNAT says (Docker's -p [::1]:8080:80 without its proxy is dead for the same reason).
    /// InvalidArgument, LoopbackIPv6NotForwardable.
    /// </summary>
    public static void RefuseIPv6(IPAddress? hostAddress, string text)
    {
        if (hostAddress is null || hostAddress.AddressFamily != AddressFamily.InterNetworkV6 || !IPAddress.IsLoopback(hostAddress)) return;
        throw Errors.NetOperationException.Invalid(
            $"'{text}' forwards ::1, which cannot work: IPv6 has no route_localnet, so the kernel never lets a connection to ::1 leave the namespace. " +
            "Publish on 127.0.0.1 for the host's own programs, or on [::] (every IPv6 address) or one of its IPv6 addresses.", text)
            .WithErrorId(Errors.ErrorIds.LoopbackIPv6NotForwardable);
    }

    /// <summary>Undoes <see cref="Enable"/>: the rules go, and route_localnet goes back to 0 while the interface is there.</summary>
    public static void Disable(NamespaceSession session, string interfaceName)
    {
        var rules = new FilterRules(session);
        var (masquerade, guard) = Groups(interfaceName);
        rules.Sync(NatChain.PostRouting, masquerade, new Dictionary<string, IReadOnlyList<NftExpression>>());
        rules.Sync(FilterChain.Input, guard, new Dictionary<string, IReadOnlyList<NftExpression>>());
        var links = new LinkOperations(session);
        if (links.TryGet(interfaceName) is not null) links.Set(interfaceName, new LinkChanges { RouteLocalnet = false });
    }

    /// <summary>The ids of the interface's masquerade and guard rules (each a group of one).</summary>
    public static (string Masquerade, string Guard) Groups(string interfaceName)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(interfaceName)), 0, 4).ToLowerInvariant();
        return ($"lo-{hash}-m", $"lo-{hash}-g");
    }

    private static readonly IPPrefix Loopback = new(IPAddress.Parse("127.0.0.0"), 8);

    internal static List<NftExpression> Masquerade(string interfaceName)
    {
        var e = Ipv4();
        NatRuleCompiler.MatchAddress(e, AddressFamily.InterNetwork, source: true, Loopback, NftCmpOp.Eq);
        e.Add(new MetaExpression(NftMetaKey.OifName, R1));
        e.Add(new CmpExpression(R1, NftCmpOp.Eq, Name(interfaceName)));
        e.Add(new MasqExpression());
        return e;
    }

    internal static List<NftExpression> Guard(string interfaceName)
    {
        var e = Ipv4();
        e.Add(new MetaExpression(NftMetaKey.IifName, R1));
        e.Add(new CmpExpression(R1, NftCmpOp.Eq, Name(interfaceName)));
        NatRuleCompiler.MatchAddress(e, AddressFamily.InterNetwork, source: false, Loopback, NftCmpOp.Eq);
        e.Add(new CtExpression(NftaCt.KeyState, R1));
        // ct state != established,related: new, invalid and untracked packets to the loopback from this link are dropped.
        e.Add(new BitwiseExpression(R1, R1, BitConverter.GetBytes(NfCtState.Established | NfCtState.Related), new byte[4])); // host byte order, as ct stores it
        e.Add(new CmpExpression(R1, NftCmpOp.Eq, new byte[4]));
        e.Add(new VerdictExpression(NfVerdict.Drop));
        return e;
    }

    private static List<NftExpression> Ipv4() =>
        [new MetaExpression(NftMetaKey.NfProto, R1), new CmpExpression(R1, NftCmpOp.Eq, [NfProto.IPv4])];

    /// <summary>The name NUL-padded to IFNAMSIZ, as nft compares interface names.</summary>
    internal static byte[] Name(string interfaceName)
    {
        var data = new byte[NftValues.IfNameSize];
        Encoding.UTF8.GetBytes(interfaceName, data);
        return data;
    }
}
