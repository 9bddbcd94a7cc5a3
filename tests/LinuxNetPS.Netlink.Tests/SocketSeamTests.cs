using System.Reflection;
using System.Runtime.InteropServices;
using LinuxNetPS.Errors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>The socket's seams (issue 9, item 11): no re-entry from callbacks, SafeHandles at the imports, a clean socket after a failed callback, no dead code.</summary>
public class SocketSeamTests
{
    private static List<int> LinkIndexes(NetlinkSocket socket, MessageParser<int?>? parse = null) =>
        socket.Dump(RtmType.GetLink, w => w.Struct(new IfInfoMsg()), parse ?? ((in NetlinkMessage m) => (int?)m.Header<IfInfoMsg>().Index), "list links")
            .Select(i => i!.Value).ToList();

    [Fact]
    public void UsingTheSocketFromItsOwnParseCallback_FailsLoudly_AndLeavesTheSocketUsable()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("reenter");
        Ip.Run($"-n {ns} link add d0 type bridge");
        var socket = client.Route;
        var e = Assert.Throws<InvalidOperationException>(() => LinkIndexes(socket, (in NetlinkMessage m) =>
        {
            LinkIndexes(socket); // a second request in the middle of the dump's answers
            return 0;
        }));
        Assert.Contains("callback", e.Message);
        Assert.Equal(2, LinkIndexes(socket).Count); // lo and d0: nothing of the abandoned dump is left over
    }

    [Fact]
    public void AParseErrorInTheMiddleOfADump_IsThrownAfterTheDumpIsRead_SoTheNextRequestIsClean()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("midfail");
        for (int i = 0; i < 20; i++) Ip.Run($"-n {ns} link add b{i} type bridge");
        int calls = 0;
        Assert.Throws<MalformedMessageException>(() => LinkIndexes(client.Route, (in NetlinkMessage m) =>
            ++calls == 2 ? throw new MalformedMessageException("link message", "test") : 0));
        Assert.Equal(2, calls); // no callback after the failure
        Assert.Equal(21, LinkIndexes(client.Route).Count);
    }

    [Fact]
    public void ADisposedSocket_RefusesToBeUsed_InsteadOfWritingToAReusedDescriptorNumber()
    {
        var socket = NetlinkSocket.Open(NetlinkProtocol.Route);
        socket.Dispose();
        Assert.Throws<ObjectDisposedException>(() => LinkIndexes(socket));
    }

    private static Type Sys => typeof(NetlinkSocket).Assembly.GetType("LinuxNetPS.Interop.Sys", throwOnError: true)!;

    [Fact]
    public void Imports_TakeTheSafeHandle_NeverARawDescriptor()
    {
        var imports = Sys.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(m => !m.Name.Contains('<') && m.GetParameters().Any(p => p.Name is "fd" or "dirfd"))
            .ToList();
        Assert.NotEmpty(imports);
        var raw = imports.Where(m => m.Name != "Close" && m.GetParameters().Any(p => p.Name is "fd" or "dirfd" && !typeof(SafeHandle).IsAssignableFrom(p.ParameterType)))
            .Select(m => m.Name).ToList();
        Assert.True(raw.Count == 0, "imports taking a raw fd: " + string.Join(", ", raw));
    }

    [Fact]
    public void DeadCode_IsGone()
    {
        var names = Sys.GetMembers(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public).Select(m => m.Name).ToHashSet();
        Assert.DoesNotContain("GetTid", names);
        Assert.DoesNotContain("GetSockName", names);
        Assert.DoesNotContain("NETLINK_GET_STRICT_CHK", names);
        Assert.Null(typeof(NetlinkSocket).GetField("_portId", BindingFlags.Instance | BindingFlags.NonPublic));
    }

    [Fact]
    public void Errno_IsOneEnum_NamedInMessages_AndComparedByName()
    {
        Assert.Equal("EEXIST", ErrnoMapper.Name((int)Errno.EEXIST));
        Assert.Equal("errno 4095", ErrnoMapper.Name(4095));
        var e = ErrnoMapper.FromErrno(Errno.ENODEV, "find link", "x0", null);
        Assert.Equal(Errno.ENODEV, e.ErrnoCode);
        Assert.Equal(19, e.Errno);
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Equal(NetErrorKind.Busy, ErrnoMapper.Classify((int)Errno.ERESTART));
    }

    [Fact]
    public void EchoedInput_IsCapped()
    {
        var e = ErrnoMapper.FromErrno(Errno.EINVAL, "create link", new string('x', 100_000), null);
        Assert.True(e.Message.Length < 400, $"message of {e.Message.Length} characters");
        Assert.Contains("100000 characters", e.Message);
        Assert.Equal(100_000, e.Target!.Length); // the target object itself is kept whole
    }
}
