using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Set-NetIPInterface: Windows' NetTCPIP way to change an interface's IP settings: forwarding per family
/// (net.ipv4.conf.NAME.forwarding), the MTU, and (LinuxNetPS's addition) up or down. Without -InterfaceAlias or
/// -InterfaceIndex every interface of the namespace is changed, as in Windows; each is asked for with ShouldProcess.
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetIPInterface", SupportsShouldProcess = true)]
[OutputType(typeof(NetIPInterface))]
public sealed class SetNetIPInterfaceCommand : NamespacedCmdlet
{
    /// <summary>The interfaces to change; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? InterfaceAlias { get; set; }

    /// <summary>The indexes of the interfaces to change.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int[]? InterfaceIndex { get; set; }

    /// <summary>The families whose forwarding -Forwarding changes; omitted: both. Piped NetIPInterface rows bind theirs.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public IPFamily[]? AddressFamily { get; set; }

    /// <summary>Route packets arriving on the interface to other interfaces (Enabled) or not (Disabled).</summary>
    [Parameter]
    public IPInterfaceSetting? Forwarding { get; set; }

    /// <summary>The interface's MTU in bytes (the link's, shared by both families).</summary>
    [Parameter]
    [Alias("NlMtu")]
    [ValidateRange(68, 65535)]
    public uint? NlMtuBytes { get; set; }

    /// <summary>Disabled is accepted (the kernel has no DHCP client, so it is always Disabled); Enabled is refused with SettingNotSupported.</summary>
    [Parameter]
    public IPInterfaceSetting? Dhcp { get; set; }

    /// <summary>Refused with SettingNotSupported: Linux has no interface metric; give routes a metric (New-NetRoute -RouteMetric).</summary>
    [Parameter]
    public uint? InterfaceMetric { get; set; }

    /// <summary>Connected brings the link up, Disconnected takes it down (Windows has no such parameter; Enable-/Disable-NetAdapter do the same).</summary>
    [Parameter]
    public IPConnectionState? ConnectionState { get; set; }

    /// <summary>Write the changed rows to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Dhcp == IPInterfaceSetting.Enabled)
            ThrowUsage(new NetOperationException(NetErrorKind.NotSupported,
                "-Dhcp Enabled: the Linux kernel has no DHCP client, and LinuxNetPS starts none. Give the interface an address with New-NetIPAddress.").WithErrorId(ErrorIds.SettingNotSupported));
        if (InterfaceMetric is not null)
            ThrowUsage(new NetOperationException(NetErrorKind.NotSupported,
                "-InterfaceMetric: Linux has no interface metric; a route's own metric decides. Give the routes through the interface a metric (New-NetRoute -RouteMetric, Set-NetRoute -Metric).").WithErrorId(ErrorIds.SettingNotSupported));
    }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var client = Client;
            WindowsInterfaces.RequireExisting(client, InterfaceAlias, InterfaceIndex);
            var rows = IPInterfaces.List(client)
                .Where(r => WindowsInterfaces.Matches(r.InterfaceAlias, r.InterfaceIndex, InterfaceAlias, InterfaceIndex))
                .Where(r => AddressFamily is null || AddressFamily.Contains(r.AddressFamily))
                .ToList();
            var linkChanges = new LinkChanges
            {
                Mtu = NlMtuBytes,
                Up = ConnectionState is null ? null : ConnectionState == IPConnectionState.Connected,
            };
            bool changesLink = linkChanges.Mtu is not null || linkChanges.Up is not null;
            foreach (var group in rows.GroupBy(r => r.InterfaceAlias))
                Try(group.Key, () =>
                {
                    var what = Describe(group.Select(r => r.AddressFamily).ToList(), changesLink ? LinkChangeRequest.Describe(linkChanges) : null);
                    if (what.Length == 0 || !ShouldProcess(Target("interface", group.Key), what)) return;
                    if (changesLink) client.Links.Set(group.Key, linkChanges);
                    if (Forwarding is { } on)
                        foreach (var row in group) client.Forwarding.SetInterface(row.InterfaceAlias, row.AddressFamily, on == IPInterfaceSetting.Enabled);
                    if (PassThru)
                        WriteObject(IPInterfaces.List(client).Where(r => r.InterfaceAlias == group.Key && group.Any(g => g.AddressFamily == r.AddressFamily)), true);
                });
        });
    }

    private string Describe(IReadOnlyList<IPFamily> families, string? linkChange)
    {
        var parts = new List<string>();
        if (linkChange is not null) parts.Add(linkChange);
        if (Forwarding is { } on) parts.Add($"{(on == IPInterfaceSetting.Enabled ? "Enable" : "Disable")} {string.Join(" and ", families)} forwarding");
        return string.Join("; ", parts);
    }
}
