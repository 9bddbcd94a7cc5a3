using System.Net;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Addresses;

/// <summary>Turns one RTM_NEWADDR message into a <see cref="NetAddress"/> whose Interface is still to be named.</summary>
internal static class AddressParser
{
    /// <summary>The address, or null for families other than IPv4/IPv6; a malformed message throws <see cref="Errors.MalformedMessageException"/>.</summary>
    public static NetAddress? Parse(in NetlinkMessage m, string? ns)
    {
        if (m.Type != RtmType.NewAddr) return null;
        var header = m.Header<IfAddrMsg>();
        if (!FamilyCodes.IsIP(header.Family)) return null;

        IPAddress? local = null, address = null, broadcast = null;
        string? label = null;
        uint? flags = null;
        byte proto = IfaProto.Unspec;
        IfaCacheInfo? lifetimes = null;
        var r = m.Attributes<IfAddrMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case IfaAttr.Local: local = r.Address(); break;
                case IfaAttr.Address: address = r.Address(); break;
                case IfaAttr.Broadcast: broadcast = r.Address(); break;
                case IfaAttr.Label: label = r.String(); break;
                // IFA_FLAGS carries all 32 bits; ifa_flags only the low 8 (NOPREFIXROUTE etc. are lost there).
                case IfaAttr.Flags: flags = r.U32(); break;
                case IfaAttr.CacheInfo: lifetimes = r.Struct<IfaCacheInfo>(); break;
                case IfaAttr.Proto: proto = r.U8(); break;
            }
        }
        r.ThrowIfMalformed("address message");
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point
        // links. IPv6 usually sends only IFA_ADDRESS.
        var own = local ?? address;
        if (own is null) throw new Errors.MalformedMessageException("address message", $"the address on interface {header.Index} has neither IFA_LOCAL nor IFA_ADDRESS");

        return new NetAddress
        {
            Namespace = ns,
            Interface = "",
            InterfaceIndex = (int)header.Index,
            IPAddress = own,
            PrefixLength = header.PrefixLength,
            Scope = (RouteScope)header.Scope,
            Label = label,
            Broadcast = broadcast,
            Flags = (IfaFlags)(flags ?? header.Flags),
            AddressProtocol = proto,
            // Every address message carries IFA_CACHEINFO; without it the address is taken to be permanent.
            ValidLifetime = AddressLifetime.ToTimeSpan(lifetimes?.Valid ?? IfaCacheInfo.Infinite),
            PreferredLifetime = AddressLifetime.ToTimeSpan(lifetimes?.Preferred ?? IfaCacheInfo.Infinite),
        };
    }
}
