namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>
/// ipvlan: containers share the parent's MAC; mode l2 (Docker's default), l3 or l3s (`-o ipvlan_mode=`), checked here
/// before the kernel is asked. A kernel without ipvlan (CONFIG_IPVLAN off, as on our test machines) makes
/// New-ContainerNetwork fail with NotSupported naming the kind, nothing created.
/// </summary>
internal sealed class IpvlanDriver : SubInterfaceDriver
{
    public override string Name => "ipvlan";
    public override IReadOnlyList<string> Modes => ["l2", "l3", "l3s"];
    protected override IReadOnlyDictionary<string, string> Options(string mode) => new Dictionary<string, string> { ["mode"] = mode };
}
