using LinuxNetPS.Bridges;
using LinuxNetPS.Errors;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Bridge VLANs (`bridge vlan`). This machine's kernel has no CONFIG_BRIDGE_VLAN_FILTERING, so what is proven here is the
/// clear refusal and that nothing is left behind; the encoding is checked against `bridge`'s bytes (NeighborGoldenTests)
/// and the filtering itself where the kernel has it (the Pester suite Neighbors.Tests.ps1 runs it when it can).
/// </summary>
public class BridgeVlanTests
{
    private static bool KernelFilters(string ns) =>
        Ip.Exec("ip", "-n", ns, "link", "add", "vfprobe", "type", "bridge", "vlan_filtering", "1").Code == 0;

    [Fact]
    public void CreateFilteringBridge_IsVlanFilteringNotSupported_OrAFilteringBridge_AndNothingHalfMade()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("vf");
        bool supported = KernelFilters(ns);
        if (supported)
        {
            var br = c.BridgeVlans.CreateFilteringBridge("vbr0", up: true);
            Assert.Equal(1, Ip.Links(ns)["vbr0"].GetProperty("linkinfo").GetProperty("info_data").GetProperty("vlan_filtering").GetInt32());
            Assert.Equal("bridge", br.Kind);
            return;
        }
        var e = Assert.Throws<NetOperationException>(() => c.BridgeVlans.CreateFilteringBridge("vbr0"));
        Assert.Equal(ErrorIds.VlanFilteringNotSupported, e.ErrorId);
        Assert.Equal(NetErrorKind.NotSupported, e.Kind);
        Assert.Contains("CONFIG_BRIDGE_VLAN_FILTERING", e.Message);
        Assert.False(Ip.Links(ns).ContainsKey("vbr0"));
    }

    [Fact]
    public void Add_OnThisKernel_FiltersOrIsRefusedClearly_AndRemoveOfAMissingVlanIsBridgeVlanNotFound()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("vl");
        Ip.Run($"-n {ns} link add br0 type bridge");
        Ip.Run($"-n {ns} link add p0 type veth peer name p1");
        Ip.Run($"-n {ns} link set p0 master br0");
        bool supported = KernelFilters(ns);
        if (supported)
        {
            var added = c.BridgeVlans.Add("p0", [(10, 10)], pvid: true, untagged: true);
            var v = Assert.Single(added);
            Assert.True(v.Pvid && v.Untagged);
            c.BridgeVlans.Remove("p0", [(10, 10)]);
        }
        else
        {
            var e = Assert.Throws<NetOperationException>(() => c.BridgeVlans.Add("p0", [(10, 20)]));
            Assert.Equal(ErrorIds.VlanFilteringNotSupported, e.ErrorId);
        }
        Assert.Equal(ErrorIds.BridgeVlanNotFound, Assert.Throws<NetOperationException>(() => c.BridgeVlans.Remove("p0", [(300, 300)])).ErrorId);
        Assert.Equal(ErrorIds.NotABridgePort, Assert.Throws<NetOperationException>(() => c.BridgeVlans.Add("p1", [(10, 10)])).ErrorId);
        Assert.Equal(ErrorIds.LinkNotFound, Assert.Throws<NetOperationException>(() => c.BridgeVlans.Add("nolink", [(10, 10)])).ErrorId);
        Assert.Equal(ErrorIds.ParameterConflict, Assert.Throws<NetOperationException>(() => c.BridgeVlans.Add("p0", [(10, 12)], pvid: true)).ErrorId);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4095")]
    [InlineData("20-10")]
    [InlineData("ten")]
    [InlineData("-5")]
    public void VlanIds_OutOfRangeOrMalformed_AreInvalidVlanId(string text) =>
        Assert.Equal(ErrorIds.InvalidVlanId, Assert.Throws<NetOperationException>(() => VlanIds.ParseRange(text)).ErrorId);

    [Fact]
    public void VlanIds_RangesMerge() =>
        Assert.Equal([(10, 22), (30, 30)], VlanIds.ParseRanges(["20-22", "10-19", "30", "12"]));
}
