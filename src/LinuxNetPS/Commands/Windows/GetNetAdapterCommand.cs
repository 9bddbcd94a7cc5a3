using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Get-NetAdapter: Windows' NetAdapter shape of Get-NetLink. Loopback is hidden (Windows has no loopback adapter)
/// unless -IncludeHidden; -Physical keeps interfaces without a kind (real devices).
/// </summary>
[Cmdlet(VerbsCommon.Get, "NetAdapter", DefaultParameterSetName = "ByName")]
[OutputType(typeof(NetLink))]
public sealed class GetNetAdapterCommand : NamespacedCmdlet, ICimSessionCmdlet
{
    /// <summary>
    /// Windows' remote computers: host names (or user@host) reached with PowerShell remoting over SSH, or open PSSessions;
    /// the command runs on each of them (with the LinuxNetPS installed there) instead of here.
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(RemoteHostCompleter))]
    public object[]? CimSession { get; set; }

    /// <summary>Interface names; wildcards allowed. Omitted: every interface.</summary>
    [Parameter(Position = 0, ParameterSetName = "ByName", ValueFromPipelineByPropertyName = true)]
    [Alias("ifAlias")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Interface names by Windows' other name for them (what InterfaceAlias holds on addresses, routes and neighbours).</summary>
    [Parameter(ParameterSetName = "ByName", ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? InterfaceAlias { get; set; }

    /// <summary>Interface indexes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ByIndex", ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int[] InterfaceIndex { get; set; } = [];

    /// <summary>Only interfaces whose InterfaceDescription (ifalias text, or the kind) matches; wildcards allowed.</summary>
    [Parameter(ParameterSetName = "ByName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? InterfaceDescription { get; set; }

    /// <summary>Only physical interfaces (no kind: not veth, bridge, vxlan ...).</summary>
    [Parameter]
    public SwitchParameter Physical { get; set; }

    /// <summary>Also the loopback interface, which Windows does not count as an adapter.</summary>
    [Parameter]
    public SwitchParameter IncludeHidden { get; set; }

    protected override void ProcessRecord()
    {
        if (RelayedToHosts()) return;
        Try(Namespace, () =>
        {
            var client = Client;
            var links = client.Links.List().AsEnumerable();
            if (ParameterSetName == "ByIndex")
            {
                foreach (var i in InterfaceIndex) client.Links.Get(i);
                links = links.Where(l => InterfaceIndex.Contains(l.Index));
            }
            else
            {
                var names = (Name ?? []).Concat(InterfaceAlias ?? []).ToList();
                if (names.Count > 0)
                {
                    links = NameFilter.Select(links, l => l.Name, names, out var missing);
                    foreach (var m in missing)
                        Report(NetOperationException.NotFound($"There is no interface '{m}' in {TargetText.Where(Namespace)}.", m).WithErrorId(ErrorIds.LinkNotFound), m);
                }
                if (InterfaceDescription is not null)
                    links = links.Where(l => InterfaceDescription.Any(d => Wildcard.Matches(d, l.InterfaceDescription)));
            }
            // A loopback named literally (-Name lo) is shown; "*" and no name keep Windows' view without it.
            bool literalHidden = (Name ?? []).Concat(InterfaceAlias ?? []).Any(n => !Wildcard.IsPattern(n)) || ParameterSetName == "ByIndex";
            links = links.Where(l => IncludeHidden || literalHidden || !WindowsInterfaces.IsHidden(l));
            if (Physical) links = links.Where(WindowsInterfaces.IsPhysical);
            WriteObject(links, true);
        });
    }
}
