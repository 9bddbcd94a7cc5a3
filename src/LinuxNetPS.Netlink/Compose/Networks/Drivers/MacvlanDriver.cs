namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>macvlan: each container its own MAC on the parent; mode bridge (default), private, vepa or passthru.
/// The parent itself cannot talk to its macvlans (by design of macvlan); reach them from another host on the parent's network.</summary>
internal sealed class MacvlanDriver : SubInterfaceDriver
{
    public override string Name => "macvlan";
    public override IReadOnlyList<string> Modes => ["bridge", "private", "vepa", "passthru"];
    protected override IReadOnlyDictionary<string, string> Options(string mode) => new Dictionary<string, string> { ["mode"] = mode };
}
