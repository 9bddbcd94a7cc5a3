using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.ConnectionTracking.Wire;
using LinuxNetPS.Model;
using System.Buffers.Binary;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>One real message (or frame) of an entry point, and for netlink its tree.</summary>
internal sealed record CorpusMessage(string Name, EntryPoint Entry, byte[] Bytes, MessageTree? Tree)
{
    /// <summary>A message or frame of the entry point the name starts with ("route-007", "frame-012").</summary>
    public static CorpusMessage Of(string name, byte[] bytes) => Of(ParserEntryPoints.OfFile(name), name, bytes);

    public static CorpusMessage Of(EntryPoint entry, string name, byte[] bytes)
    {
        if (entry.Wire is Wire.Frame or Wire.Icmp) return new(name, entry, bytes, null);
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        var flags = (NetlinkFlags)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
        int fixedLength = entry.FixedLength;
        // An uncapped ACK echoes the whole request before its attributes.
        if (type == NetlinkMessageType.Error && (flags & NetlinkFlags.Capped) == 0 && bytes.Length >= 24)
            fixedLength = 4 + (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)), (uint)bytes.Length);
        return new(name, entry, bytes, MessageTree.Decode(bytes, fixedLength));
    }
}

/// <summary>
/// The messages the fuzzer mutates: the checked-in corpus (Fuzz/corpus/*.bin, captured from a lab namespace
/// on this kernel) plus a fresh capture from a lab namespace built for the run (links of every kind the kernel
/// has, addresses, routes, NAT rules, a foreign forward chain), plus extended ACKs in both layouts, plus the
/// Monitoring parsers' messages and frames (<see cref="MonitoringCorpus"/>).
/// </summary>
internal static class Corpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus");
    public static string SeedDirectory => Path.Combine(AppContext.BaseDirectory, "Fuzz", "seeds");

    public static List<CorpusMessage> CheckedIn() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.bin").Order(StringComparer.Ordinal).Select(f => CorpusMessage.Of(Path.GetFileNameWithoutExtension(f), File.ReadAllBytes(f))).ToList()
            : [];

    /// <summary>Builds a lab namespace full of objects and captures every dump message of it.</summary>
    public static List<CorpusMessage> CaptureLive(Lab lab)
    {
        var (ns, client) = lab.CreateWithClient("fuzz");
        foreach (var command in new[]
        {
            "link set lo up",
            "link add br0 type bridge stp_state 1", "link set br0 up",
            "link add ve0 type veth peer name ve1", "link set ve0 master br0", "link set ve0 up", "link set ve1 up",
            "link add vx0 type vxlan id 42 dstport 4789 dev ve1", "link add mv0 link ve1 type macvlan mode bridge",
            "link set ve1 alias fuzz-alias",
            "addr add 10.9.0.1/24 brd + dev br0 label br0:a", "addr add 10.9.1.1 peer 10.9.1.2/32 dev ve1",
            "addr add fd00:9::1/64 dev br0 nodad",
            "route add 10.9.5.0/24 via 10.9.0.2 metric 50", "route add 10.9.6.0/24 via 10.9.0.3 table 1000",
            "route add blackhole 10.9.7.0/24", "route add fd00:8::/64 via fd00:9::2",
            "route add 10.9.8.0/24 nexthop via 10.9.0.2 weight 1 nexthop via 10.9.0.3 weight 2",
            "route add 10.9.9.0/24 dev ve1 src 10.9.1.1 proto static",
            "-6 route add fd00:7::/64 nexthop via fd00:9::2 weight 1 nexthop via fd00:9::3 weight 3",
            "rule add from 10.9.0.0/24 table 100 priority 1000",
            "rule add not to 10.9.5.0/24 iif ve1 fwmark 0x10/0xff table 1000 priority 1100",
            "rule add oif ve0 blackhole priority 1200",
            "-6 rule add from fd00:9::/64 prohibit priority 1300",
        })
            Ip.Run($"-n {ns} {command}", check: !command.Contains("vxlan") && !command.Contains("macvlan"));
        Ip.Run($"-n {ns} route add 10.9.10.0/24 via inet6 fd00:9::2 dev br0", check: false); // RTA_VIA, where supported
        foreach (var command in new[]
        {
            "neigh add 10.9.0.77 lladdr 02:00:00:00:00:77 dev br0", "neigh add fd00:9::77 lladdr 02:00:00:00:00:78 dev br0 nud reachable router",
            "neigh add 10.9.0.79 dev br0 nud failed", "neigh add proxy 10.9.0.80 dev br0",
        })
            Ip.Run($"-n {ns} {command}", check: false);
        foreach (var args in new[]
        {
            new[] { "fdb", "add", "02:00:00:00:00:79", "dev", "ve0", "master", "static" },
            new[] { "fdb", "append", "00:00:00:00:00:00", "dev", "vx0", "dst", "10.9.0.2" },
            new[] { "fdb", "add", "02:00:00:00:00:7a", "dev", "vx0", "dst", "fd00:9::2", "port", "4790", "vni", "43" },
        })
            Ip.Exec("bridge", ["-n", ns, .. args]);
        client.Nat.EnableMasquerade("10.9.0.0/24", excludeOutInterface: "br0");
        client.Nat.AddSourceNat("10.9.1.0/24", "10.9.0.1", "ve1");
        client.Nat.AddPortForward("tcp", "8080-8090", "10.9.0.5", 80);
        client.Nat.AddPortForward("udp", "53", "fd00:9::5", source: "fd00:9::/64");
        // Firewall rules of every shape (the golden cases, lists, a disabled rule) and address sets of both families (issue 22).
        client.AddressSets.New("blocked", IPFamily.IPv4, ["10.0.0.0/8", "192.168.1.1", "255.255.255.255"]);
        client.AddressSets.New("blocked6", IPFamily.IPv6, ["fd00::/64", "fd00:0:0:1::1"]);
        client.Firewall.Add(FirewallGoldenTests.Cases.Select((c, i) => c.Request with
        {
            Name = $"golden{i}",
            InterfaceAlias = c.Request.InterfaceAlias is null ? null : "ve1",
            OutInterfaceAlias = c.Request.OutInterfaceAlias is null ? null : "ve0",
        }));
        client.Firewall.Add([new FirewallRuleRequest { Name = "off", Enabled = false, Protocol = "UDP", LocalPort = ["1", "2-3"] }]);
        NatTestKit.Nft(ns, "add", "table", "inet", "fuzzother");
        NatTestKit.Nft(ns, "add", "chain", "inet", "fuzzother", "guard", "{ type filter hook forward priority 0; policy drop; }");

        Ip.Exec("tc", "-n", ns, "qdisc", "add", "dev", "ve0", "root", "tbf", "rate", "40gbit", "burst", "64kb", "latency", "50ms");
        client.Impairments.Set("ve1", new LinkImpairmentSpec { RateBitsPerSecond = 1_000_000 });

        var captured = new List<CorpusMessage>();
        void Dump(NetlinkSocket socket, ushort type, MessageBody body, string name) =>
            captured.AddRange(socket.Dump(type, body, (in NetlinkMessage m) => Frame(m), "capture " + name)
                .Select((bytes, i) => CorpusMessage.Of($"{name}-{i:D3}", bytes)));
        Dump(client.Route, RtmType.GetLink, w => w.Struct(new IfInfoMsg()), "link");
        Dump(client.Route, RtmType.GetAddr, w => w.Struct(new IfAddrMsg()), "address");
        Dump(client.Route, RtmType.GetRoute, w => w.Struct(new RtMsg()), "route");
        Dump(client.Route, RtmType.GetQdisc, w => w.Struct(new TcMsg()), "qdisc");
        // AF_UNSPEC: every family's rules, the multicast routing ones (RTNL_FAMILY_IPMR) included.
        Dump(client.Route, RtmType.GetRule, w => w.Struct(new FibRuleHdr()), "rule");
        Dump(client.Route, RtmType.GetNeigh, w => w.Struct(new NdMsg()), "neighbour");
        Dump(client.Route, RtmType.GetNeigh, w => w.Struct(new NdMsg { Flags = NtfFlags.Proxy }), "neighbour-proxy");
        Dump(client.Route, RtmType.GetNeigh, w => w.Struct(new NdMsg { Family = AddressFamily.Bridge }), "fdb");
        Dump(client.Route, RtmType.GetLink, w =>
        {
            w.Struct(new IfInfoMsg { Family = AddressFamily.Bridge });
            w.U32(IflaAttr.ExtMask, RtExtFilterBridge.BrVlanCompressed);
        }, "bridge-vlan");
        // Port VLANs as `bridge vlan add` encodes them (this kernel has no VLAN filtering to dump any), framed as link messages.
        for (int i = 0; i < NeighborGoldenTests.Vlans.Length; i++)
            captured.Add(CorpusMessage.Of($"bridge-vlan-golden-{i:D3}", FrameBody(RtmType.NewLink, Convert.FromHexString(NeighborGoldenTests.Vlans[i].Hex))));
        // netem as tc encodes it (this kernel has no sch_netem to dump one): the golden requests, framed as messages.
        for (int i = 0; i < ImpairmentGoldenTests.All.Length; i++)
            captured.Add(CorpusMessage.Of($"qdisc-netem-{i:D3}", FrameBody(RtmType.NewQdisc, Convert.FromHexString(ImpairmentGoldenTests.All[i].Hex))));
        Dump(client.Netfilter, Nfnl.Type(NftMsg.GetChain), w => w.Struct(NfGenMsg.For(NfProto.Unspec)), "nft-chain");
        Dump(client.Netfilter, Nfnl.Type(NftMsg.GetRule), w => w.Struct(NfGenMsg.For(NfProto.Unspec)), "nft-rule");
        Dump(client.Netfilter, Nfnl.Type(NftMsg.GetSet), w => w.Struct(NfGenMsg.For(NfProto.Unspec)), "nft-set");
        foreach (var set in new[] { "blocked", "blocked6" })
            Dump(client.Netfilter, Nfnl.Type(NftMsg.GetSetElem), w =>
            {
                w.Struct(NfGenMsg.For(NfProto.Inet));
                w.String(NftaSetElem.ListTable, LinuxNetPsTable.Name);
                w.String(NftaSetElem.ListSet, set);
            }, "nft-setelem-" + set);
        // Conntrack entries (issue 22): the NAT rules above make the namespace track its traffic; ICMP, UDP and TCP of both
        // families over its loopback (a TCP connection opened and closed leaves a TIME_WAIT entry with its protocol info).
        Ip.Exec("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", "127.0.0.1");
        Ip.Exec("ip", "netns", "exec", ns, "ping", "-6", "-c", "1", "-W", "1", "::1");
        Ip.Exec("ip", "netns", "exec", ns, "/usr/bin/python3", "-c",
            "import socket\nfor f,a in ((socket.AF_INET,'127.0.0.1'),(socket.AF_INET6,'::1')):\n" +
            " socket.socket(f,socket.SOCK_DGRAM).sendto(b'x',(a,9))\n l=socket.socket(f);l.bind((a,0));l.listen(1)\n" +
            " c=socket.create_connection((a,l.getsockname()[1]),timeout=1);s,_=l.accept();c.close();s.recv(1);s.close()\n");
        Dump(client.Netfilter, Ctnl.Type(Ctnl.MsgGet), w => w.Struct(NfGenMsg.For(NfProto.Unspec)), "conntrack");
        byte[]? generation = null;
        client.Netfilter.Execute(Nfnl.Type(NftMsg.GetGen), NetlinkFlags.None, w => w.Struct(NfGenMsg.For(NfProto.Unspec)), "capture generation", null,
            (in NetlinkMessage m) => generation = Frame(m));
        captured.Add(CorpusMessage.Of("nft-generation-000", generation!));
        captured.Add(CorpusMessage.Of("ack-full-000", ExtendedAck(capped: false)));
        captured.Add(CorpusMessage.Of("ack-capped-000", ExtendedAck(capped: true)));
        MonitoringCorpus.Capture(lab, ns, client, captured);
        return captured;
    }

    /// <summary>A message of <paramref name="type"/> around <paramref name="payload"/>.</summary>
    private static byte[] FrameBody(ushort type, byte[] payload) => Frame(new NetlinkMessage(type, NetlinkFlags.None, 1, payload));

    /// <summary>The message as it arrived: nlmsghdr (port id 0) + payload.</summary>
    public static byte[] Frame(in NetlinkMessage m)
    {
        var bytes = new byte[16 + m.Payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), m.Type);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)m.Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), m.Sequence);
        m.Payload.CopyTo(bytes.AsSpan(16));
        return bytes;
    }

    /// <summary>
    /// An extended ACK laid out as the kernel sends it (struct nlmsgerr: errno, the request's header and, unless
    /// NLM_F_CAPPED, its payload; then NLMSGERR_ATTR_MSG and NLMSGERR_ATTR_OFFS): the bytes of a refused RTM_NEWLINK.
    /// </summary>
    public static byte[] ExtendedAck(bool capped)
    {
        var request = new NetlinkWriter();
        request.BeginMessage(RtmType.NewLink, NetlinkFlags.Request | NetlinkFlags.Ack | NetlinkFlags.Create, 7);
        request.Struct(new IfInfoMsg());
        request.String(IflaAttr.IfName, "fuzz0");
        request.EndMessage();
        var echoed = request.Written.ToArray();
        var attributes = new NetlinkWriter();
        attributes.String(1, "Unknown device type"); // NLMSGERR_ATTR_MSG
        attributes.U32(2, 32);                      // NLMSGERR_ATTR_OFFS
        var body = new List<byte>();
        body.AddRange(BitConverter.GetBytes(-22)); // -EINVAL
        body.AddRange(capped ? echoed[..16] : echoed);
        body.AddRange(attributes.Written.ToArray());
        var message = new byte[16 + body.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), NetlinkMessageType.Error);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), (ushort)(NetlinkFlags.AckTlvs | (capped ? NetlinkFlags.Capped : NetlinkFlags.None)));
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 7);
        body.CopyTo(message, 16);
        return message;
    }
}
