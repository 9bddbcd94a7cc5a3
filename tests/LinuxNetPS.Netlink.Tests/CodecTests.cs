using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Tests;

/// <summary>The attribute encoder and decoder, checked byte for byte against the kernel's layout rules.</summary>
public class CodecTests
{
    [Fact]
    public void Message_HeaderAndPaddedAttributes_MatchTheWireFormat()
    {
        var w = new NetlinkWriter();
        w.BeginMessage(RtmType.NewLink, NetlinkFlags.Request | NetlinkFlags.Ack | NetlinkFlags.Create | NetlinkFlags.Excl, 7);
        w.Struct(new IfInfoMsg { Family = 0, Index = 0, Flags = 1, Change = 1 });
        w.String(IflaAttr.IfName, "br0");
        using (w.Nested(IflaAttr.LinkInfo))
        {
            w.String(IflaInfoAttr.Kind, "bridge");
        }
        w.EndMessage();

        byte[] expected =
        [
            // nlmsghdr: len=56, type=16, flags=0x605, seq=7, pid=0
            56, 0, 0, 0, 16, 0, 0x05, 0x06, 7, 0, 0, 0, 0, 0, 0, 0,
            // ifinfomsg: family 0, pad, type 0, index 0, flags 1, change 1
            0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
            // IFLA_IFNAME "br0\0": len 8, type 3
            8, 0, 3, 0, (byte)'b', (byte)'r', (byte)'0', 0,
            // IFLA_LINKINFO nest: len 16, type 18 { IFLA_INFO_KIND "bridge\0": len 11, type 1, padded to 12 }
            16, 0, 18, 0, 11, 0, 1, 0, (byte)'b', (byte)'r', (byte)'i', (byte)'d', (byte)'g', (byte)'e', 0, 0,
        ];
        Assert.Equal(expected, w.Written.ToArray());
    }

    [Fact]
    public void Reader_RoundTripsEveryEncoderType_IncludingNesting()
    {
        var w = new NetlinkWriter();
        w.U8(1, 0xAB);
        w.U16(2, 0xBEEF);
        w.U32(3, 0xDEADBEEF);
        w.U64(4, 0x0102030405060708);
        w.U32BigEndian(5, 0x0A000001);
        w.String(6, "hello");
        w.Flag(7);
        using (w.Nested(8, markNested: true))
        {
            w.U32(1, 42);
            using (w.Nested(2)) w.String(1, "deep");
        }

        var r = new AttributeReader(w.Written);
        var seen = new List<ushort>();
        while (r.Next())
        {
            seen.Add(r.Type);
            switch (r.Type)
            {
                case 1: Assert.Equal(0xAB, r.U8()); break;
                case 2: Assert.Equal(0xBEEF, r.U16()); break;
                case 3: Assert.Equal(0xDEADBEEFu, r.U32()); break;
                case 4: Assert.Equal(0x0102030405060708ul, r.U64()); break;
                case 5: Assert.Equal(0x0A000001u, r.U32BigEndian()); Assert.Equal(new byte[] { 10, 0, 0, 1 }, r.Bytes()); break;
                case 6: Assert.Equal("hello", r.String()); break;
                case 7: Assert.Equal(0, r.Data.Length); break;
                case 8:
                    Assert.True(r.IsNested);
                    var n = r.Nested();
                    Assert.True(n.Next());
                    Assert.Equal(42u, n.U32());
                    Assert.True(n.Next());
                    var deep = n.Nested();
                    Assert.True(deep.Next());
                    Assert.Equal("deep", deep.String());
                    Assert.False(n.Next());
                    break;
            }
        }
        Assert.Null(r.Error);
        Assert.Equal(new ushort[] { 1, 2, 3, 4, 5, 6, 7, 8 }, seen);
    }

    [Fact]
    public void Reader_StopsAtTruncatedAttribute_AndReportsIt()
    {
        byte[] bad = [8, 0, 1, 0, 1, 2, 3, 4, /* claims 20 bytes, has 6 */ 20, 0, 2, 0, 9, 9];
        var r = new AttributeReader(bad);
        Assert.True(r.Next());
        Assert.False(r.Next());
        Assert.NotNull(r.Error);
    }

    [Fact]
    public void Reader_ShortPayloadForType_SetsErrorInsteadOfThrowing()
    {
        var w = new NetlinkWriter();
        w.U16(1, 5);
        var r = new AttributeReader(w.Written);
        Assert.True(r.Next());
        Assert.Equal(0u, r.U32());
        Assert.Contains("expected 4", r.Error);
    }

    [Fact]
    public void Reader_NeverThrowsOnRandomInput()
    {
        var random = new Random(1234);
        for (int i = 0; i < 20000; i++)
        {
            var buffer = new byte[random.Next(0, 64)];
            random.NextBytes(buffer);
            var r = new AttributeReader(buffer);
            int guard = 0;
            while (r.Next() && guard++ < 100)
            {
                _ = r.U32();
                _ = r.String();
                var n = r.Nested();
                while (n.Next()) _ = n.U64();
            }
        }
    }

    [Fact]
    public void MessageIterator_SplitsDatagramsAndRejectsBadLengths()
    {
        var w = new NetlinkWriter();
        w.BeginMessage(1, NetlinkFlags.None, 1); w.U32(1, 1); w.EndMessage();
        w.BeginMessage(2, NetlinkFlags.Multi, 2); w.EndMessage();
        var types = new List<ushort>();
        foreach (var m in new NetlinkMessageIterator(w.Written)) types.Add(m.Type);
        Assert.Equal(new ushort[] { 1, 2 }, types);

        byte[] broken = [200, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Throws<LinuxNetPS.Errors.MalformedMessageException>(() =>
        {
            foreach (var _ in new NetlinkMessageIterator(broken)) { }
        });
    }
}
