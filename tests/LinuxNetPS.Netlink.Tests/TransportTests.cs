using LinuxNetPS.Errors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>Request/ACK matching, extended ACK text, and batches against the real kernel.</summary>
public class TransportTests
{
    [Fact]
    public void KernelError_CarriesErrnoKindAndExtendedAckText()
    {
        using var lab = new Lab();
        lab.Create("t");
        var socket = lab.Client("t").Route;
        Ip.Run($"-n {lab.Ns("t")} link add b0 type bridge");
        var e = Assert.Throws<NetOperationException>(() => socket.Execute(RtmType.NewLink, NetlinkFlags.None, w =>
        {
            w.Struct(new IfInfoMsg());
            w.String(IflaAttr.IfName, "b0");
            w.U32(IflaAttr.Mtu, 10); // below the Ethernet minimum of 68
        }, "set MTU", "b0"));
        Assert.Equal(22, e.Errno);
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.False(string.IsNullOrEmpty(e.KernelMessage));
        Assert.Contains(e.KernelMessage!, e.Message);
        Assert.Contains("'b0'", e.Message);
        Assert.Equal(1500, Ip.Links(lab.Ns("t"))["b0"].GetProperty("mtu").GetInt32());
    }

    [Fact]
    public void Batch_SendsManyRequestsInOneCall_AndReportsEveryFailure()
    {
        using var lab = new Lab();
        lab.Create("b");
        var socket = lab.Client("b").Route;
        socket.ExecuteBatch(b =>
        {
            for (int i = 0; i < 300; i++)
            {
                string name = $"br{i}";
                b.Add(RtmType.NewLink, NetlinkFlags.Create | NetlinkFlags.Excl, w =>
                {
                    w.Struct(new IfInfoMsg());
                    w.String(IflaAttr.IfName, name);
                    using (w.Nested(IflaAttr.LinkInfo)) w.String(IflaInfoAttr.Kind, "bridge");
                }, "create link", name);
            }
        });
        Assert.Equal(301, Ip.Links(lab.Ns("b")).Count);

        var e = Assert.Throws<NetOperationException>(() => socket.ExecuteBatch(b =>
        {
            foreach (var name in new[] { "br1", "fresh", "br2" })
                b.Add(RtmType.NewLink, NetlinkFlags.Create | NetlinkFlags.Excl, w =>
                {
                    w.Struct(new IfInfoMsg());
                    w.String(IflaAttr.IfName, name);
                    using (w.Nested(IflaAttr.LinkInfo)) w.String(IflaInfoAttr.Kind, "bridge");
                }, "create link", name);
        }));
        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Contains("'br1'", e.Message);
        Assert.Contains("1 more request", e.Message);
        // rtnetlink batches are pipelines, not transactions: the valid request in the middle went through.
        Assert.True(Ip.Links(lab.Ns("b")).ContainsKey("fresh"));

        // The socket is still in step: a later dump sees everything.
        Assert.Equal(302, NamespaceTests.RawLinkNames(socket).Count);
    }

    [Fact]
    public void Socket_IsSafeToShareBetweenThreads()
    {
        using var lab = new Lab();
        lab.Create("mt");
        var socket = lab.Client("mt").Route;
        Parallel.For(0, 8, i =>
        {
            for (int n = 0; n < 10; n++) Assert.Equal(new[] { "lo" }, NamespaceTests.RawLinkNames(socket));
        });
    }
}
