using System.Buffers.Binary;
using System.Net;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;

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

    public static NeighborEntry? Parse(in NetlinkMessage m, string? ns, Func<int, string?> nameOf)
    {
        var payload = m.Payload;
        if (payload.Length < NdmsgSize) return null;
        byte family = payload[0];
        if (family is not (Rtnetlink.AddressFamily.Inet or Rtnetlink.AddressFamily.Inet6)) return null;
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
        if (r.Error is not null || address is null) return null;
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
