using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// What Enable-, Disable- and Rename-NetAdapter share: adapters named by -Name (wildcards: every match, loopback
/// only when named) or -InterfaceIndex, changed with Set-NetLink's core call.
/// </summary>
public abstract class NetAdapterCmdlet : NamespacedCmdlet
{
    /// <summary>Interface names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName", ValueFromPipelineByPropertyName = true)]
    [Alias("ifAlias")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Interface indexes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ByIndex", ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int[] InterfaceIndex { get; set; } = [];

    /// <summary>Write the changed interfaces to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The links the parameters name; LinkNotFound (reported) for a literal name or index that is not there.</summary>
    protected IReadOnlyList<NetLink> Selected(Client.NetClient client)
    {
        if (ParameterSetName == "ByIndex") return InterfaceIndex.Select(i => client.Links.Get(i)).ToList();
        var all = client.Links.List();
        var chosen = NameFilter.Select(all.Where(l => !WindowsInterfaces.IsHidden(l) || Name.Any(n => !Wildcard.IsPattern(n))), l => l.Name, Name, out var missing);
        foreach (var m in missing)
            Report(NetOperationException.NotFound($"There is no interface '{m}' in {TargetText.Where(Namespace)}.", m).WithErrorId(ErrorIds.LinkNotFound), m);
        return chosen;
    }

    /// <summary>Applies <paramref name="changes"/> to every selected link, each asked for with ShouldProcess.</summary>
    protected void Change(LinkChanges changes)
    {
        Try(Namespace, () =>
        {
            var client = Client;
            foreach (var link in Selected(client))
                Try(link.Name, () =>
                {
                    if (!ShouldProcess(Target("link", link.Name), LinkChangeRequest.Describe(changes))) return;
                    var changed = client.Links.Set(link.Name, changes);
                    if (PassThru) WriteObject(changed);
                });
        });
    }
}
