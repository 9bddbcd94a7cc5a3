using LinuxNetPS.Errors;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

/// <summary>
/// A link as read from one RTM_NEWLINK message, before names of other links (master, peer)
/// are filled in, plus the raw kind data that only some callers decode (bridge id, port state).
/// </summary>
internal sealed record ParsedLink(NetLink Link, int? LinkIndex, byte[]? InfoData, byte[]? SlaveData);

/// <summary>Turns RTM_NEWLINK messages into <see cref="ParsedLink"/>s.</summary>
internal static class LinkParser
{
    public static ParsedLink? Parse(in NetlinkMessage m, string? ns)
    {
        if (m.Type != RtmType.NewLink) return null;
        var header = m.Header<IfInfoMsg>();
        string? name = null, mac = null, alias = null, kind = null, slaveKind = null;
        uint mtu = 0, txqlen = 0;
        int? master = null, link = null, netnsid = null;
        var oper = OperState.Unknown;
        byte[]? infoData = null, slaveData = null;

        var r = m.Attributes<IfInfoMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaAttr.IfName: name = r.String(); break;
                case IflaAttr.Mtu: mtu = r.U32(); break;
                case IflaAttr.Address: mac = MacAddressText.Format(r.Data); break;
                case IflaAttr.Master: master = r.S32(); break;
                case IflaAttr.Link: link = r.S32(); break;
                case IflaAttr.LinkNetNsId: netnsid = r.S32(); break;
                case IflaAttr.IfAlias: alias = r.String(); break;
                case IflaAttr.TxQueueLength: txqlen = r.U32(); break;
                case IflaAttr.OperState: oper = (OperState)r.U8(); break;
                case IflaAttr.LinkInfo:
                    var info = r.Nested();
                    while (info.Next())
                    {
                        switch (info.Type)
                        {
                            case IflaInfoAttr.Kind: kind = info.String(); break;
                            case IflaInfoAttr.SlaveKind: slaveKind = info.String(); break;
                            case IflaInfoAttr.Data: infoData = info.Bytes(); break;
                            case IflaInfoAttr.SlaveData: slaveData = info.Bytes(); break;
                        }
                    }
                    break; // an error inside the nest is the outer reader's too, checked below
            }
        }
        r.ThrowIfMalformed("link message");
        if (name is null) throw new MalformedMessageException("link message", $"link {header.Index} has no IFLA_IFNAME");

        var driver = LinkKinds.Find(kind);
        bool pair = driver?.IsPair == true && link is > 0;
        var netLink = new NetLink
        {
            Namespace = ns,
            Index = header.Index,
            Name = name,
            Kind = kind,
            IsUp = (header.Flags & (uint)InterfaceFlags.Up) != 0,
            OperState = oper,
            Mtu = mtu,
            MacAddress = mac,
            MasterIndex = master is > 0 ? master : null,
            Alias = string.IsNullOrEmpty(alias) ? null : alias,
            Flags = (InterfaceFlags)header.Flags,
            TxQueueLength = txqlen,
            PeerIndex = pair ? link : null,
            LinkNetNsId = netnsid,
            PortKind = slaveKind,
            // The kind's driver reads its own data; a port's data belongs to its master's kind.
            Details = infoData is null ? null : driver?.Decode(infoData),
            PortDetails = slaveData is null ? null : LinkKinds.Find(slaveKind)?.DecodePort(slaveData),
        };
        return new ParsedLink(netLink, link, infoData, slaveData);
    }
}
