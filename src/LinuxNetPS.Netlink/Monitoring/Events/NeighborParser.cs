using System.Buffers.Binary;
using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>Turns RTM_NEWNEIGH / RTM_DELNEIGH (struct ndmsg + NDA_*, linux/neighbour.h) into a <see cref="NeighborEntry"/>.</summary>
internal static class NeighborParser
{
    private const int NdmsgSize = 12; // family, pad1, pad2 (u16), ifindex (s32), state (u16), flags, type
    private const ushort NdaDst = 1, NdaLladdr = 2;

    private static readonly (ushort Bit, string Name)[] States =
    [
        (0x80, "PERMANENT"), (0x40, "NOARP"), (0x02, "REACHABLE"), (0x04, "STALE"), (0x08, "DELAY"),
        (0x10, "PROBE"), (0x20, "FAILED"), (0x01, "INCOMPLETE"),
    ];

    /// <summary>
    /// The neighbour, or null for a family that is not IPv4/IPv6 (AF_BRIDGE fdb entries arrive on the same group);
    /// a malformed message throws <see cref="MalformedMessageException"/> instead of being dropped silently, so the
    /// caller decides what a bad message means (the event feed reports it as a gap and goes on).
    /// </summary>
    public static NeighborEntry? Parse(in NetlinkMessage m, string? ns, Func<int, string?> nameOf)
    {
        if (m.Type is not (RtmType.NewNeigh or RtmType.DelNeigh)) return null;
        var payload = m.Payload;
        if (payload.Length < NdmsgSize)
            throw new MalformedMessageException("neighbour message", $"it has {payload.Length} bytes, fewer than the {NdmsgSize} of its ndmsg header");
        byte family = payload[0];
        if (family is not (AddressFamily.Inet or AddressFamily.Inet6)) return null;
        int index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        ushort state = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
        IPAddress? address = null;
        string? mac = null;
        var r = new AttributeReader(payload[NdmsgSize..]);
        while (r.Next())
        {
            switch (r.Type)
            {
                case NdaDst: address = r.Address(); break;
                case NdaLladdr: mac = MacAddressText.Format(r.Data); break;
            }
        }
        r.ThrowIfMalformed("neighbour message");
        // The kernel puts NDA_DST into every IPv4/IPv6 neighbour (and proxy) entry it announces (neigh_fill_info).
        if (address is null) throw new MalformedMessageException("neighbour message", $"the neighbour on interface {index} has no NDA_DST");
        return new NeighborEntry
        {
            Namespace = ns,
            Address = address,
            InterfaceIndex = index,
            Interface = nameOf(index),
            MacAddress = mac,
            State = StateName(state),
        };
    }

    public static string StateName(ushort state)
    {
        foreach (var (bit, name) in States)
            if ((state & bit) != 0) return name;
        return "NONE";
    }
}
