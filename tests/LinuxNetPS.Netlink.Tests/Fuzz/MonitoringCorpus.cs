using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring;
using LinuxNetPS.Monitoring.Capture;
using LinuxNetPS.Monitoring.Events;
using LinuxNetPS.Monitoring.Probes;
using LinuxNetPS.Monitoring.Sockets;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;
using RtAddressFamily = LinuxNetPS.Rtnetlink.AddressFamily;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>struct ndmsg (linux/neighbour.h), 12 bytes: the header of a neighbour dump request.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
    public int Index;
    public ushort State;
    public byte Flags;
    public byte Type;
}

/// <summary>
/// The corpus of the Monitoring parsers (issue 19), captured from lab namespaces on this kernel: neighbours,
/// namespace ids, route lookups, link statistics and sock_diag sockets from the fuzz namespace; Ethernet frames
/// (ARP, IPv4, IPv6 with neighbour discovery, ICMP, ICMPv6, TCP, UDP) captured on a veth between two namespaces
/// while the probes talk across it, plus the same frames VLAN-tagged and as raw IP; the ICMP messages in them
/// plus the errors that quote an echo request, as the ping probe reads them.
/// </summary>
internal static class MonitoringCorpus
{
    private const NetlinkProtocol SockDiag = (NetlinkProtocol)4;

