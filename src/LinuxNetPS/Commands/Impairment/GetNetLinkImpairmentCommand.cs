using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetLinkImpairment: the links that have an impairment (netem or tbf root qdisc), as `tc qdisc show` reports them.</summary>
[Cmdlet(VerbsCommon.Get, "NetLinkImpairment")]
[OutputType(typeof(LinkImpairment))]
public sealed class GetNetLinkImpairmentCommand : NamespacedCmdlet
{
    /// <summary>Only these interfaces (wildcards allowed); omitted: every impaired one. A link without impairment gives nothing.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Interface { get; set; }

    protected override void ProcessRecord()
    {
        Try(Interface?.FirstOrDefault() ?? Namespace, () =>
        {
            var client = Client;
            var found = NameFilter.Select(client.Impairments.List(), i => i.Interface, Interface, out var literals);
            WriteObject(found, true);
            // A named link without impairment is no error; a name that is no link is.
            foreach (var name in literals)
                Try(name, () => client.Links.Get(name));
        });
    }
}
