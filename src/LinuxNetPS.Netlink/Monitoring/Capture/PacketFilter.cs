using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Monitoring.Capture;

/// <summary>
/// A small capture filter language, a subset of tcpdump's, evaluated on decoded packets:
/// <code>
///   protocols:  icmp  icmp6  tcp  udp  arp  ip  ip6
///   addresses:  [src|dst] host ADDRESS      [src|dst] net PREFIX
///   ports:      [tcp|udp] [src|dst] port N
///   logic:      and &amp;&amp;   or ||   not !   ( )        e.g.  icmp and host 10.0.0.1 and not port 22
/// </code>
/// "and" binds tighter than "or", as in tcpdump. A malformed filter is an InvalidArgument error that
/// names the word where it went wrong.
/// </summary>
public sealed class PacketFilter
{
    private readonly Func<NetPacket, bool> _match;

    private PacketFilter(string text, Func<NetPacket, bool> match)
    {
        Text = text;
        _match = match;
    }

    public string Text { get; }

    /// <summary>Matches every packet.</summary>
    public static PacketFilter All { get; } = new("", _ => true);

    public bool Matches(NetPacket packet) => _match(packet);

    public static PacketFilter Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        var parser = new Parser(text);
        var match = parser.Expression();
        if (!parser.AtEnd) throw parser.Error($"unexpected '{parser.Peek}'");
        return new PacketFilter(text, match);
    }

    private sealed class Parser
    {
        private readonly string _text;
        private readonly List<(string Word, int At)> _tokens = new();
        private int _next;

        public Parser(string text)
        {
            _text = text;
            for (int i = 0; i < text.Length;)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c is '(' or ')' or '!') { _tokens.Add((c.ToString(), i)); i++; continue; }
                if ((c is '&' or '|') && i + 1 < text.Length && text[i + 1] == c) { _tokens.Add((new string(c, 2), i)); i += 2; continue; }
                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '!' or '&' or '|')) i++;
                if (i == start) throw Error($"unexpected '{c}'", start);
                _tokens.Add((text[start..i], start));
            }
        }

        public bool AtEnd => _next >= _tokens.Count;
        public string Peek => AtEnd ? "end of filter" : _tokens[_next].Word;

        private bool Accept(params string[] words)
        {
            if (AtEnd || !words.Contains(_tokens[_next].Word, StringComparer.OrdinalIgnoreCase)) return false;
            _next++;
            return true;
        }

        private string Take(string what)
        {
            if (AtEnd) throw Error($"expected {what} at the end");
            return _tokens[_next++].Word;
        }

        public NetOperationException Error(string problem, int? at = null)
        {
            int position = at ?? (AtEnd ? _text.Length : _tokens[_next].At);
            return NetOperationException.Invalid(
                $"Filter '{_text}': {problem} at position {position}. Use icmp, icmp6, tcp, udp, arp, ip, ip6, [src|dst] host ADDRESS, " +
                "[src|dst] net PREFIX, [tcp|udp] [src|dst] port N, joined by and, or, not and parentheses.", _text).WithErrorId(ErrorIds.InvalidPacketFilter);
        }

        public Func<NetPacket, bool> Expression()
        {
            var left = Conjunction();
            while (Accept("or", "||"))
            {
                var l = left;
                var r = Conjunction();
                left = p => l(p) || r(p);
            }
            return left;
        }

        private Func<NetPacket, bool> Conjunction()
        {
            var left = Unary();
            while (Accept("and", "&&"))
            {
                var l = left;
                var r = Unary();
                left = p => l(p) && r(p);
            }
            return left;
        }

        private Func<NetPacket, bool> Unary()
        {
            if (Accept("not", "!"))
            {
                var inner = Unary();
                return p => !inner(p);
            }
            if (Accept("("))
            {
                var inner = Expression();
                if (!Accept(")")) throw Error($"expected ')' instead of '{Peek}'");
                return inner;
            }
            return Primitive();
        }

        private Func<NetPacket, bool> Primitive()
        {
            if (AtEnd) throw Error("expected a protocol, host, net or port at the end");
            string word = Take("a protocol, host, net or port").ToLowerInvariant();
            switch (word)
            {
                case "icmp": return p => p.Protocol == "ICMP" && p.EtherType == PacketDecoder.EtherIPv4;
                case "icmp6": return p => p.Protocol == "ICMPv6";
                case "arp": return p => p.EtherType == PacketDecoder.EtherArp;
                case "ip": return p => p.EtherType == PacketDecoder.EtherIPv4;
                case "ip6": return p => p.EtherType == PacketDecoder.EtherIPv6;
                case "tcp" or "udp":
                {
                    string name = word.ToUpperInvariant();
                    Func<NetPacket, bool> proto = p => p.Protocol == name;
                    // "tcp port 80" and "udp dst port 53" qualify the port with the protocol, as in tcpdump.
                    if (!AtEnd && Peek.ToLowerInvariant() is "port" or "src" or "dst")
                    {
                        var port = Directional();
                        return p => proto(p) && port(p);
                    }
                    return proto;
                }
                case "src" or "dst" or "host" or "net" or "port":
                    _next--;
                    return Directional();
                default:
                    _next--;
                    throw Error($"'{word}' is not a protocol or qualifier");
            }
        }

        /// <summary>[src|dst] host A | [src|dst] net P | [src|dst] port N.</summary>
        private Func<NetPacket, bool> Directional()
        {
            bool src = true, dst = true;
            if (Accept("src")) dst = false;
            else if (Accept("dst")) src = false;
            int at = AtEnd ? _text.Length : _tokens[_next].At;
            string kind = AtEnd ? "" : Take("host, net or port").ToLowerInvariant();
            switch (kind)
            {
                case "host":
                {
                    string value = Take("an address after 'host'");
                    if (!IPAddress.TryParse(value, out var address)) throw Error($"'{value}' is not an IP address", at);
                    return p => (src && address.Equals(p.SourceAddress)) || (dst && address.Equals(p.DestinationAddress));
                }
                case "net":
                {
                    string value = Take("a prefix after 'net'");
                    IPPrefix prefix;
                    try { prefix = IPPrefix.Parse(value); }
                    catch (NetOperationException) { throw Error($"'{value}' is not a prefix such as 10.0.0.0/8", at); }
                    return p => (src && p.SourceAddress is { } s && prefix.Contains(s)) || (dst && p.DestinationAddress is { } d && prefix.Contains(d));
                }
                case "port":
                {
                    string value = Take("a number after 'port'");
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port > 65535)
                        throw Error($"'{value}' is not a port number (0-65535)", at);
                    return p => (src && p.SourcePort == port) || (dst && p.DestinationPort == port);
                }
                default:
                    throw Error(kind.Length == 0 ? "expected host, net or port at the end" : $"expected host, net or port instead of '{kind}'", at);
            }
        }
    }
}