    public static void Capture(Lab lab, string ns, NetClient client, List<CorpusMessage> captured)
    {
        void Add(string entry, byte[] bytes) =>
            captured.Add(CorpusMessage.Of(ParserEntryPoints.Named(entry), $"{entry}-{captured.Count(m => m.Entry.Name == entry):D3}", bytes));
        void Dump(NetlinkSocket socket, string entry, ushort type, MessageBody body)
        {
            foreach (var bytes in socket.Dump(type, body, (in NetlinkMessage m) => Corpus.Frame(m), "capture " + entry)) Add(entry, bytes);
        }

        // Neighbours of each kind the parser meets: permanent, stale, proxy (IPv4 and IPv6), and the bridge's fdb
        // entries (AF_BRIDGE, not the parser's business) that the same dump returns.
        foreach (var command in new[]
        {
            "neigh add 10.9.0.9 lladdr 02:00:00:00:00:09 dev br0 nud permanent",
            "neigh add fd00:9::9 lladdr 02:00:00:00:00:0a dev br0 nud stale",
            "neigh add 10.9.0.10 dev br0 nud noarp",
            "neigh add proxy 10.9.0.11 dev br0",
            "neigh add proxy fd00:9::11 dev br0",
        })
            Ip.Run($"-n {ns} {command}", check: false);
        Dump(client.Route, "neighbor", RtmType.GetNeigh, w => w.Struct(new NdMsg()));
        Dump(client.Route, "neighbor", RtmType.GetNeigh, w => w.Struct(new NdMsg { Family = 7 /* AF_BRIDGE */ }));
        if (captured.FirstOrDefault(m => m.Entry.Name == "neighbor" && m.Bytes[16] == RtAddressFamily.Inet) is { } neighbour)
            Add("neighbor", Retyped(neighbour.Bytes, RtmType.DelNeigh)); // what `ip neigh del` announces

        // Namespace ids: the fuzz namespace names two others (one by `ip netns set`, one through a veth's peer).
        var peer = lab.Create("fuzzpeer");
        Ip.Run($"-n {ns} netns set {peer} 7");
        Ip.Run($"-n {ns} link add nsv0 type veth peer name nsv1 netns {lab.Create("fuzzpeer2")}");
        Dump(client.Route, "nsid", RtmType.GetNsId, w => w.Struct(new RtGenMsg()));
        if (captured.FirstOrDefault(m => m.Entry.Name == "nsid") is { } nsid)
            Add("nsid", Retyped(nsid.Bytes, NamespaceFeed.DelNsId));

        // The kernel's answers to `ip route get` (resolved and fibmatch) through a gateway, on link, with a source, IPv6.
        foreach (var destination in new[] { "10.9.5.7", "10.9.0.7", "10.9.9.7", "fd00:8::7", "fd00:9::7", "127.0.0.1" })
        foreach (uint flags in new uint[] { 0, 0x2000 })
        {
            var address = IPAddress.Parse(destination);
            bool v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            try
            {
                client.Route.Execute(RtmType.GetRoute, NetlinkFlags.None, w =>
                {
                    w.Struct(new RtMsg { Family = v6 ? RtAddressFamily.Inet6 : RtAddressFamily.Inet, DestinationLength = (byte)(v6 ? 128 : 32), Flags = flags });
                    w.Bytes(RtaAttr.Dst, address.GetAddressBytes());
                }, "capture route lookup", destination, (in NetlinkMessage m) => Add("routelookup", Corpus.Frame(m)));
            }
            catch (Errors.NetOperationException)
            {
                // No route there on this kernel (an IPv6 gateway not yet usable ...): the others still make the corpus.
            }
        }

        // Link statistics: the dump LinkStatistics.Read makes (IFLA_STATS64 included).
        Dump(client.Route, "linkstats", RtmType.GetLink, w => w.Struct(new IfInfoMsg()));

        // Sockets: TCP listeners and a connection on loopback, UDP sockets, both families.
        var sockets = new List<Socket>();
        try
        {
            Socket Open(System.Net.Sockets.AddressFamily family, SocketType type, ProtocolType protocol, IPEndPoint bind)
            {
                var s = InNamespace.Create(client, () => new Socket(family, type, protocol));
                sockets.Add(s);
                s.Bind(bind);
                return s;
            }
            var listener = Open(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp, new IPEndPoint(IPAddress.Loopback, 7070));
            listener.Listen();
            Open(System.Net.Sockets.AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp, new IPEndPoint(IPAddress.IPv6Loopback, 7070)).Listen();
            Open(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp, new IPEndPoint(IPAddress.Any, 5353));
            Open(System.Net.Sockets.AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp, new IPEndPoint(IPAddress.IPv6Any, 5353));
            var connecting = Open(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp, new IPEndPoint(IPAddress.Loopback, 0));
            connecting.Connect(new IPEndPoint(IPAddress.Loopback, 7070));
            sockets.Add(listener.Accept());
            connecting.Send("fuzz"u8.ToArray()); // a receive queue that is not empty

            using var diag = InNamespace.Create(client, () => NetlinkSocket.Open(SockDiag));
            foreach (byte protocol in new byte[] { 6, 17 })
            foreach (byte family in new[] { RtAddressFamily.Inet, RtAddressFamily.Inet6 })
                Dump(diag, "sockdiag", 20, w => w.Struct(new InetDiagReqV2 { Family = family, Protocol = protocol, States = 0xffffffff }));
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }

        var frames = CaptureFrames(lab);
        foreach (var frame in frames) Add("frame", frame);
        foreach (var frame in frames.Take(4)) Add("frame", Tagged(frame, 0x8100));       // 802.1Q
        foreach (var frame in frames.Take(2)) Add("frame", Tagged(Tagged(frame, 0x8100), 0x88a8)); // QinQ
        foreach (var frame in frames.Take(6)) Add("frame", frame[14..]);                 // raw IP, as on a tun link
        foreach (var icmp in IcmpMessages(frames)) Add("icmp", icmp);
    }

