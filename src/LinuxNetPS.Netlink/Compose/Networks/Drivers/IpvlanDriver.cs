namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>
/// ipvlan: containers share the parent's MAC; mode l2 (default), l3 or l3s. A kernel without ipvlan (CONFIG_IPVLAN
/// off, as on our test machines) makes New-ContainerNetwork fail with NotSupported naming the kind, nothing created.
/// The link layer has no ipvlan kind driver yet, so the kernel's default mode (l2) is what the links get; the
/// mode is validated and recorded.
/// </summary>
internal sealed class IpvlanDriver : SubInterfaceDriver
{
    public override string Name => "ipvlan";
    protected override IReadOnlyList<string> Modes => ["l2", "l3", "l3s"];
    protected override IReadOnlyDictionary<string, string> Options(string mode) => new Dictionary<string, string>();
}
