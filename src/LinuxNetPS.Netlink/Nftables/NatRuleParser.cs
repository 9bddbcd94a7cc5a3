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
/// Reads the expressions of a kernel rule back into a <see cref="NatRuleDefinition"/>: the inverse
/// of <see cref="NatRuleCompiler"/>. It understands the matches the compiler writes (and the
/// equivalent forms nft may use, such as a range expression for a port range) and returns null
/// for anything else, so a rule changed behind our back is never misreported.
/// </summary>
public static class NatRuleParser
{
    public static NatRuleDefinition? Parse(IReadOnlyList<NftExpression> expressions)
    {
        var s = new State();
        for (int i = 0; i < expressions.Count; i++)
        {
            bool ok = expressions[i] switch
            {
                MetaExpression m => Next(expressions, ref i) is CmpExpression c && c.Sreg == m.Dreg && s.Meta(m.Key, c),
                PayloadExpression p => s.Payload(p, expressions, ref i),
                FibExpression f => Next(expressions, ref i) is CmpExpression c && c.Sreg == f.Dreg && s.Fib(f, c),
                ImmediateExpression im => s.Load(im),
                MasqExpression => i == expressions.Count - 1 && s.Terminal(NatRuleKind.Masquerade, null),
                NatExpression n => i == expressions.Count - 1 && s.Terminal(n.Type == NftNatType.Snat ? NatRuleKind.SourceNat : NatRuleKind.PortForward, n),
                _ => false,
            };
            if (!ok) return null;
        }
        return s.Result();
    }

    private static NftExpression? Next(IReadOnlyList<NftExpression> list, ref int i) => ++i < list.Count ? list[i] : null;

    private sealed class State
    {
        private AddressFamily? _family;
        private byte? _protocol;
        private IPPrefix? _source;
        private IPAddress? _destination;
        private bool _localDestination, _loopbackExcluded;
        private ushort _portMin, _portMax;
        private string? _outInterface;
        private bool _excludeOut;
        private readonly Dictionary<uint, byte[]> _registers = new();
        private NatRuleKind? _kind;
        private IPAddress? _toAddress;
        private ushort? _toPort;

        public bool Meta(uint key, CmpExpression c)
        {
            switch (key)
            {
                case NftMetaKey.NfProto when c.Op == NftCmpOp.Eq && c.Data.Length == 1 && _family is null:
                    _family = c.Data[0] switch { NfProto.IPv4 => AddressFamily.InterNetwork, NfProto.IPv6 => AddressFamily.InterNetworkV6, _ => null };
                    return _family is not null;
                case NftMetaKey.L4Proto when c.Op == NftCmpOp.Eq && c.Data.Length == 1 && _protocol is null:
                    _protocol = c.Data[0];
                    return _protocol is NftValues.IpProtoTcp or NftValues.IpProtoUdp or NftValues.IpProtoSctp;
                case NftMetaKey.OifName when c.Op is NftCmpOp.Eq or NftCmpOp.Neq && _outInterface is null:
                    int nul = Array.IndexOf(c.Data, (byte)0);
                    _outInterface = Encoding.UTF8.GetString(c.Data, 0, nul < 0 ? c.Data.Length : nul);
                    _excludeOut = c.Op == NftCmpOp.Neq;
                    return nul > 0; // a name without NUL padding is nft's wildcard "eth*", which we never write
                default:
                    return false;
            }
        }

        public bool Payload(PayloadExpression p, IReadOnlyList<NftExpression> list, ref int i)
        {
            if (p.Base == NftPayloadBase.Transport && p.Offset == 2 && p.Length == 2) return Port(p, list, ref i);
            if (p.Base != NftPayloadBase.Network || _family is not { } family) return false;
            bool? source = p.Offset == NatRuleCompiler.AddressOffset(family, true) ? true
                : p.Offset == NatRuleCompiler.AddressOffset(family, false) ? false : null;
            int full = NatRuleCompiler.FullLength(family) / 8;
            if (source is null || p.Length == 0 || p.Length > full) return false;

            var next = Next(list, ref i);
            int prefixLength = (int)p.Length * 8;
            if (next is BitwiseExpression b)
            {
                if (b.Sreg != p.Dreg || b.Mask.Length != full || p.Length != full || b.Xor.Any(x => x != 0)) return false;
                if (CountPrefix(b.Mask) is not { } bits) return false;
                prefixLength = bits;
                next = Next(list, ref i);
            }
            if (next is not CmpExpression c || c.Sreg != p.Dreg || c.Data.Length != p.Length) return false;
            var bytes = new byte[full];
            c.Data.CopyTo(bytes, 0);
            var prefix = new IPPrefix(new IPAddress(bytes), prefixLength);
            if (prefix.HasHostBits) return false;

            if (source.Value && c.Op == NftCmpOp.Eq && _source is null) { _source = prefix; return true; }
            if (!source.Value && c.Op == NftCmpOp.Eq && _destination is null && prefixLength == full * 8) { _destination = prefix.Address; return true; }
            if (!source.Value && c.Op == NftCmpOp.Neq && prefix == NatRuleCompiler.Loopback(family)) { _loopbackExcluded = true; return true; }
            return false;
        }

