using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.Support.LinkAssert;
using static LinuxNetPS.Tests.Support.NetAssert;

namespace LinuxNetPS.Tests;

/// <summary>
/// The vlan, ipvlan and bond drivers. This kernel has none of those modules, so the encoding is checked
/// against golden bytes: the IFLA_INFO_DATA that iproute2 6.1 sent for the same request, captured with
/// <c>strace -f -e trace=sendmsg -xx ip -n NS link add link v0 name v0.42 type vlan id 42</c> (and likewise
/// for each case below) in a throw-away namespace. Creating the link must then fail with the clear
/// NotSupported naming the module, and leave nothing behind; on a kernel that has the module it must work.
/// </summary>
public class LinkKindDriverTests
{
    public sealed record Case(string Kind, string Options, string IpCommand, string Hex)
    {
        public override string ToString() => IpCommand;
    }

    public static readonly TheoryData<Case> Golden = new()
    {
        new("vlan", "id=42", "type vlan id 42", "0c000200060001002a000000"),
        new("vlan", "id=7;protocol=802.1ad", "type vlan id 7 protocol 802.1ad", "14000200060001000700000006000500" + "88a80000"),
        new("ipvlan", "mode=l3", "type ipvlan mode l3", "1400020006000100010000000600020000000000"),
        new("ipvlan", "mode=l2;flag=vepa", "type ipvlan mode l2 vepa", "1400020006000100000000000600020002000000"),
        new("bond", "mode=active-backup", "type bond mode active-backup", "0c0002000500010001000000"),
        new("bond", "mode=802.3ad;miimon=100", "type bond mode 802.3ad miimon 100", "1400020005000100040000000800030064000000"),
    };

    private static Dictionary<string, string> Parse(string options) =>
        options.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(o => o.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [MemberData(nameof(Golden))]
    public void Encodes_the_bytes_iproute2_sends(Case c)
    {
        using var lab = new Lab();
        var (_, client) = lab.CreateWithClient("a");
        client.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var spec = new LinkSpec { Name = "x0", Kind = c.Kind, Parent = c.Kind == "bond" ? null : "v0", Options = Parse(c.Options) };
        var driver = LinkKinds.Find(c.Kind) ?? throw new Xunit.Sdk.XunitException($"no driver registered for {c.Kind}");
        var request = driver.Prepare(new LinkKindContext(client.Session, spec, driver));
        Assert.NotNull(request.Data);
        var w = new NetlinkWriter();
        using (w.Nested(IflaInfoAttr.Data)) request.Data!(w);
        Assert.Equal(c.Hex, Convert.ToHexString(w.Written).ToLowerInvariant());
        if (c.Kind != "bond") Assert.Equal(client.Links.Get("v0").Index, request.LowerIndex);
    }

    [Theory]
    [InlineData("vlan", "v0", "id=42", "8021q")]
    [InlineData("ipvlan", "v0", "mode=l2", "ipvlan")]
    [InlineData("bond", null, "mode=active-backup", "bonding")]
    public void Creates_the_link_or_says_clearly_which_module_the_kernel_lacks(string kind, string? parent, string options, string module)
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("a");
        client.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var probe = lab.Create("probe");
        Ip.Run($"-n {probe} link add p0 type veth peer name p1");
        string[] probeArgs = parent is null ? ["-n", probe, "link", "add", "name", "k0", "type", kind] : ["-n", probe, "link", "add", "link", "p0", "name", "k0", "type", kind];
        bool kernelHasIt = Ip.Exec("ip", probeArgs).Code == 0;
        var before = Ip.Links(ns).Keys.Order(StringComparer.Ordinal).ToList();
        var spec = new LinkSpec { Name = "x0", Kind = kind, Parent = parent, Options = Parse(options) };
        if (kernelHasIt)
        {
            var link = client.Links.Create(spec);
            Assert.Equal(kind, link.Kind);
            Assert.Equal(kind, Ip.Links(ns)["x0"].GetProperty("linkinfo").GetProperty("info_kind").GetString());
            return;
        }
        var e = Fails(NetErrorKind.NotSupported, () => client.Links.Create(spec), $"'{kind}'", module);
        Assert.Equal(ErrorIds.LinkKindNotSupported, e.ErrorId);
        Assert.Equal(before, Ip.Links(ns).Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [InlineData("vlan", "v0", "", "id")]
    [InlineData("vlan", "v0", "id=0", "1 to 4094")]
    [InlineData("vlan", "v0", "id=4095", "1 to 4094")]
    [InlineData("vlan", "v0", "id=5;protocol=802.1x", "802.1Q")]
    [InlineData("vlan", null, "id=5", "parent")]
    [InlineData("ipvlan", "v0", "mode=l4", "l2, l3, l3s")]
    [InlineData("ipvlan", "v0", "flag=loud", "bridge, private, vepa")]
    [InlineData("bond", null, "mode=fastest", "active-backup")]
    [InlineData("bond", null, "ports=nosuch0", "nosuch0")]
    [InlineData("bond", null, "ports=a/b", "'/'")]
    public void Bad_options_fail_before_the_kernel_is_asked(string kind, string? parent, string options, string mention)
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("a");
        client.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var before = Ip.Links(ns).Keys.Order(StringComparer.Ordinal).ToList();
        var e = Assert.Throws<NetOperationException>(() => client.Links.Create(new LinkSpec { Name = "x0", Kind = kind, Parent = parent, Options = Parse(options) }));
        Assert.Contains(mention, e.Message);
        Assert.NotEqual(NetErrorKind.NotSupported, e.Kind); // refused by us, not by the kernel
        Assert.Equal(before, Ip.Links(ns).Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_mistyped_kind_offers_the_kind_that_was_meant()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("a");
        var e = Fails(NetErrorKind.InvalidArgument, () => client.Links.Create(new LinkSpec { Name = "x0", Kind = "brige" }), "Did you mean 'bridge'", "vlan", "ipvlan", "bond");
        Assert.Equal(ErrorIds.InvalidLinkKind, e.ErrorId);
        AssertOnlyLoopback(ns);
    }

    [Fact]
    public void The_registry_has_one_driver_per_kind_with_its_options()
    {
        var kinds = LinkKinds.All.Select(k => k.Kind).ToList();
        Assert.Equal(kinds.Distinct().Count(), kinds.Count);
        foreach (var k in new[] { "bond", "bridge", "dummy", "ifb", "ipvlan", "macvlan", "macvtap", "veth", "vlan", "vxlan" }) Assert.Contains(k, kinds);
        Assert.Equal(["id", "protocol"], LinkKinds.Find("vlan")!.OptionNames);
        Assert.Equal(["mode", "flag"], LinkKinds.Find("ipvlan")!.OptionNames);
        Assert.Equal(["mode", "miimon", "ports"], LinkKinds.Find("bond")!.OptionNames);
    }
}
