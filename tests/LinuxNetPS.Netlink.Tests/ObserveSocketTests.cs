using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring;
using LinuxNetPS.Monitoring.Sockets;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

public class ObserveSocketTests
{
    [Fact]
    public void A_listener_in_a_namespace_is_listed_there_with_its_process_and_not_elsewhere()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        var (_, other) = lab.CreateWithClient("b");
        c.Links.SetUp("lo");
        // A server process living in the namespace (ip netns exec runs it in place, so its pid is the one we started).
        var info = new ProcessStartInfo("ip") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", ns, "python3", "-c", "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', 18080)); s.listen(); print('ready', flush=True); sys.stdin.read()" })
            info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        using var server = Process.Start(info)!;
        try
        {
            Assert.Equal("ready", server.StandardOutput.ReadLine());

            var found = Assert.Single(SocketDiag.List(c, ["tcp"]), s => s.LocalPort == 18080);
            Assert.Equal((SocketState.Listen, "tcp", "IPv4", ns), (found.State, found.Protocol, found.Family, found.Namespace));
            Assert.Equal(IPAddress.Loopback, found.LocalAddress);
            Assert.Equal(server.Id, found.ProcessId);
            Assert.Equal("python3", found.ProcessName);
            Assert.DoesNotContain(SocketDiag.List(other, ["tcp", "udp"]), s => s.LocalPort == 18080);
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(5000)) server.Kill();
        }
    }

    [Fact]
    public void Udp_and_ipv6_sockets_opened_by_this_process_inside_the_namespace_are_ours()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        c.Links.SetUp("lo");
        using var udp = InNamespace.Create(c, () => new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp));
        udp.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 18081));

        var found = Assert.Single(SocketDiag.List(c, ["udp"]), s => s.LocalPort == 18081);
        Assert.Equal((SocketState.Unconnected, "udp", "IPv6"), (found.State, found.Protocol, found.Family));
        Assert.Equal("[::1]:18081", found.LocalEndPoint);
        Assert.Equal(Environment.ProcessId, found.ProcessId);
        Assert.Empty(SocketDiag.List(c, ["tcp"]));
    }

    [Fact]
    public void Unknown_protocol_is_refused()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        var e = Assert.Throws<NetOperationException>(() => SocketDiag.List(c, ["sctp"]));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
    }
}
