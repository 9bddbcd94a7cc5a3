using LinuxNetPS.Nftables.Wire;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Nftables;

/// <summary>
/// Turns a <see cref="NatRuleDefinition"/> into nf_tables expressions, the way nft 1.0 compiles
/// the equivalent rule (so `nft list ruleset` prints it as nft would, and the golden tests can
/// compare bytes). <see cref="NatRuleParser"/> is the inverse.
/// <list type="bullet">
/// <item>Masquerade: <c>meta nfproto ipv4 ip saddr S [oifname [!=] IF] masquerade</c> in postrouting.</item>
/// <item>SourceNat: <c>meta nfproto ipv4 ip saddr S [oifname [!=] IF] snat ip to A</c> in postrouting.</item>
/// <item>PortForward: <c>meta nfproto ipv4 [ip saddr S] (ip daddr D | fib daddr type local) tcp dport P dnat ip to A[:P2]</c>
/// in prerouting, and in output the same with <c>ip daddr != 127.0.0.0/8</c> before the fib match, because
/// a connection to the loopback address cannot be sent to another host. A forward of a loopback address (127.0.0.1:8080,
/// Docker's -p 127.0.0.1:8080:80) is the output rule alone: only the namespace's own programs can connect to its loopback,
/// so nothing that arrives from outside (a packet sent to 127.0.0.1 by a neighbour) is ever forwarded.</item>
/// </list>
/// Every match first tests <c>meta nfproto</c>, since the table is <c>inet</c> (both families).
/// </summary>
public static class NatRuleCompiler
{
    private const uint R1 = NftReg.R1, R2 = NftReg.R2;

    /// <summary>The kernel rules of one NAT rule: one per chain it lives in.</summary>
    public static IReadOnlyList<(NatChain Chain, List<NftExpression> Expressions)> Compile(NatRuleDefinition d) => d.Kind switch
    {
        NatRuleKind.PortForward when d.Destination is { } to && IPAddress.IsLoopback(to) => [(NatChain.Output, PortForward(d, locallyOriginated: true))],
        NatRuleKind.PortForward => [(NatChain.PreRouting, PortForward(d, locallyOriginated: false)), (NatChain.Output, PortForward(d, locallyOriginated: true))],
        _ => [(NatChain.PostRouting, SourceRule(d))],
    };

    private static List<NftExpression> SourceRule(NatRuleDefinition d)
    {
        var e = new List<NftExpression>();
        MatchFamily(e, d.Family);
        MatchAddress(e, d.Family, source: true, d.Source!.Value, NftCmpOp.Eq);
        if (d.OutInterface is not null) MatchOutInterface(e, d.OutInterface, d.ExcludeOutInterface ? NftCmpOp.Neq : NftCmpOp.Eq);
        if (d.Kind == NatRuleKind.Masquerade)
        {
            e.Add(new MasqExpression());
        }
        else
        {
            e.Add(new ImmediateExpression(R1, d.ToAddress!.GetAddressBytes()));
            e.Add(new NatExpression(NftNatType.Snat, NatFamily(d.Family), R1, null, 0));
        }
        return e;
    }

