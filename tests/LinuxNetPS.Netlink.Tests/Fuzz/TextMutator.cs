using System.Text;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>
/// Mutations of user text (lab files, capture filters), deterministic for a seed: grammar words and syntax dropped in,
/// numbers swapped for edge values (huge, negative, fractional, out of every unit's range), spans deleted, doubled or
/// spliced from another seed, deep nesting, control characters and truncation. One to four changes per input.
/// </summary>
internal sealed class TextMutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Words =
    [
        "{", "}", "[", "]", ":", ",", "\"", "'", "\n", "\n- ", "  ", "- ", "#", "//", "/*", "*/", "&a ", "*a", "<<: *a", "!!binary ", "|", ">", "~", "null", "true",
        "false", "\"\"", "{}", "[]", "(", ")", "!", "&&", "||", "and", "or", "not", "\\", "\\u0000", "\u0000", "\t", "\r", "\u00e9", "\ud83d\ude00", "\ud800",
        "Name", "Nodes", "Links", "Endpoints", "Node", "Interface", "Address", "Pool", "Delay", "Jitter", "Loss", "Rate", "Mtu", "Kind", "Forwarding",
        "Routes", "DefaultRoute", "Interfaces", "Bridges", "Masquerade", "Exec", "Duplicate", "Corrupt", "Reorder", "Limit", "router", "bridge", "linux",
        "name", "topology", "nodes", "links", "endpoints", "kind", "exec", "mgmt-ipv4", "image", "defaults", "kinds", "{{ .Name }}",
        "host", "net", "port", "src", "dst", "tcp", "udp", "icmp", "icmp6", "arp", "ip", "ip6", " via ", " dev ", "a:eth0", "b:eth1", ":", "::",
    ];

    private static readonly string[] Values =
    [
        "0", "-1", "1", "65535", "65536", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "1099999999999999999999",
        "1e999", "-1e999", "1.5", "NaN", "Infinity", "0x10", "1_000", "100%", "101%", "-5%", "0.0001%", "1099999999999999999999ms", "18446744073709551616ms",
        "99999999999999999999s", "1e308us", "-1ms", "10mbit", "18446744073709551616bit", "1099999999999999999999gbit", "9999999999999tbit", "1e30kbps",
        "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.1/24", "256.1.1.1", "0.0.0.0/0", "::/0", "fe80::1%eth0", "255.255.255.255/32", "10.0.0.0/31", "10.0.0.0/30",
        "10.0.0.0/8", "fd00::/127", "fd00::/64", "1.2.3", "eth0eth0eth0eth0eth0", "a/b", "..", "", " ",
    ];

    public string Next(IReadOnlyList<string> seeds, string input)
    {
        var text = new StringBuilder(input);
        int changes = 1 + _random.Next(4);
        for (int i = 0; i < changes; i++) Mutate(text, seeds);
        // Keep inputs to what a lab file or filter is (kilobytes): the readers' size limits are tested on their own.
        if (text.Length > 64 * 1024) text.Length = 64 * 1024;
        return text.ToString();
    }

    private void Mutate(StringBuilder text, IReadOnlyList<string> seeds)
    {
        int at = text.Length == 0 ? 0 : _random.Next(text.Length + 1);
        switch (_random.Next(11))
        {
            case 0:
            case 1:
                text.Insert(at, Pick(Words));
                break;
            case 2:
            case 3:
                ReplaceNumberOrWord(text);
                break;
            case 4:
                if (text.Length > 0) text.Remove(Math.Min(at, text.Length - 1), Math.Min(1 + _random.Next(40), text.Length - Math.Min(at, text.Length - 1)));
                break;
            case 5:
                if (text.Length > 0)
                {
                    int start = _random.Next(text.Length), length = Math.Min(1 + _random.Next(200), text.Length - start);
                    text.Insert(_random.Next(text.Length + 1), text.ToString(start, length));
                }
                break;
            case 6:
            {
                var other = seeds[_random.Next(seeds.Count)];
                if (other.Length == 0) break;
                int start = _random.Next(other.Length), length = Math.Min(1 + _random.Next(300), other.Length - start);
                text.Insert(at, other.AsSpan(start, length));
                break;
            }
            case 7:
            {
                // Deep nesting: a parser that recurses, or is quadratic in depth, shows it here.
                string open = Pick(["[", "{\"a\":", "- ", "{a: ", "(", "!", "not "]);
                int depth = 1 + _random.Next(_random.Next(10) == 0 ? 3000 : 80);
                text.Insert(at, string.Concat(Enumerable.Repeat(open, depth)));
                break;
            }
            case 8:
                if (text.Length > 0) text.Length = _random.Next(text.Length);
                break;
            case 9:
                if (text.Length > 0) text[Math.Min(at, text.Length - 1)] = (char)_random.Next(_random.Next(4) == 0 ? 0x10000 : 0x80);
                break;
            default:
                text.Insert(at, new string(Pick(["a", "9", " ", "\"", "[", "-"])[0], 1 + _random.Next(_random.Next(8) == 0 ? 20000 : 300)));
                break;
        }
    }

    /// <summary>Swaps a run of digits (with its unit, if any) for an edge value, or a word for a grammar word.</summary>
    private void ReplaceNumberOrWord(StringBuilder text)
    {
        if (text.Length == 0)
        {
            text.Append(Pick(Values));
            return;
        }
        int start = _random.Next(text.Length);
        bool digits = char.IsDigit(text[start]);
        int from = start, to = start;
        while (from > 0 && Same(text[from - 1], digits)) from--;
        while (to < text.Length && Same(text[to], digits)) to++;
        text.Remove(from, to - from);
        text.Insert(from, digits || _random.Next(2) == 0 ? Pick(Values) : Pick(Words));
    }

    private static bool Same(char c, bool digits) => digits ? char.IsDigit(c) || c is '.' or '/' or ':' : char.IsLetter(c) || c is '-' or '_';

    private string Pick(string[] from) => from[_random.Next(from.Length)];
}
