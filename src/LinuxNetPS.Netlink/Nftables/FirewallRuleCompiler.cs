using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Nftables;

/// <summary>
/// Turns a <see cref="FirewallMatch"/> into nf_tables expressions the way nft 1.0 compiles the same rule written in this
/// order (the golden tests compare bytes):
/// <c>[meta nfproto F] [ip saddr S | ip saddr @SET] [ip daddr D | ip daddr @SET] [iifname I] [oifname O] [meta l4proto P]
/// [th sport A] [th dport B] [icmp type T] [ct state X] counter (accept | drop | reject)</c>.
/// A family match comes first whenever an address or a set is matched (the table is inet). Reject is a TCP reset for TCP,
/// ICMP port unreachable when the family is known, ICMPx port unreachable otherwise (nft's own choice for "reject").
/// <see cref="Parse"/> is the inverse and returns null for anything else.
/// </summary>
public static class FirewallRuleCompiler
{
    private const uint R1 = NftReg.R1;

    public static List<NftExpression> Compile(FirewallMatch m, CounterExpression? counter = null)
    {
        var e = new List<NftExpression>();
        if (m.Family is { } family)
        {
            e.Add(new MetaExpression(NftMetaKey.NfProto, R1));
            e.Add(new CmpExpression(R1, NftCmpOp.Eq, [NatRuleCompiler.NatFamily(family)]));
        }
        Address(e, m.Family, source: true, m.Source, m.SourceSet);
        Address(e, m.Family, source: false, m.Destination, m.DestinationSet);
        if (m.InInterface is { } i) Interface(e, NftMetaKey.IifName, i);
        if (m.OutInterface is { } o) Interface(e, NftMetaKey.OifName, o);
        if (m.Protocol is { } p)
        {
            e.Add(new MetaExpression(NftMetaKey.L4Proto, R1));
            e.Add(new CmpExpression(R1, NftCmpOp.Eq, [p]));
        }
        if (m.SourcePort is { } sp) Port(e, 0, sp);
        if (m.DestinationPort is { } dp) Port(e, 2, dp);
        if (m.IcmpType is { } t)
        {
            e.Add(new PayloadExpression(NftPayloadBase.Transport, 0, 1, R1));
            e.Add(new CmpExpression(R1, NftCmpOp.Eq, [t]));
        }
        if (m.ConnectionStates != 0)
        {
            e.Add(new CtExpression(NftaCt.KeyState, R1));
            e.Add(new BitwiseExpression(R1, R1, BitConverter.GetBytes(m.ConnectionStates), new byte[4])); // host byte order, as ct stores it
            e.Add(new CmpExpression(R1, NftCmpOp.Neq, new byte[4]));
        }
        e.Add(counter ?? new CounterExpression());
        e.Add(m.Action switch
        {
            FirewallAction.Allow => new VerdictExpression(NfVerdict.Accept),
            FirewallAction.Block => new VerdictExpression(NfVerdict.Drop),
            _ => Reject(m),
        });
        return e;
    }

    private static NftExpression Reject(FirewallMatch m) =>
        m.Protocol == NftValues.IpProtoTcp ? new RejectExpression(NftaReject.TypeTcpRst, 0)
        : m.Family is { } f ? new RejectExpression(NftaReject.TypeIcmpUnreach, f == AddressFamily.InterNetworkV6 ? NftaReject.Icmpv6PortUnreach : NftaReject.IcmpPortUnreach)
        : new RejectExpression(NftaReject.TypeIcmpxUnreach, NftaReject.IcmpxPortUnreach);

    private static void Address(List<NftExpression> e, AddressFamily? family, bool source, IPPrefix? prefix, string? set)
    {
        if (prefix is { } p) NatRuleCompiler.MatchAddress(e, p.Family, source, p, NftCmpOp.Eq);
        if (set is not null && family is { } f)
        {
            e.Add(new PayloadExpression(NftPayloadBase.Network, NatRuleCompiler.AddressOffset(f, source), (uint)NatRuleCompiler.FullLength(f) / 8, R1));
            e.Add(new LookupExpression(set, R1));
        }
    }

    private static void Interface(List<NftExpression> e, uint key, string name)
    {
        var data = new byte[NftValues.IfNameSize];
        Encoding.UTF8.GetBytes(name, data);
        e.Add(new MetaExpression(key, R1));
        e.Add(new CmpExpression(R1, NftCmpOp.Eq, data));
    }

