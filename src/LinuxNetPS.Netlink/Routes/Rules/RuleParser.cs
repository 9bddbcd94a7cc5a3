using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Routes.Rules;

/// <summary>Turns one RTM_NEWRULE message into a <see cref="NetRoutingRule"/>.</summary>
internal static class RuleParser
{
    /// <summary>The rule, or null for families other than IPv4/IPv6 (the multicast routing rules of a dump of every family); a malformed message throws <see cref="Errors.MalformedMessageException"/>.</summary>
    public static NetRoutingRule? Parse(in NetlinkMessage m, string? ns)
    {
        if (m.Type != RtmType.NewRule) return null;
        var header = m.Header<FibRuleHdr>();
        if (!FamilyCodes.IsIP(header.Family)) return null;

        IPAddress? source = null, destination = null;
        string? iif = null, oif = null;
        uint? mark = null, mask = null;
        uint table = header.Table, priority = 0;
        byte protocol = 0;
        var r = m.Attributes<FibRuleHdr>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case FraAttr.Src: source = r.Address(); break;
                case FraAttr.Dst: destination = r.Address(); break;
                case FraAttr.IifName: iif = r.String(); break;
                case FraAttr.OifName: oif = r.String(); break;
                case FraAttr.Priority: priority = r.U32(); break;
                case FraAttr.FwMark: mark = r.U32(); break;
                case FraAttr.FwMask: mask = r.U32(); break;
                // fib_rule_hdr.table is 8 bits (252 for larger ids); FRA_TABLE carries the real one.
                case FraAttr.Table: table = r.U32(); break;
                case FraAttr.Protocol: protocol = r.U8(); break;
            }
        }
        r.ThrowIfMalformed("routing rule message");

        var family = FamilyCodes.Family(header.Family);
        return new NetRoutingRule
        {
            Namespace = ns,
            Family = family,
            Priority = priority,
            From = Prefix(source, header.SourceLength, header.Family),
            To = Prefix(destination, header.DestinationLength, header.Family),
            InInterface = iif,
            OutInterface = oif,
            FirewallMark = MarkText(mark, mask),
            Table = (RoutingRuleAction)header.Action == RoutingRuleAction.Lookup ? table : null,
            Action = (RoutingRuleAction)header.Action,
            Invert = (header.Flags & FibRuleFlags.Invert) != 0,
            Protocol = (RouteProtocol)protocol,
            Flags = header.Flags,
        };
    }

    /// <summary>"all" for a zero length, else the prefix; a length beyond the family's is malformed.</summary>
    private static string Prefix(IPAddress? address, byte length, byte family)
    {
        int max = family == Rtnetlink.AddressFamily.Inet6 ? 128 : 32;
        if (length > max)
            throw new Errors.MalformedMessageException("routing rule message", $"a prefix length of {length} for a family of {max}-bit addresses");
        if (length == 0) return "all";
        address ??= family == Rtnetlink.AddressFamily.Inet6 ? IPAddress.IPv6Any : IPAddress.Any;
        if (FamilyCodes.Of(address) != family)
            throw new Errors.MalformedMessageException("routing rule message", $"the address {address} is not of the rule's family");
        return $"{address}/{length}";
    }

    /// <summary>As `ip rule` writes it: "0x10/0xff", or "0x7" when the mask is all ones; null when the rule matches any mark.</summary>
    public static string? MarkText(uint? mark, uint? mask)
    {
        if (mark is null && mask is null) return null;
        uint m = mark ?? 0, k = mask ?? uint.MaxValue;
        if (m == 0 && k == 0) return null;
        return k == uint.MaxValue ? $"0x{m:x}" : $"0x{m:x}/0x{k:x}";
    }
}
