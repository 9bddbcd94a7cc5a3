using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Capture;
using LinuxNetPS.Monitoring.Probes;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

public class ObserveCaptureTests
{
    /// <summary>An Ethernet frame carrying an IPv4 ICMP echo request 10.0.0.1 -> 10.0.0.2 (id 7, seq 3).</summary>
    private static byte[] EchoFrame()
    {
        var icmp = EchoPacket.Request(v6: false, id: 7, sequence: 3);
        var ip = new byte[20 + icmp.Length];
        ip[0] = 0x45; ip[2] = (byte)(ip.Length >> 8); ip[3] = (byte)ip.Length; ip[8] = 64; ip[9] = 1;
        new byte[] { 10, 0, 0, 1, 10, 0, 0, 2 }.CopyTo(ip, 12);
        icmp.CopyTo(ip, 20);
        var frame = new byte[14 + ip.Length];
        new byte[] { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 }.CopyTo(frame, 0);
        ip.CopyTo(frame, 14);
        return frame;
    }

    private static NetPacket Decode(byte[] frame) =>
        PacketDecoder.Decode(frame, true, frame.Length, null, "eth0", DateTime.Now, PacketDirection.In);

    [Fact]
    public void Decoder_reads_an_echo_request_like_tcpdump()
    {
        var p = Decode(EchoFrame());
        Assert.Equal(("ICMP", 8, 0), (p.Protocol, p.IcmpType, p.IcmpCode));
        Assert.Equal((IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2")), (p.SourceAddress, p.DestinationAddress));
        Assert.Equal(("02:00:00:00:00:01", "02:00:00:00:00:02"), (p.SourceMac, p.DestinationMac));
        Assert.Equal("IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 3, length 64", p.Summary);
    }

    [Fact]
    public void Decoder_survives_truncated_frames()
    {
        var frame = EchoFrame();
        for (int length = 0; length < frame.Length; length++)
        {
            var p = PacketDecoder.Decode(frame.AsSpan(0, length), true, frame.Length, null, "eth0", DateTime.Now, PacketDirection.In);
            Assert.False(string.IsNullOrEmpty(p.Summary));
        }
    }

    [Theory]
    [InlineData("icmp", true)]
    [InlineData("tcp", false)]
    [InlineData("icmp and host 10.0.0.2", true)]
    [InlineData("icmp and src host 10.0.0.2", false)]
    [InlineData("dst host 10.0.0.2 && !arp", true)]
    [InlineData("udp or (icmp and net 10.0.0.0/8)", true)]
    [InlineData("not icmp or tcp port 80", false)]
    [InlineData("ip and not ip6", true)]
    [InlineData("net 192.168.0.0/16", false)]
    [InlineData("", true)]
    public void Filter_matches_as_tcpdump_would(string filter, bool expected) =>
        Assert.Equal(expected, PacketFilter.Parse(filter).Matches(Decode(EchoFrame())));

    [Theory]
    [InlineData("icmp andd tcp", "'andd'")]
    [InlineData("host", "address")]
    [InlineData("host 10.0.0.300", "'10.0.0.300' is not an IP address")]
    [InlineData("port 70000", "port number")]
    [InlineData("(icmp", "')'")]
    [InlineData("bogus", "'bogus' is not a protocol")]
    [InlineData("icmp and", "at the end")]
    [InlineData("net 10.0.0.0/99", "prefix")]
    public void Bad_filter_is_refused_with_the_place_it_went_wrong(string filter, string expected)
    {
        var e = Assert.Throws<NetOperationException>(() => PacketFilter.Parse(filter));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Capture_on_a_bridge_sees_the_echo_requests_of_a_ping_through_it_and_tcpdump_reads_the_pcap()
    {
        using var lab = new Lab();
        var (host, red, _) = ObserveProbeTests.Bridge(lab);
        var filter = PacketFilter.Parse("icmp and dst host 10.10.1.20");
        var pcapPath = Path.Combine(Path.GetTempPath(), $"{lab.Prefix}.pcap");
        var captured = new List<NetPacket>();
        try
        {
            using (var capture = PacketCapture.Open(NetClient.For(host), "br0"))
            using (var pcap = new PcapWriter(File.Create(pcapPath), capture.HasEthernetHeader))
            {
                // The socket is open before the ping starts, so nothing is missed.
                var ping = ConnectionProbe.Ping(red, "10.10.1.20", IPAddress.Parse("10.10.1.20"), 4, TimeSpan.FromSeconds(3));
                Assert.True(ping.Succeeded, ping.Message);
                var deadline = DateTime.UtcNow.AddSeconds(5);
                while (captured.Count < 4 && capture.Next(deadline, default) is { } p)
                    if (filter.Matches(p)) { captured.Add(p); pcap.Write(p); }
            }

            Assert.Equal(4, captured.Count);
            Assert.All(captured, p => Assert.Equal((8, "br0", host), (p.IcmpType!.Value, p.Interface, p.Namespace)));
            Assert.Equal(["seq 1", "seq 2", "seq 3", "seq 4"], captured.Select(p => p.Summary.Split(", ")[2]));

            var (code, output, error) = Ip.Exec("tcpdump", "-r", pcapPath, "-n");
            Assert.True(code == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.All(lines, l => Assert.Contains("IP 10.10.1.10 > 10.10.1.20: ICMP echo request", l));
            Assert.Contains("link-type EN10MB", error);
        }
        finally
        {
            File.Delete(pcapPath);
        }
    }

    [Fact]
    public void Capture_on_an_unknown_interface_fails_with_NotFound()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        var e = Assert.Throws<NetOperationException>(() => PacketCapture.Open(c, "nothere"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public void Promiscuous_mode_ends_with_the_capture()
    {
        using var lab = new Lab();
        var (host, _, _) = ObserveProbeTests.Bridge(lab);
        using (PacketCapture.Open(NetClient.For(host), "br0"))
            Assert.True(Ip.Json(host, "link show br0")[0].GetProperty("promiscuity").GetInt32() > 0);
        Assert.Equal(0, Ip.Json(host, "link show br0")[0].GetProperty("promiscuity").GetInt32());
    }
}