    private static void Port(List<NftExpression> e, uint offset, PortRange range)
    {
        e.Add(new PayloadExpression(NftPayloadBase.Transport, offset, 2, R1));
        if (range.Min == range.Max)
        {
            e.Add(new CmpExpression(R1, NftCmpOp.Eq, Be(range.Min)));
        }
        else
        {
            e.Add(new CmpExpression(R1, NftCmpOp.Gte, Be(range.Min)));
            e.Add(new CmpExpression(R1, NftCmpOp.Lte, Be(range.Max)));
        }
    }

    private static byte[] Be(ushort value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        return b;
    }

    /// <summary>
    /// Reads a rule's expressions back into the match and its counter: the inverse of <see cref="Compile"/>, in the same
    /// order. Anything else (a rule changed by hand, another tool's rule) is null.
    /// </summary>
    public static (FirewallMatch Match, CounterExpression Counter)? Parse(IReadOnlyList<NftExpression> x)
    {
        int i = 0;
        NftExpression? At(int k) => k < x.Count ? x[k] : null;
        AddressFamily? family = null;
        if (At(i) is MetaExpression { Key: NftMetaKey.NfProto } fm && At(i + 1) is CmpExpression { Op: NftCmpOp.Eq, Data.Length: 1 } fc && fc.Sreg == fm.Dreg)
        {
            family = fc.Data[0] switch { NfProto.IPv4 => AddressFamily.InterNetwork, NfProto.IPv6 => AddressFamily.InterNetworkV6, _ => null };
            if (family is null) return null;
            i += 2;
        }
        var (source, sourceSet) = ReadAddress(x, ref i, family, source: true);
        var (destination, destinationSet) = ReadAddress(x, ref i, family, source: false);
        if (family is not null && source is null && sourceSet is null && destination is null && destinationSet is null) return null; // we only match a family for an address
        string? inInterface = ReadInterface(x, ref i, NftMetaKey.IifName), outInterface = ReadInterface(x, ref i, NftMetaKey.OifName);
        byte? protocol = null;
        if (At(i) is MetaExpression { Key: NftMetaKey.L4Proto } pm && At(i + 1) is CmpExpression { Op: NftCmpOp.Eq, Data.Length: 1 } pc && pc.Sreg == pm.Dreg)
        {
            protocol = pc.Data[0];
            i += 2;
        }
        var sourcePort = ReadPort(x, ref i, 0);
        var destinationPort = ReadPort(x, ref i, 2);
        if ((sourcePort is not null || destinationPort is not null) && protocol is not (NftValues.IpProtoTcp or NftValues.IpProtoUdp)) return null;
        byte? icmp = null;
        if (At(i) is PayloadExpression { Base: NftPayloadBase.Transport, Offset: 0, Length: 1 } ip && At(i + 1) is CmpExpression { Op: NftCmpOp.Eq, Data.Length: 1 } ic && ic.Sreg == ip.Dreg)
        {
            if (protocol is not (NftValues.IpProtoIcmp or NftValues.IpProtoIcmpv6)) return null;
            icmp = ic.Data[0];
            i += 2;
        }
        uint states = 0;
        if (At(i) is CtExpression { Key: NftaCt.KeyState } ct && At(i + 1) is BitwiseExpression { Mask.Length: 4, Xor.Length: 4 } cb && At(i + 2) is CmpExpression { Op: NftCmpOp.Neq, Data.Length: 4 } cc
            && cb.Sreg == ct.Dreg && cc.Sreg == cb.Dreg && cb.Xor.All(b => b == 0) && cc.Data.All(b => b == 0))
        {
            states = BitConverter.ToUInt32(cb.Mask);
            if (states == 0) return null;
            i += 3;
        }
        if (At(i) is not CounterExpression counter || i + 2 != x.Count) return null;
        FirewallAction? action = x[i + 1] switch
        {
            VerdictExpression { Code: NfVerdict.Accept } => FirewallAction.Allow,
            VerdictExpression { Code: NfVerdict.Drop } => FirewallAction.Block,
            RejectExpression => FirewallAction.Reject,
            _ => null,
        };
        if (action is null) return null;
        var match = new FirewallMatch
        {
            Family = family, Source = source, SourceSet = sourceSet, Destination = destination, DestinationSet = destinationSet,
            InInterface = inInterface, OutInterface = outInterface, Protocol = protocol, SourcePort = sourcePort, DestinationPort = destinationPort,
            IcmpType = icmp, ConnectionStates = states, Action = action.Value,
        };
        // The reject must be the one the compiler writes for this match.
        if (action == FirewallAction.Reject && x[i + 1] != Reject(match)) return null;
        return (match, counter);
    }