        private bool Port(PayloadExpression p, IReadOnlyList<NftExpression> list, ref int i)
        {
            if (_protocol is null || _portMin != 0) return false;
            switch (Next(list, ref i))
            {
                case CmpExpression { Op: NftCmpOp.Eq, Data.Length: 2 } c when c.Sreg == p.Dreg:
                    _portMin = _portMax = BinaryPrimitives.ReadUInt16BigEndian(c.Data);
                    break;
                case CmpExpression { Op: NftCmpOp.Gte, Data.Length: 2 } low when low.Sreg == p.Dreg:
                    if (Next(list, ref i) is not CmpExpression { Op: NftCmpOp.Lte, Data.Length: 2 } high || high.Sreg != p.Dreg) return false;
                    _portMin = BinaryPrimitives.ReadUInt16BigEndian(low.Data);
                    _portMax = BinaryPrimitives.ReadUInt16BigEndian(high.Data);
                    break;
                case RangeExpression { Op: NftRangeOp.Eq, From.Length: 2, To.Length: 2 } r when r.Sreg == p.Dreg:
                    _portMin = BinaryPrimitives.ReadUInt16BigEndian(r.From);
                    _portMax = BinaryPrimitives.ReadUInt16BigEndian(r.To);
                    break;
                default:
                    return false;
            }
            return _portMin >= 1 && _portMin <= _portMax;
        }

        public bool Fib(FibExpression f, CmpExpression c)
        {
            if (f.Flags != NftaFib.FlagDaddr || f.Result != NftaFib.ResultAddrType || c.Op != NftCmpOp.Eq || c.Data.Length != 4) return false;
            if (BitConverter.ToUInt32(c.Data) != NftValues.RtnLocal || _localDestination) return false;
            _localDestination = true;
            return true;
        }

        public bool Load(ImmediateExpression im)
        {
            _registers[im.Dreg] = im.Data;
            return true;
        }

        public bool Terminal(NatRuleKind kind, NatExpression? nat)
        {
            if (_family is not { } family) return false;
            _kind = kind;
            if (nat is null) return true;
            if (nat.Family != NatRuleCompiler.NatFamily(family) || nat.RegAddrMin is not { } addressRegister) return false;
            // One address and at most one port: a range (max register different from min) or options
            // such as random or persistent are not something we write.
            if ((nat.RegAddrMax ?? addressRegister) != addressRegister || (nat.RegProtoMax ?? nat.RegProtoMin) != nat.RegProtoMin) return false;
            if ((nat.Flags & ~(NfNatRange.MapIps | NfNatRange.ProtoSpecified)) != 0) return false;
            if (!_registers.TryGetValue(addressRegister, out var address) || address.Length != NatRuleCompiler.FullLength(family) / 8) return false;
            _toAddress = new IPAddress(address);
            if (nat.RegProtoMin is { } portRegister)
            {
                if (!_registers.TryGetValue(portRegister, out var port) || port.Length != 2) return false;
                _toPort = BinaryPrimitives.ReadUInt16BigEndian(port);
            }
            return true;
        }

        public NatRuleDefinition? Result()
        {
            if (_kind is not { } kind || _family is not { } family) return null;
            bool forward = kind == NatRuleKind.PortForward;
            // Each kind has exactly the matches its compiler writes.
            if (forward != (_protocol is not null) || forward != (_portMin != 0)) return null;
            if (!forward && (_source is null || _destination is not null || _localDestination || _loopbackExcluded)) return null;
            if (forward && (_outInterface is not null || (_destination is null) != _localDestination || (_loopbackExcluded && !_localDestination))) return null;
            return new NatRuleDefinition
            {
                Kind = kind, Family = family, Protocol = _protocol, Source = _source, Destination = _destination,
                PortMin = _portMin, PortMax = _portMax, OutInterface = _outInterface, ExcludeOutInterface = _excludeOut,
                ToAddress = _toAddress, ToPort = _toPort,
            };
        }

        /// <summary>The number of leading one bits of a contiguous mask, or null if it is not a prefix mask.</summary>
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
}