    /// <summary>A copy of a message with another type (a DEL announcement has the NEW message's layout).</summary>
    private static byte[] Retyped(byte[] message, ushort type)
    {
        var copy = message.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(4), type);
        return copy;
    }

    /// <summary>The frame with a VLAN tag (VID 100) of the given TPID after the MAC addresses.</summary>
    private static byte[] Tagged(byte[] frame, ushort tpid)
    {
        var tag = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(tag, tpid);
        BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(2), 100);
        return [.. frame[..12], .. tag, .. frame[12..]];
    }

    /// <summary>
    /// Frames seen on a veth while the probes ping (ARP, neighbour discovery, ICMP and ICMPv6 echo), connect over TCP
    /// (a handshake and close, a refused port) and send UDP to a closed port (ICMP port unreachable), IPv4 and IPv6.
    /// At most three frames of each kind.
    /// </summary>
    private static List<byte[]> CaptureFrames(Lab lab)
    {
        var (a, ca) = lab.CreateWithClient("fuzzfa");
        var (b, cb) = lab.CreateWithClient("fuzzfb");
        foreach (var command in new[]
        {
            $"-n {a} link add fa0 type veth peer name fb0 netns {b}",
            $"-n {a} addr add 10.91.0.1/24 dev fa0", $"-n {a} addr add fd00:91::1/64 dev fa0 nodad",
            $"-n {b} addr add 10.91.0.2/24 dev fb0", $"-n {b} addr add fd00:91::2/64 dev fb0 nodad",
            $"-n {a} link set fa0 up", $"-n {b} link set fb0 up", $"-n {a} link set lo up", $"-n {b} link set lo up",
        })
            Ip.Run(command);
        Assert.True(LinkWait.Until(ca, "fa0", LinkCondition.Up, TimeSpan.FromSeconds(10)).Satisfied);

        var frames = new List<byte[]>();
        var seen = new Dictionary<string, int>();
        var sockets = new List<Socket>();
        using var capture = PacketCapture.Open(ca, "fa0");
        try
        {
            foreach (var (family, any) in new[] { (System.Net.Sockets.AddressFamily.InterNetwork, IPAddress.Any), (System.Net.Sockets.AddressFamily.InterNetworkV6, IPAddress.IPv6Any) })
            {
                var listener = InNamespace.Create(cb, () => new Socket(family, SocketType.Stream, ProtocolType.Tcp));
                sockets.Add(listener);
                if (family == System.Net.Sockets.AddressFamily.InterNetworkV6) listener.DualMode = false;
                listener.Bind(new IPEndPoint(any, 8081));
                listener.Listen();
            }
            foreach (var peer in new[] { IPAddress.Parse("10.91.0.2"), IPAddress.Parse("fd00:91::2") })
            {
                ConnectionProbe.Ping(ca, peer.ToString(), peer, 2, TimeSpan.FromSeconds(2));
                ConnectionProbe.Connect(ca, peer.ToString(), peer, 8081, 1, TimeSpan.FromSeconds(2));
                ConnectionProbe.Connect(ca, peer.ToString(), peer, 8082, 1, TimeSpan.FromSeconds(2));
                using var udp = InNamespace.Create(ca, () => new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
                udp.SendTo("fuzz over udp"u8.ToArray(), new IPEndPoint(peer, 9));
            }
            var deadline = DateTime.UtcNow.AddSeconds(1.5);
            while (capture.Next(deadline, default) is { } p)
            {
                var kind = $"{p.Protocol} {p.IcmpType} {p.TcpFlags} {p.Summary.Split(',')[0].Split(' ')[0]}";
                seen[kind] = seen.GetValueOrDefault(kind) + 1;
                if (seen[kind] <= 3) frames.Add(p.Data);
            }
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
        foreach (var protocol in new[] { "ARP", "ICMP", "ICMPv6", "TCP", "UDP" })
            Assert.Contains(seen.Keys, k => k.StartsWith(protocol + " ", StringComparison.Ordinal));
        return frames;
    }

    /// <summary>The ICMP messages of the captured frames, and errors quoting an echo request (unreachable, time exceeded) in both families.</summary>
    private static List<byte[]> IcmpMessages(List<byte[]> frames)
    {
        var messages = new List<byte[]>();
        foreach (var frame in frames)
        {
            var ip = frame.AsSpan(14);
            if (ip.Length >= 20 && ip[0] >> 4 == 4 && ip[9] == 1) messages.Add(ip[((ip[0] & 0x0f) * 4)..].ToArray());
            else if (ip.Length >= 40 && ip[0] >> 4 == 6 && ip[6] == 58) messages.Add(ip[40..].ToArray());
        }
        foreach (bool v6 in new[] { false, true })
        {
            var request = EchoPacket.Request(v6, id: 7, sequence: 3);
            var quotedIp = new byte[v6 ? 40 : 20];
            quotedIp[0] = (byte)(v6 ? 0x60 : 0x45);
            quotedIp[v6 ? 6 : 9] = (byte)(v6 ? 58 : 1);
            foreach (var (type, code) in v6 ? new (byte, byte)[] { (1, 3), (3, 0) } : [(3, 1), (11, 0)])
                messages.Add([type, code, 0, 0, 0, 0, 0, 0, .. quotedIp, .. request.AsSpan(0, 8)]);
        }
        return messages;
    }
}