    private static List<NftExpression> PortForward(NatRuleDefinition d, bool locallyOriginated)
    {
        var e = new List<NftExpression>();
        MatchFamily(e, d.Family);
        if (d.Source is { } source) MatchAddress(e, d.Family, source: true, source, NftCmpOp.Eq);
        if (d.Destination is { } destination)
        {
            MatchAddress(e, d.Family, source: false, new IPPrefix(destination, FullLength(d.Family)), NftCmpOp.Eq);
        }
        else
        {
            if (locallyOriginated) MatchAddress(e, d.Family, source: false, Loopback(d.Family), NftCmpOp.Neq);
            e.Add(new FibExpression(NftaFib.FlagDaddr, NftaFib.ResultAddrType, R1));
            e.Add(new CmpExpression(R1, NftCmpOp.Eq, BitConverter.GetBytes(NftValues.RtnLocal))); // host byte order, as fib stores it
        }
        e.Add(new MetaExpression(NftMetaKey.L4Proto, R1));
        e.Add(new CmpExpression(R1, NftCmpOp.Eq, [d.Protocol!.Value]));
        e.Add(new PayloadExpression(NftPayloadBase.Transport, 2, 2, R1)); // th dport: bytes 2-3 of TCP and UDP headers
        if (d.PortMin == d.PortMax)
        {
            e.Add(new CmpExpression(R1, NftCmpOp.Eq, Port(d.PortMin)));
        }
        else
        {
            e.Add(new CmpExpression(R1, NftCmpOp.Gte, Port(d.PortMin)));
            e.Add(new CmpExpression(R1, NftCmpOp.Lte, Port(d.PortMax)));
        }
        e.Add(new ImmediateExpression(R1, d.ToAddress!.GetAddressBytes()));
        if (d.ToPort is { } toPort)
        {
            e.Add(new ImmediateExpression(R2, Port(toPort)));
            e.Add(new NatExpression(NftNatType.Dnat, NatFamily(d.Family), R1, R2, NfNatRange.ProtoSpecified));
        }
        else
        {
            e.Add(new NatExpression(NftNatType.Dnat, NatFamily(d.Family), R1, null, 0));
        }
        return e;
    }

    private static void MatchFamily(List<NftExpression> e, AddressFamily family)
    {
        e.Add(new MetaExpression(NftMetaKey.NfProto, R1));
        e.Add(new CmpExpression(R1, NftCmpOp.Eq, [NatFamily(family)]));
    }

    /// <summary>
    /// ip saddr/daddr PREFIX: a prefix of whole bytes loads and compares just those bytes; any other
    /// length (including /0) loads the address and masks it first. This is nft's own encoding.
    /// </summary>
    internal static void MatchAddress(List<NftExpression> e, AddressFamily family, bool source, IPPrefix prefix, NftCmpOp op)
    {
        int length = FullLength(family) / 8;
        uint offset = AddressOffset(family, source);
        var network = prefix.Network.Address.GetAddressBytes();
        if (prefix.PrefixLength > 0 && prefix.PrefixLength % 8 == 0)
        {
            int bytes = prefix.PrefixLength / 8;
            e.Add(new PayloadExpression(NftPayloadBase.Network, offset, (uint)bytes, R1));
            e.Add(new CmpExpression(R1, op, network[..bytes]));
        }
        else
        {
            var mask = prefix.Mask.GetAddressBytes();
            e.Add(new PayloadExpression(NftPayloadBase.Network, offset, (uint)length, R1));
            e.Add(new BitwiseExpression(R1, R1, mask, new byte[length]));
            e.Add(new CmpExpression(R1, op, network));
        }
    }

    private static void MatchOutInterface(List<NftExpression> e, string name, NftCmpOp op)
    {
        var data = new byte[NftValues.IfNameSize]; // the name NUL-padded to IFNAMSIZ, as nft compares it
        Encoding.UTF8.GetBytes(name, data);
        e.Add(new MetaExpression(NftMetaKey.OifName, R1));
        e.Add(new CmpExpression(R1, op, data));
    }

    /// <summary>Offset of the source or destination address in the IPv4 / IPv6 header.</summary>
    internal static uint AddressOffset(AddressFamily family, bool source) =>
        family == AddressFamily.InterNetworkV6 ? (source ? 8u : 24u) : (source ? 12u : 16u);

    internal static int FullLength(AddressFamily family) => IPPrefix.MaxLengthOf(family);

    internal static IPPrefix Loopback(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? new IPPrefix(IPAddress.IPv6Loopback, 128) : new IPPrefix(IPAddress.Parse("127.0.0.0"), 8);

    internal static byte NatFamily(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? NfProto.IPv6 : NfProto.IPv4;

    private static byte[] Port(ushort port)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, port);
        return b;
    }
}
