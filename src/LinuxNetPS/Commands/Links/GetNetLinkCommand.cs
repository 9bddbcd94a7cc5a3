using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetLink: lists network interfaces (`ip link show`).</summary>
[Cmdlet(VerbsCommon.Get, "NetLink")]
[OutputType(typeof(NetLink))]
public sealed class GetNetLinkCommand : NamespacedCmdlet
{
    /// <summary>Interface names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only links of this kind (veth, bridge, macvlan ...); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkKindCompleter))]
    public string? Kind { get; set; }

    /// <summary>Only links enslaved to this master (bridge).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Master { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            IEnumerable<NetLink> links = Client.Links.List();
            if (Kind is not null) links = links.Where(l => l.Kind is not null && Wildcard.Matches(Kind, l.Kind));
            if (Master is not null) links = links.Where(l => string.Equals(l.Master, Master, StringComparison.Ordinal));
            var selected = NameFilter.Select(links, l => l.Name, Name, out var missing);
            if (LinkView.IsVxlanOnly(Kind)) foreach (var link in selected) WriteObject(LinkView.Tagged(link));
            else WriteObject(selected, true);
            foreach (var name in missing)
                Report(NetOperationException.NotFound($"There is no link '{name}'{Filters()} in {TargetText.Where(Namespace)}.", name).WithErrorId(ErrorIds.LinkNotFound), name);
        });
    }

    private string Filters() =>
        (Kind is null ? "" : $" of kind '{Kind}'") + (Master is null ? "" : $" with master '{Master}'");
}