    private static (IPPrefix? Prefix, string? Set) ReadAddress(IReadOnlyList<NftExpression> x, ref int i, AddressFamily? family, bool source)
    {
        if (family is not { } f || i >= x.Count || x[i] is not PayloadExpression { Base: NftPayloadBase.Network } p) return (null, null);
        if (p.Offset != NatRuleCompiler.AddressOffset(f, source)) return (null, null);
        int full = NatRuleCompiler.FullLength(f) / 8;
        if (p.Length == full && i + 1 < x.Count && x[i + 1] is LookupExpression { Invert: false } l && l.Sreg == p.Dreg)
        {
            i += 2;
            return (null, l.Set);
        }
        if (p.Length == 0 || p.Length > full) return (null, null);
        int k = i + 1, prefixLength = (int)p.Length * 8;
        if (k < x.Count && x[k] is BitwiseExpression b)
        {
            if (b.Sreg != p.Dreg || p.Length != full || b.Mask.Length != full || b.Xor.Any(v => v != 0) || CountPrefix(b.Mask) is not { } bits) return (null, null);
            prefixLength = bits;
            k++;
        }
        if (k >= x.Count || x[k] is not CmpExpression { Op: NftCmpOp.Eq } c || c.Sreg != p.Dreg || c.Data.Length != p.Length) return (null, null);
        var bytes = new byte[full];
        c.Data.CopyTo(bytes, 0);
        var prefix = new IPPrefix(new IPAddress(bytes), prefixLength);
        if (prefix.HasHostBits) return (null, null);
        // nft writes whole bytes as a shorter load: a bitwise is only for lengths that are not whole bytes (or /0).
        if (prefixLength > 0 && prefixLength % 8 == 0 && k != i + 1) return (null, null);
        i = k + 1;
        return (prefix, null);
    }

    private static string? ReadInterface(IReadOnlyList<NftExpression> x, ref int i, uint key)
    {
        if (i + 1 >= x.Count || x[i] is not MetaExpression m || m.Key != key || x[i + 1] is not CmpExpression { Op: NftCmpOp.Eq } c || c.Sreg != m.Dreg) return null;
        int nul = Array.IndexOf(c.Data, (byte)0);
        if (nul <= 0) return null; // no NUL: nft's wildcard "eth*", which we never write
        i += 2;
        return Encoding.UTF8.GetString(c.Data, 0, nul);
    }

    private static PortRange? ReadPort(IReadOnlyList<NftExpression> x, ref int i, uint offset)
    {
        if (i + 1 >= x.Count || x[i] is not PayloadExpression { Base: NftPayloadBase.Transport, Length: 2 } p || p.Offset != offset) return null;
        if (x[i + 1] is CmpExpression { Op: NftCmpOp.Eq, Data.Length: 2 } eq && eq.Sreg == p.Dreg)
        {
            ushort port = BinaryPrimitives.ReadUInt16BigEndian(eq.Data);
            i += 2;
            return new PortRange(port, port);
        }
        if (i + 2 < x.Count && x[i + 1] is CmpExpression { Op: NftCmpOp.Gte, Data.Length: 2 } lo && x[i + 2] is CmpExpression { Op: NftCmpOp.Lte, Data.Length: 2 } hi
            && lo.Sreg == p.Dreg && hi.Sreg == p.Dreg)
        {
            i += 3;
            return new PortRange(BinaryPrimitives.ReadUInt16BigEndian(lo.Data), BinaryPrimitives.ReadUInt16BigEndian(hi.Data));
        }
        return null;
    }

    private static int? CountPrefix(byte[] mask)
    {
        int bits = 0;
        bool ended = false;
        foreach (var m in mask)
            for (int bit = 7; bit >= 0; bit--)
            {
                bool one = (m >> bit & 1) != 0;
                if (one && ended) return null;
                if (one) bits++; else ended = true;
            }
        return bits;
    }
}
