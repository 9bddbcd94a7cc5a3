using System.Buffers.Binary;
using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Monitoring.Sockets;

/// <summary>
/// The TCP and UDP sockets of a namespace, from NETLINK_SOCK_DIAG (linux/sock_diag.h, linux/inet_diag.h):
/// one SOCK_DIAG_BY_FAMILY dump per family and protocol, on a socket opened inside the namespace,
/// with the owning processes found by <see cref="SocketOwners"/>.
/// </summary>
public static class SocketDiag
{
    private const NetlinkProtocol SockDiag = (NetlinkProtocol)4; // NETLINK_SOCK_DIAG (linux/netlink.h)
    private const ushort SockDiagByFamily = 20;
    private const byte IpProtoTcp = 6, IpProtoUdp = 17;
    private const int MessageSize = 72;   // struct inet_diag_msg

    /// <summary>The sockets of the given protocols ("tcp", "udp"), IPv4 and IPv6.</summary>
    public static IReadOnlyList<NetSocket> List(NetClient client, IEnumerable<string> protocols)
    {
        var sockets = new List<NetSocket>();
        using (var diag = InNamespace.Create(client, () => NetlinkSocket.Open(SockDiag)))
        {
            foreach (var protocol in protocols.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                byte number = protocol.ToLowerInvariant() switch { "tcp" => IpProtoTcp, "udp" => IpProtoUdp, _ => 0 };
                if (number == 0) throw Errors.NetOperationException.Invalid($"'{protocol}' is not a socket protocol; use tcp or udp.", protocol).WithErrorId(Errors.ErrorIds.InvalidProtocol);
                foreach (byte family in new[] { Rtnetlink.AddressFamily.Inet, Rtnetlink.AddressFamily.Inet6 })
                    sockets.AddRange(diag.Dump(SockDiagByFamily, w => w.Struct(new InetDiagReqV2 { Family = family, Protocol = number, States = 0xffffffff }),
                        (in NetlinkMessage m) => Parse(m, client.NamespaceSpec, protocol.ToLowerInvariant()), $"list {protocol} sockets"));
            }
        }
        var owners = SocketOwners.Find(client.Inode, sockets.Select(s => s.Inode).ToHashSet());
        var names = new Dictionary<int, string?>();
        return sockets
            .Select(s => owners.TryGetValue(s.Inode, out var owner) ? s with { ProcessId = owner.Pid, ProcessName = owner.Name } : s)
            .Select(s => s.BoundInterface is { } index ? s with { BoundInterface = InterfaceName(client, int.Parse(index), names) } : s)
            .ToList();
    }

    /// <summary>One socket of a SOCK_DIAG_BY_FAMILY answer (struct inet_diag_msg), or null for other messages; a malformed one throws <see cref="Errors.MalformedMessageException"/>.</summary>
    internal static NetSocket? Parse(in NetlinkMessage m, string? ns, string protocol)
    {
        if (m.Type != SockDiagByFamily) return null;
        var p = m.Payload;
        // The dump asks for AF_INET or AF_INET6 sockets only: a short message, or one of another family, is not a
        // socket of this list to skip quietly but a message we cannot read.
        if (p.Length < MessageSize)
            throw new Errors.MalformedMessageException("socket message", $"it has {p.Length} bytes, fewer than the {MessageSize} of its inet_diag_msg");
        byte family = p[0];
        if (family is not (Rtnetlink.AddressFamily.Inet or Rtnetlink.AddressFamily.Inet6))
            throw new Errors.MalformedMessageException("socket message", $"its family {family} is neither AF_INET nor AF_INET6");
        bool v6 = family == Rtnetlink.AddressFamily.Inet6;
        // inet_diag_sockid starts at 4: sport, dport (big-endian), src[16], dst[16], if, cookie[2].
        int localPort = BinaryPrimitives.ReadUInt16BigEndian(p[4..]);
        int remotePort = BinaryPrimitives.ReadUInt16BigEndian(p[6..]);
        var local = new IPAddress(p.Slice(8, v6 ? 16 : 4));
        var remote = new IPAddress(p.Slice(24, v6 ? 16 : 4));
        uint boundIf = BinaryPrimitives.ReadUInt32LittleEndian(p[40..]);
        return new NetSocket
        {
            Namespace = ns,
            Protocol = protocol,
            Family = (v6 ? IPFamily.IPv6 : IPFamily.IPv4).ToString(),
            State = (SocketState)p[1],
            LocalAddress = local,
            LocalPort = localPort,
            RemoteAddress = remote,
            RemotePort = remotePort,
            BoundInterface = boundIf == 0 ? null : boundIf.ToString(),
            ReceiveQueue = BinaryPrimitives.ReadUInt32LittleEndian(p[56..]),
            SendQueue = BinaryPrimitives.ReadUInt32LittleEndian(p[60..]),
            UserId = BinaryPrimitives.ReadUInt32LittleEndian(p[64..]),
            Inode = BinaryPrimitives.ReadUInt32LittleEndian(p[68..]),
        };
    }

    private static string? InterfaceName(NetClient client, int index, Dictionary<int, string?> cache)
    {
        if (cache.TryGetValue(index, out var name)) return name;
        try { name = client.Links.Get(index).Name; }
        catch (Errors.NetOperationException) { name = index.ToString(); }
        return cache[index] = name;
    }
}

/// <summary>struct inet_diag_req_v2 (linux/inet_diag.h), 56 bytes; the zeroed inet_diag_sockid matches any socket.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
internal unsafe struct InetDiagReqV2
{
    public byte Family;
    public byte Protocol;
    public byte Extensions;
    public byte Pad;
    /// <summary>Bit N set: dump sockets in state N.</summary>
    public uint States;
    public fixed byte SocketId[48];
}
